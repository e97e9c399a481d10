import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** What LocalRuntime records of a bridge process, so a restarted platform can find it. */
export interface ProcessRecord {
  deploymentId: string
  pid: number
  port: number
  startedAt: number
}

/** Pid files under a directory: one JSON file per deployment. No secrets are written. */
export class ProcessStateDir {
  constructor(readonly dir: string) {}

  private file(deploymentId: string): string {
    return join(this.dir, `${deploymentId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`)
  }

  async write(record: ProcessRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    await writeFile(this.file(record.deploymentId), JSON.stringify(record), { mode: 0o600 })
  }

  async remove(deploymentId: string): Promise<void> {
    await rm(this.file(deploymentId), { force: true })
  }

  async readAll(): Promise<ProcessRecord[]> {
    let names: string[]
    try {
      names = await readdir(this.dir)
    } catch {
      return []
    }
    const records: ProcessRecord[] = []
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      try {
        const parsed: unknown = JSON.parse(await readFile(join(this.dir, name), 'utf8'))
        if (isRecord(parsed)) records.push(parsed)
      } catch {
        // a torn write from a crash: ignore, the reconciler restarts what it needs
      }
    }
    return records
  }
}

function isRecord(value: unknown): value is ProcessRecord {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.deploymentId === 'string' &&
    typeof v.pid === 'number' &&
    typeof v.port === 'number' &&
    typeof v.startedAt === 'number'
  )
}
