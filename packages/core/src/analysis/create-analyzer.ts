import { InvalidSourceError } from '../errors/index.js'
import type { AnalysisResult, AnalyzeOptions, Analyzer } from './analysis-result.js'
import { analyzeTree } from './analyze-tree.js'
import { type ClaudeOptions, refineWithClaude } from './claude/refine-with-claude.js'
import { parseSource } from './source-spec.js'
import type { FetchLike } from './sources/http.js'
import { readSource } from './sources/read-source.js'
import type { SourceLimits } from './sources/source-tree.js'

/** Options of {@link createAnalyzer}. Everything is optional: the defaults analyse offline-first. */
export interface AnalyzerOptions {
  /** Raises GitHub's rate limits and reads private repositories (`GITHUB_TOKEN`). */
  githubToken?: string
  /** Enables the model pass (`ANTHROPIC_API_KEY`); without it the static result stands alone. */
  anthropicApiKey?: string
  /** Default `claude-haiku-4-5-20251001`. */
  model?: string
  /** Let the model search the web when the files are not enough. Default true. */
  webSearch?: boolean
  /** The fetch used for GitHub, npm and Anthropic (tests pass one msw intercepts). */
  fetch?: FetchLike
  /** Default `https://api.github.com`. */
  githubApiUrl?: string
  /** Default `https://registry.npmjs.org`. */
  npmRegistryUrl?: string
  /** Default `https://api.anthropic.com`. */
  anthropicBaseUrl?: string
  limits?: Partial<SourceLimits>
  /** Per-request timeout for GitHub and npm, in ms. Default 30 000. */
  timeoutMs?: number
  /** Waits between model retries; tests pass one that does not sleep. */
  sleep?: (ms: number) => Promise<void>
  /** Accept local directory sources. Default true; a server facing the network sets false. */
  allowLocal?: boolean
  /** Resolves relative local paths. Default `process.cwd()`. */
  cwd?: string
}

/**
 * Creates an {@link Analyzer}: reads a source (GitHub URL, `npm:<pkg>[@version]`, local
 * directory), runs the static detectors, merges their findings under the precedence
 * manifest > README > code > model, and — only with `anthropicApiKey` and when static
 * analysis left gaps or conflicts — asks Claude to fill them. Pure analysis: no store, no
 * cache (wrap it with `withAnalysisCache`).
 *
 * Throws `InvalidSourceError` for a source it cannot read (bad URL, missing repository or
 * package) and `SourceUnavailableError` (`upstream_error`, `retryAllowed` on rate limits and
 * 5xx) when GitHub or npm fail; otherwise returns `complete`, `partial` or `failed`.
 * @example
 * ```ts
 * const analyzer = createAnalyzer({ githubToken: process.env.GITHUB_TOKEN })
 * const result = await analyzer.analyze('npm:@modelcontextprotocol/server-everything')
 * console.log(result.status, result.config?.run_command)
 * ```
 */
export function createAnalyzer(opts: AnalyzerOptions = {}): Analyzer {
  return {
    async analyze(source: string, analyzeOpts: AnalyzeOptions = {}): Promise<AnalysisResult> {
      const spec = parseSource(source, opts.cwd ? { cwd: opts.cwd } : {})
      if (spec.kind === 'local' && opts.allowLocal === false) {
        throw new InvalidSourceError('local directories are not accepted here', { kind: 'local' })
      }
      const tree = await readSource(spec, {
        ...(opts.githubToken ? { githubToken: opts.githubToken } : {}),
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
        ...(opts.githubApiUrl ? { githubApiUrl: opts.githubApiUrl } : {}),
        ...(opts.npmRegistryUrl ? { npmRegistryUrl: opts.npmRegistryUrl } : {}),
        ...(opts.limits ? { limits: opts.limits } : {}),
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
        ...(analyzeOpts.signal ? { signal: analyzeOpts.signal } : {}),
      })
      let stat: ReturnType<typeof analyzeTree>
      try {
        stat = analyzeTree(spec, tree)
      } catch {
        // A detector bug must not crash the caller: report it as a failed analysis.
        return {
          status: 'failed',
          config: null,
          evidence: [],
          warnings: ['internal error while analysing the files'],
        }
      }
      if (!opts.anthropicApiKey) return stat.result
      const claude: ClaudeOptions = {
        apiKey: opts.anthropicApiKey,
        ...(opts.model ? { model: opts.model } : {}),
        ...(opts.webSearch !== undefined ? { webSearch: opts.webSearch } : {}),
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
        ...(opts.anthropicBaseUrl ? { baseUrl: opts.anthropicBaseUrl } : {}),
        ...(opts.sleep ? { sleep: opts.sleep } : {}),
        ...(analyzeOpts.signal ? { signal: analyzeOpts.signal } : {}),
      }
      return refineWithClaude(spec, tree, stat, claude)
    },
  }
}
