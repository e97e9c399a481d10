import type { CliIo } from './cli-io.js'
import { InterruptedError } from './interrupt.js'

/**
 * Reads one line from the terminal. With `hidden`, nothing is echoed (for secrets): the terminal
 * is put in raw mode and restored afterwards. Ctrl-C rejects with an `InterruptedError`.
 */
export function prompt(
  io: CliIo,
  question: string,
  opts: { hidden?: boolean } = {},
): Promise<string> {
  const { stdin, stderr } = io
  stderr.write(question)
  return new Promise((resolve, reject) => {
    let value = ''
    const raw = stdin.isTTY === true && typeof stdin.setRawMode === 'function'
    const finish = (err?: Error) => {
      stdin.off('data', onData)
      if (raw) stdin.setRawMode?.(false)
      stdin.pause()
      stderr.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (chunk: string | Buffer) => {
      for (const ch of String(chunk)) {
        if (ch === '\u0003') return finish(new InterruptedError())
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish()
        if (ch === '\u007f' || ch === '\b') {
          if (value.length > 0 && !opts.hidden) stderr.write('\b \b')
          value = value.slice(0, -1)
        } else if (ch >= ' ') {
          value += ch
          if (!opts.hidden) stderr.write(ch)
        }
      }
    }
    if (raw) stdin.setRawMode?.(true)
    stdin.setEncoding('utf8')
    stdin.on('data', onData)
    stdin.resume()
  })
}

/** Asks a yes/no question; only `y` or `yes` is yes. */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  const answer = await prompt(io, `${question} [y/N] `)
  return /^y(es)?$/i.test(answer.trim())
}
