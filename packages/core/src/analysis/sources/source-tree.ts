/** Size caps applied while reading a source. */
export interface SourceLimits {
  /** Most files kept (manifests and READMEs at the root always fit). Default 2000. */
  maxFiles: number
  /** Largest file kept, in bytes. Default 4 MiB (bundled servers ship one big file). */
  maxFileBytes: number
  /** Most bytes kept over all files. Default 32 MiB. */
  maxTotalBytes: number
  /** Largest archive downloaded, in bytes (compressed). Default 64 MiB. */
  maxArchiveBytes: number
  /** Most bytes an archive may unpack to. Default 256 MiB. */
  maxUnpackedBytes: number
}

/** The default {@link SourceLimits}. */
export const DEFAULT_SOURCE_LIMITS: Readonly<SourceLimits> = Object.freeze({
  maxFiles: 2000,
  maxFileBytes: 4 * 1024 * 1024,
  maxTotalBytes: 32 * 1024 * 1024,
  maxArchiveBytes: 64 * 1024 * 1024,
  maxUnpackedBytes: 256 * 1024 * 1024,
})

/** What reading a source left out, by reason. */
export interface SkippedCounts {
  binary: number
  tooLarge: number
  overLimit: number
}

/** The files of a source that analysis reads, as text, by relative POSIX path. */
export interface SourceTree {
  /** Relative path (no leading `./`) → UTF-8 text. */
  files: Map<string, string>
  /** The package version the source resolved to (npm), when known. */
  resolvedVersion: string | undefined
  skipped: SkippedCounts
  /** Files that would have been read but were not, because of a cap or a fallback. */
  truncated: boolean
  /** Secret-free remarks on how the files were read. */
  warnings: string[]
}

const IGNORED_DIRS = new Set([
  'node_modules',
  '.git',
  '.github',
  'test',
  'tests',
  '__tests__',
  '__mocks__',
  'spec',
  'e2e',
  'fixtures',
  'examples',
  'example',
  'docs',
  'scripts',
  'coverage',
  'benchmark',
  'benchmarks',
  'bench',
  '.venv',
  'venv',
  'site-packages',
  '__pycache__',
  '.next',
  '.turbo',
])
const CODE_EXT = /\.(?:[cm]?js|[cm]?ts|py)$/i
const NOT_CODE = /(?:\.d\.[cm]?ts|\.min\.js|\.(?:test|spec)\.[cm]?[jt]s|_test\.py|\.map)$/i
const MANIFESTS = new Set([
  'package.json',
  'server.json',
  'smithery.yaml',
  'smithery.yml',
  'pyproject.toml',
  '.env.example',
  '.env.sample',
  '.env.template',
  'env.example',
])
const README = /^readme(?:\.(?:md|markdown|mdx|rst|txt))?$/i
const BINARY_EXT =
  /\.(?:node|exe|dll|so|dylib|wasm|jar|bin|o|a|lib|png|jpe?g|gif|ico|webp|pdf|zip|gz|tgz|br|woff2?|ttf|otf|mp[34]|pyc|whl)$/i

/** Kinds of files analysis keeps. */
export type FileRole = 'manifest' | 'readme' | 'code'

/**
 * Which role a path plays, or `undefined` when analysis ignores it: dependencies, tests,
 * examples, docs and build scripts are ignored, as are type declarations and source maps.
 */
export function fileRole(path: string): FileRole | undefined {
  const parts = path.split('/')
  const base = parts[parts.length - 1] ?? ''
  if (parts.slice(0, -1).some(isIgnoredDir)) return undefined
  if (MANIFESTS.has(base.toLowerCase())) return 'manifest'
  if (README.test(base)) return 'readme'
  if (CODE_EXT.test(base) && !NOT_CODE.test(base)) return 'code'
  return undefined
}

/** True when a directory of this name is never read (dependencies, tests, docs, …). */
export function isIgnoredDir(name: string): boolean {
  return IGNORED_DIRS.has(name.toLowerCase())
}

/** True when `path` names a file that is binary by its extension. */
export function isBinaryPath(path: string): boolean {
  return BINARY_EXT.test(path)
}

/** True when the bytes look binary: a NUL byte in the first 8 KiB. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8192).includes(0)
}

/**
 * Collects files into a {@link SourceTree} under {@link SourceLimits}: root manifests and
 * READMEs always fit; other files are kept until a cap is reached.
 */
export class SourceTreeBuilder {
  readonly tree: SourceTree
  private totalBytes = 0
  private readonly decoder = new TextDecoder('utf-8', { fatal: false })

  constructor(private readonly limits: SourceLimits) {
    this.tree = {
      files: new Map(),
      resolvedVersion: undefined,
      skipped: { binary: 0, tooLarge: 0, overLimit: 0 },
      truncated: false,
      warnings: [],
    }
  }

  /** True when a file at `path` of `size` bytes would be kept (so its bytes are worth reading). */
  wants(path: string, size: number): boolean {
    if (isBinaryPath(path)) {
      this.tree.skipped.binary++
      return false
    }
    const role = fileRole(path)
    if (role === undefined) return false
    if (size > this.limits.maxFileBytes) {
      this.tree.skipped.tooLarge++
      return false
    }
    const atRoot = !path.includes('/') && role !== 'code'
    if (
      !atRoot &&
      (this.tree.files.size >= this.limits.maxFiles ||
        this.totalBytes + size > this.limits.maxTotalBytes)
    ) {
      this.tree.skipped.overLimit++
      this.tree.truncated = true
      return false
    }
    return true
  }

  /** Adds a file {@link wants} accepted; binary content is counted and dropped. */
  add(path: string, bytes: Uint8Array): void {
    if (looksBinary(bytes)) {
      this.tree.skipped.binary++
      return
    }
    this.totalBytes += bytes.length
    this.tree.files.set(path, this.decoder.decode(bytes))
  }

  /** {@link wants} then {@link add}. */
  offer(path: string, bytes: Uint8Array): void {
    if (this.wants(path, bytes.length)) this.add(path, bytes)
  }
}

/**
 * Turns an archive path into a path relative to the analysed root: drops the archive's top
 * directory (`package/`, `<owner>-<repo>-<sha>/`), then keeps only what lies under `subdir`.
 * Returns `undefined` for paths outside it or with `..`/absolute components.
 */
export function relativeArchivePath(path: string, subdir: string): string | undefined {
  const parts = path
    .replace(/^\.\//, '')
    .split('/')
    .filter((p) => p.length > 0)
  if (parts.some((p) => p === '..' || p === '.') || path.startsWith('/')) return undefined
  const inner = parts.slice(1)
  if (subdir) {
    const sub = subdir.split('/')
    if (inner.length <= sub.length || sub.some((seg, i) => inner[i] !== seg)) return undefined
    return inner.slice(sub.length).join('/')
  }
  return inner.length > 0 ? inner.join('/') : undefined
}
