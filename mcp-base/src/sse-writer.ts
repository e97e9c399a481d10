import type { ServerResponse } from 'node:http'

/** Headers of every event-stream response the bridge sends. */
export const EVENT_STREAM_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const

/** An SSE comment: clients ignore it, proxies see the connection is alive. */
export const KEEP_ALIVE = ': keepalive\n\n'

/** One SSE `message` event carrying `json` (already serialized, single line). */
export function messageEvent(json: string): string {
  return `event: message\ndata: ${json}\n\n`
}

/**
 * Writes `: keepalive` comments on an open event stream every `intervalMs` (0 disables), so
 * proxies and load balancers don't cut it for idling. Returns a function that stops them.
 */
export function keepAlive(res: ServerResponse, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => {}
  const timer = setInterval(() => {
    if (!res.writableEnded && !res.destroyed) res.write(KEEP_ALIVE)
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
