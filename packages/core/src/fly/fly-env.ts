import { DEFAULT_FLY_API_HOSTNAME } from './fly-transport.js'

/** Fly settings read from the environment. */
export interface FlyEnv {
  /** `FLY_API_TOKEN`. */
  token: string
  /** `FLY_ORG`: the organization slug apps are created in. */
  org: string
  /** `FLY_API_HOSTNAME`, default `https://api.machines.dev`. */
  baseUrl: string
}

/**
 * Reads `FLY_API_TOKEN`, `FLY_ORG` and `FLY_API_HOSTNAME`; undefined when the token or the
 * organization is missing or empty (Fly is then simply not configured).
 */
export function readFlyEnv(env: Readonly<Record<string, string | undefined>>): FlyEnv | undefined {
  const token = env.FLY_API_TOKEN?.trim()
  const org = env.FLY_ORG?.trim()
  if (!token || !org) return undefined
  const baseUrl = env.FLY_API_HOSTNAME?.trim() || DEFAULT_FLY_API_HOSTNAME
  return { token, org, baseUrl }
}
