import Anthropic from '@anthropic-ai/sdk'
import type { FetchLike } from '../sources/http.js'
import {
  type ModelProposal,
  ModelProposalSchema,
  REPORT_TOOL_NAME,
  reportTool,
} from './model-proposal.js'

/** The default model of the analysis pass. */
export const DEFAULT_CLAUDE_MODEL = 'claude-haiku-4-5-20251001'

/** Attempts before giving up (each attempt is one conversation, retried with backoff). */
export const MAX_CLAUDE_ATTEMPTS = 3

/** Options of {@link askClaude}. */
export interface AskClaudeOptions {
  apiKey: string
  model?: string
  /** Allow `web_search_20250305` (max 5 uses) when the files are not enough. Default true. */
  webSearch?: boolean
  fetch?: FetchLike
  baseUrl?: string
  /** Waits between attempts; default a real timer. */
  sleep?: (ms: number) => Promise<void>
  /** Jitter source in [0, 1); default `Math.random`. */
  random?: () => number
  signal?: AbortSignal
}

/** What {@link askClaude} ends with: a validated proposal, or why there is none. */
export type AskClaudeResult =
  | { ok: true; proposal: ModelProposal; searched: boolean }
  | { ok: false; reason: string; attempts: number }

/** The model answered without a valid report: retried like an overload. */
class NoValidReportError extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'NoValidReportError'
  }
}

type Message = Anthropic.Messages.Message
type MessageParam = Anthropic.Messages.MessageParam
type ToolUnion = Anthropic.Messages.ToolUnion

const MAX_TURNS = 4
const MAX_BACKOFF_MS = 30_000

function reportOf(message: Message): ModelProposal | undefined {
  const block = message.content.find((b) => b.type === 'tool_use' && b.name === REPORT_TOOL_NAME)
  if (block?.type !== 'tool_use') return undefined
  const parsed = ModelProposalSchema.safeParse(block.input)
  if (!parsed.success) throw new NoValidReportError('the model answer failed schema validation')
  return parsed.data
}

function retryable(err: unknown): boolean {
  if (err instanceof NoValidReportError) return true
  if (err instanceof Anthropic.APIConnectionError) return true
  if (err instanceof Anthropic.APIError) {
    const s = err.status ?? 0
    return s === 408 || s === 409 || s === 429 || s === 529 || s >= 500
  }
  return false
}

/** A secret-free description of a failure: status and error type, never the request. */
function describe(err: unknown): string {
  if (err instanceof NoValidReportError) return err.message
  if (err instanceof Anthropic.APIConnectionError) return 'the Anthropic API could not be reached'
  if (err instanceof Anthropic.APIError) {
    const type = (err.error as { error?: { type?: string } } | undefined)?.error?.type
    return `the Anthropic API answered ${err.status ?? 'no status'}${type ? ` (${type})` : ''}`
  }
  return 'unexpected error calling the Anthropic API'
}

function retryAfterMs(err: unknown): number | undefined {
  if (!(err instanceof Anthropic.APIError) || !err.headers) return undefined
  const value = Number(err.headers.get('retry-after') ?? Number.NaN)
  return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined
}

/**
 * Asks Claude for a deployment config proposal: a forced `report_deployment_config` call over
 * the prompt; when the model says the files are not enough and web search is allowed, a second
 * conversation with `web_search_20250305` (`max_uses: 5`) that continues through `pause_turn`
 * and ends with the report. Overloads (529), rate limits (429), 5xx, network errors and
 * invalid answers are retried with exponential backoff and jitter (honouring `retry-after`),
 * up to {@link MAX_CLAUDE_ATTEMPTS} attempts. Never throws for API failures: returns why.
 */
export async function askClaude(
  system: string,
  prompt: string,
  opts: AskClaudeOptions,
): Promise<AskClaudeResult> {
  const client = new Anthropic({
    apiKey: opts.apiKey,
    maxRetries: 0,
    ...(opts.baseUrl ? { baseURL: opts.baseUrl } : {}),
    ...(opts.fetch ? { fetch: opts.fetch as typeof fetch } : {}),
  })
  const model = opts.model ?? DEFAULT_CLAUDE_MODEL
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const random = opts.random ?? Math.random
  const report = reportTool()
  const create = (messages: MessageParam[], tools: ToolUnion[], force: boolean) =>
    client.messages.create(
      {
        model,
        max_tokens: 4096,
        system,
        messages,
        tools,
        tool_choice: force ? { type: 'tool', name: REPORT_TOOL_NAME } : { type: 'auto' },
      },
      opts.signal ? { signal: opts.signal } : undefined,
    )

  const conversation = async (): Promise<{ proposal: ModelProposal; searched: boolean }> => {
    const first = await create([{ role: 'user', content: prompt }], [report], true)
    const proposal = reportOf(first)
    if (!proposal) throw new NoValidReportError('the model did not call the report tool')
    if (!proposal.needs_web_search || opts.webSearch === false) return { proposal, searched: false }
    const searched = await searchConversation().catch(() => undefined)
    return searched ? { proposal: searched, searched: true } : { proposal, searched: false }
  }

  const searchConversation = async (): Promise<ModelProposal | undefined> => {
    const tools: ToolUnion[] = [
      report,
      { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
    ]
    const messages: MessageParam[] = [
      {
        role: 'user',
        content: `${prompt}\n\nThe files were not enough: search the web for this package's documentation, then call ${REPORT_TOOL_NAME}.`,
      },
    ]
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      const last = turn === MAX_TURNS - 1
      const res = await create(messages, tools, last)
      const found = reportOf(res)
      if (found) return found
      messages.push({ role: 'assistant', content: res.content })
      // pause_turn: the server paused a long turn; sending its content back lets it continue.
      if (res.stop_reason !== 'pause_turn') {
        messages.push({ role: 'user', content: `Now call ${REPORT_TOOL_NAME} with your findings.` })
      }
    }
    return undefined
  }

  let reason = 'no attempt made'
  for (let attempt = 1; attempt <= MAX_CLAUDE_ATTEMPTS; attempt++) {
    try {
      return { ok: true, ...(await conversation()) }
    } catch (err) {
      if (opts.signal?.aborted) throw err
      reason = describe(err)
      if (!retryable(err)) return { ok: false, reason, attempts: attempt }
      if (attempt < MAX_CLAUDE_ATTEMPTS) {
        const backoff = 1000 * 2 ** (attempt - 1) * (1 + random() / 2)
        await sleep(Math.min(MAX_BACKOFF_MS, Math.max(backoff, retryAfterMs(err) ?? 0)))
      }
    }
  }
  return { ok: false, reason, attempts: MAX_CLAUDE_ATTEMPTS }
}
