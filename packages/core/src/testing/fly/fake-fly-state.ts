import { createHash } from 'node:crypto'
import type { FakeMachine } from './fake-machine.js'

/** An IP address assigned to a fake app. */
export interface FakeIp {
  ip: string
  type: string
  shared: boolean
  region: string
  createdAt: number
}

/** A fake app secret: the value is kept so tests can check what a Machine would see. */
export interface FakeSecret {
  value: string
  digest: string
  createdAt: number
  updatedAt: number
}

/** A fake Fly app. */
export interface FakeApp {
  id: string
  name: string
  org: string
  network: string
  createdAt: number
  idempotencyKey: string | undefined
  ips: FakeIp[]
  secrets: Map<string, FakeSecret>
  secretsVersion: number
  machines: Map<string, FakeMachine>
}

/** Everything the fake Fly holds. */
export class FakeFlyState {
  readonly apps = new Map<string, FakeApp>()
  #serial = 0

  /** Organizations the token may use. */
  constructor(readonly orgs: ReadonlySet<string>) {}

  /** A fresh number for ids. */
  serial(): number {
    this.#serial += 1
    return this.#serial
  }

  /** The app named `name` if the token can see it (its organization is one of {@link orgs}). */
  visibleApp(name: string): FakeApp | undefined {
    const app = this.apps.get(name)
    return app && this.orgs.has(app.org) ? app : undefined
  }

  /** A 14-hex-digit Machine id, like Fly's. */
  machineId(): string {
    return (0x3d8d9e1a000000 + this.serial()).toString(16)
  }

  /** A 26-character version id (ULID-shaped). */
  versionId(): string {
    return `01JFAKE${String(this.serial()).padStart(19, '0')}`
  }
}

/** A digest of a secret value, as Fly reports one (never the value). */
export function secretDigest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16)
}
