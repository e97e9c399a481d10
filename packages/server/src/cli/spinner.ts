import type { OutStream } from './cli-io.js'

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

/**
 * A one-line progress indicator on standard error. It draws only on a terminal; elsewhere (CI,
 * pipes, `--json`) it stays silent so output is clean to parse.
 */
export class Spinner {
  readonly #out: OutStream
  readonly #enabled: boolean
  #text = ''
  #frame = 0
  #timer: NodeJS.Timeout | undefined

  constructor(out: OutStream, enabled = out.isTTY === true) {
    this.#out = out
    this.#enabled = enabled
  }

  /** Shows `text` with a turning frame. */
  start(text: string): this {
    this.#text = text
    if (!this.#enabled || this.#timer) return this
    this.#draw()
    this.#timer = setInterval(() => this.#draw(), 80)
    this.#timer.unref()
    return this
  }

  /** Replaces the text. */
  update(text: string): void {
    this.#text = text
  }

  /** Clears the line, then prints `finalLine` if given (on a terminal). */
  stop(finalLine?: string): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
    if (!this.#enabled) return
    this.#out.write('\r\x1b[2K')
    if (finalLine) this.#out.write(`${finalLine}\n`)
  }

  #draw(): void {
    this.#frame = (this.#frame + 1) % FRAMES.length
    this.#out.write(`\r\x1b[2K${FRAMES[this.#frame]} ${this.#text}`)
  }
}
