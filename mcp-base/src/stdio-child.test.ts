import { describe, expect, it } from 'vitest'
import { LineSplitter } from './stdio-child.js'

describe('LineSplitter', () => {
  it('joins lines split across chunks and drops carriage returns', () => {
    const lines: string[] = []
    const splitter = new LineSplitter()
    for (const chunk of ['{"a":', '1}\n{"b"', ':2}\r\n\n{"c":3}\n{"d"']) {
      splitter.push(chunk, (line) => lines.push(line))
    }
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}'])
  })
})
