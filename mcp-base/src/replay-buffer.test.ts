import { describe, expect, it } from 'vitest'
import { eventId, parseEventId, ReplayBuffer } from './replay-buffer.js'

/** The ids of SSE frames, in order. */
function ids(frames: string[]): string[] {
  return frames.map((frame) => /\nid: (\S+)\n/.exec(frame)?.[1] ?? '?')
}

describe('event ids', () => {
  it('round-trips a stream and a sequence number', () => {
    expect(eventId(3, 41)).toBe('3-41')
    expect(parseEventId('3-41')).toEqual({ stream: 3, seq: 41 })
  })

  it.each(['', 'garbage', '3', '3-', '-4', '3-4-5', '1e3-4', ' 3-4', `${'9'.repeat(16)}-1`])(
    'refuses %j',
    (id) => {
      expect(parseEventId(id)).toBeUndefined()
    },
  )
})

describe('ReplayBuffer', () => {
  it('frames an event with its id and replays only the stream asked for, after the cursor', () => {
    const buffer = new ReplayBuffer()
    const first = buffer.append(1, '{"a":1}')
    expect(first).toBe('event: message\nid: 1-1\ndata: {"a":1}\n\n')
    buffer.append(2, '{"b":1}')
    buffer.append(1, '{"a":2}')
    buffer.append(1, '{"a":3}')
    const replay = buffer.after({ stream: 1, seq: 1 })
    expect(ids(replay.frames)).toEqual(['1-3', '1-4'])
    expect(replay.gap).toBe(false)
    expect(buffer.after({ stream: 1, seq: 4 })).toEqual({ frames: [], gap: false })
    expect(buffer.after({ stream: 9, seq: 0 })).toEqual({ frames: [], gap: false })
  })

  it('numbers events across streams, so ids are unique in the session', () => {
    const buffer = new ReplayBuffer()
    expect(buffer.reserve()).toBe(1)
    expect(buffer.append(1, '{}')).toContain('id: 1-2\n')
    expect(buffer.append(2, '{}')).toContain('id: 2-3\n')
  })

  it('keeps at most maxEvents, dropping the oldest, and reports the gap', () => {
    const buffer = new ReplayBuffer({ maxEvents: 2, maxBytes: 1_000_000 })
    for (let i = 0; i < 5; i++) buffer.append(1, `{"i":${i}}`)
    expect(buffer.size).toBe(2)
    const replay = buffer.after({ stream: 1, seq: 1 })
    expect(ids(replay.frames)).toEqual(['1-4', '1-5'])
    expect(replay.gap).toBe(true)
    expect(buffer.after({ stream: 1, seq: 3 }).gap).toBe(false)
  })

  it('keeps at most maxBytes, and never keeps an event larger than that', () => {
    const frameBytes = Buffer.byteLength(new ReplayBuffer().append(1, '"xxxxxxxx"'))
    const buffer = new ReplayBuffer({ maxEvents: 100, maxBytes: frameBytes * 2 })
    for (let i = 0; i < 3; i++) buffer.append(1, '"xxxxxxxx"')
    expect(buffer.size).toBe(2)
    expect(buffer.bytes).toBeLessThanOrEqual(frameBytes * 2)
    const big = buffer.append(1, `"${'y'.repeat(frameBytes * 2)}"`)
    expect(big).toContain('yyyy')
    expect(buffer.size).toBe(2)
    expect(buffer.after({ stream: 1, seq: 3 })).toEqual({ frames: [], gap: true })
  })

  it('counts bytes, not characters', () => {
    const buffer = new ReplayBuffer({ maxEvents: 100, maxBytes: 1_000_000 })
    const frame = buffer.append(1, '"é"')
    expect(buffer.bytes).toBe(frame.length + 1)
  })

  it('keeps nothing with maxEvents 0, and still frames events', () => {
    const buffer = new ReplayBuffer({ maxEvents: 0, maxBytes: 1_000_000 })
    expect(buffer.append(1, '{}')).toContain('id: 1-1\n')
    expect(buffer.size).toBe(0)
  })
})
