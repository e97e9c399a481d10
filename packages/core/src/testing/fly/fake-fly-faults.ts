/**
 * A failure the fake Fly plays instead of (or after) handling a request.
 *
 * - `status`: answer with this HTTP status and an `ErrorResponse` body (`error`, and Fly's
 *   `status` code when `flyStatus` is set), with `Retry-After` when `retryAfter` is set; the
 *   request has no effect.
 * - `reset`: the connection drops before the server acts (msw `HttpResponse.error()`).
 * - `lost_response`: the server acts, then the connection drops: the client cannot know.
 * - `wait_timeout`: `Machines_wait` answers 408 after blocking its whole `timeout`.
 */
export type FakeFault =
  | { kind: 'status'; status: number; error?: string; flyStatus?: string; retryAfter?: string }
  | { kind: 'reset' }
  | { kind: 'lost_response' }
  | { kind: 'wait_timeout' }

/** Ready-made faults for {@link FakeFly.inject}. */
export const faults = {
  /** 429 Too Many Requests, with `Retry-After: <seconds>` when given. */
  rateLimited(retryAfterSeconds?: number): FakeFault {
    return {
      kind: 'status',
      status: 429,
      error: 'rate limit exceeded',
      ...(retryAfterSeconds === undefined ? {} : { retryAfter: String(retryAfterSeconds) }),
    }
  },
  /** A 5xx answer (default 500). */
  serverError(status: 500 | 502 | 503 | 504 = 500): FakeFault {
    return { kind: 'status', status, error: 'internal error' }
  },
  /** The connection resets before the request is handled. */
  connectionReset(): FakeFault {
    return { kind: 'reset' }
  },
  /** The request is handled but its response never arrives. */
  lostResponse(): FakeFault {
    return { kind: 'lost_response' }
  },
  /** `Machines_wait` times out with 408. */
  waitTimeout(): FakeFault {
    return { kind: 'wait_timeout' }
  },
  /** 422 with Fly's `name_taken` status. */
  nameTaken(): FakeFault {
    return {
      kind: 'status',
      status: 422,
      error: 'Validation failed: Name has already been taken',
      flyStatus: 'name_taken',
    }
  },
  /** Fly has no room for the Machine in the region (`insufficient_capacity`, 412). */
  insufficientCapacity(): FakeFault {
    return {
      kind: 'status',
      status: 412,
      error: 'insufficient resources available to fulfill request',
      flyStatus: 'insufficient_capacity',
    }
  },
} as const
