/** How a fake Machine behaves when it boots (on create, start, restart or update). */
export interface BootPlan {
  /** Time from `starting` to the outcome, ms (default 1 500). */
  bootMs?: number
  /** `started` (default), `failed` (the main process cannot run) or `stuck` (never leaves `starting`). */
  outcome?: 'started' | 'failed' | 'stuck'
  /** What its service checks report once started (default `passing`). */
  checks?: 'passing' | 'critical'
  /** Time from `started` to checks passing, ms (default 500). */
  checksDelayMs?: number
}

/** One step of a Machine's life: it is in `state` from `at` (virtual ms) on. */
export interface TimelineEntry {
  state: string
  at: number
}

/** A fake Machine: its config as sent and a timeline of states on the virtual clock. */
export interface FakeMachine {
  id: string
  name: string
  app: string
  region: string
  config: Record<string, unknown>
  minSecretsVersion: number | undefined
  version: string
  createdAt: number
  updatedAt: number
  timeline: TimelineEntry[]
  plan: Required<BootPlan>
  lease: { nonce: string; expiresAt: number; owner: string; description: string } | undefined
}

/** Default boot behaviour. */
export const DEFAULT_BOOT_PLAN: Required<BootPlan> = {
  bootMs: 1_500,
  outcome: 'started',
  checks: 'passing',
  checksDelayMs: 500,
}

const STOP_MS = 500
const DESTROY_MS = 200

/** The state at `now`: the last timeline entry that has begun. */
export function stateAt(m: FakeMachine, now: number): string {
  let state = m.timeline[0]?.state ?? 'created'
  for (const e of m.timeline) if (e.at <= now) state = e.state
  return state
}

/** When the current state began. */
export function stateSince(m: FakeMachine, now: number): number {
  let since = m.timeline[0]?.at ?? m.createdAt
  for (const e of m.timeline) if (e.at <= now) since = e.at
  return since
}

/** Drops steps that have not happened yet: an action replaces the planned future. */
function cut(m: FakeMachine, now: number): void {
  m.timeline = m.timeline.filter((e) => e.at <= now)
}

/** Schedules a boot from `at`: `starting`, then the plan's outcome. */
export function scheduleBoot(m: FakeMachine, at: number, plan: Required<BootPlan>): void {
  m.plan = plan
  m.timeline.push({ state: 'starting', at })
  if (plan.outcome !== 'stuck') m.timeline.push({ state: plan.outcome, at: at + plan.bootMs })
}

/** Stops now: `stopping`, then `stopped`. Returns when it will be stopped. */
export function scheduleStop(m: FakeMachine, now: number): number {
  cut(m, now)
  m.timeline.push({ state: 'stopping', at: now }, { state: 'stopped', at: now + STOP_MS })
  return now + STOP_MS
}

/** Suspends now: `suspending`, then `suspended`. */
export function scheduleSuspend(m: FakeMachine, now: number): void {
  cut(m, now)
  m.timeline.push({ state: 'suspending', at: now }, { state: 'suspended', at: now + STOP_MS })
}

/** Boots now (after cutting the planned future). */
export function scheduleStart(m: FakeMachine, now: number, plan: Required<BootPlan>): void {
  cut(m, now)
  scheduleBoot(m, now, plan)
}

/** Destroys now: `destroying`, then `destroyed`. */
export function scheduleDestroy(m: FakeMachine, now: number): void {
  cut(m, now)
  m.timeline.push({ state: 'destroying', at: now }, { state: 'destroyed', at: now + DESTROY_MS })
}

/** The first time at or after `now` (and before `until`) the Machine is in one of `states`. */
export function reachesAt(
  m: FakeMachine,
  states: ReadonlySet<string>,
  now: number,
  until: number,
): number | undefined {
  if (states.has(stateAt(m, now))) return now
  for (const e of m.timeline) {
    if (e.at > now && e.at <= until && states.has(e.state)) return e.at
  }
  return undefined
}

/** True when the Machine counts as running (`started`) or on its way (`created`, `starting`). */
export function isActive(state: string): boolean {
  return state === 'started' || state === 'starting' || state === 'created'
}
