import { describe, expect, it } from 'vitest'
import { type DroppedLine, LineSplitter, StdioChild } from './stdio-child.js'

/** Feeds `chunks` and records what comes out: lines, and overflow parts with their flags. */
function split(chunks: string[], maxLength?: number) {
  const lines: string[] = []
  const overflow: Array<[part: string, end: boolean, length: number]> = []
  const splitter = new LineSplitter(maxLength)
  for (const chunk of chunks) {
    splitter.push(chunk, {
      line: (line) => lines.push(line),
      overflow: (part, end, length) => overflow.push([part, end, length]),
    })
  }
  return { lines, overflow }
}

describe('LineSplitter', () => {
  it('joins lines split across chunks and drops carriage returns', () => {
    const { lines } = split(['{"a":', '1}\n{"b"', ':2}\r\n\n{"c":3}\n{"d"'])
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}'])
  })

  it('streams a line over the limit to overflow, never holding it, and goes on after it', () => {
    const { lines, overflow } = split(['ok\nabc', 'def', 'ghi', 'jk\nnext\n'], 5)
    expect(lines).toEqual(['ok', 'next'])
    // The first part holds what was buffered; later parts are each chunk's share, as they come.
    expect(overflow).toEqual([
      ['abcdef', false, 6],
      ['ghi', false, 9],
      ['jk', true, 11],
    ])
  })

  it('hands a complete line over the limit as one part', () => {
    const { lines, overflow } = split(['short\n0123456789\nend\n'], 5)
    expect(lines).toEqual(['short', 'end'])
    expect(overflow).toEqual([['0123456789', true, 10]])
  })

  it('keeps at most the limit plus one chunk, however long a line runs', () => {
    const chunk = 'x'.repeat(1000)
    const { lines, overflow } = split([...Array.from({ length: 200 }, () => chunk), '\n{}\n'], 4096)
    expect(lines).toEqual(['{}'])
    expect(Math.max(...overflow.map(([part]) => part.length))).toBeLessThanOrEqual(4096 + 1000)
    expect(overflow.at(-1)).toEqual(['', true, 200_000])
  })
})

describe('StdioChild', () => {
  it('reports a message whose routing threw instead of letting the exception out', async () => {
    const dropped: DroppedLine[] = []
    const delivered: unknown[] = []
    await new Promise<void>((resolve) => {
      new StdioChild({
        argv: [
          process.execPath,
          '-e',
          'console.log(JSON.stringify({jsonrpc:"2.0",id:5,result:{}}));console.log(JSON.stringify({jsonrpc:"2.0",id:6,result:{}}))',
        ],
        env: { PATH: process.env.PATH ?? '' },
        onMessage: (message) => {
          delivered.push(message.id)
          if (message.id === 5) throw new RangeError('Maximum call stack size exceeded')
        },
        onOutput: () => {},
        onDropped: (drop) => dropped.push(drop),
        onExit: () => resolve(),
      })
    })
    expect(delivered).toEqual([5, 6])
    expect(dropped).toEqual([
      { reason: 'failed', length: 36, id: 5, hasMethod: false, error: expect.any(RangeError) },
    ])
  })
})
