import { lstat, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { InvalidSourceError } from '../../errors/index.js'
import type { LocalSourceSpec } from '../source-spec.js'
import {
  DEFAULT_SOURCE_LIMITS,
  isIgnoredDir,
  type SourceLimits,
  type SourceTree,
  SourceTreeBuilder,
} from './source-tree.js'

/** Most directory entries visited in a local directory before reading stops. */
const MAX_VISITED = 50_000

/**
 * Checks that `path` is a directory itself (a symbolic link is not followed), before anything
 * reads it or opens a store for it.
 * @throws `InvalidSourceError` when it is not.
 */
export async function checkLocalDirectory(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => undefined)
  if (!stat?.isDirectory()) {
    throw new InvalidSourceError('the local source is not a readable directory', { kind: 'local' })
  }
}

/**
 * Reads a local directory's files under the size caps, skipping dependency, test and docs
 * folders and never following symbolic links.
 * @throws `InvalidSourceError` when the path is not a readable directory.
 */
export async function readLocalSource(
  spec: LocalSourceSpec,
  opts: { limits?: Partial<SourceLimits> } = {},
): Promise<SourceTree> {
  const limits: SourceLimits = { ...DEFAULT_SOURCE_LIMITS, ...opts.limits }
  await checkLocalDirectory(spec.path)
  const builder = new SourceTreeBuilder(limits)
  let visited = 0
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    entries.sort((a, b) => a.name.localeCompare(b.name))
    for (const entry of entries) {
      if (++visited > MAX_VISITED) {
        builder.tree.truncated = true
        return
      }
      const path = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (!isIgnoredDir(entry.name)) await walk(join(dir, entry.name), path)
      } else if (entry.isFile()) {
        const size = (await lstat(join(dir, entry.name))).size
        if (builder.wants(path, size)) builder.add(path, await readFile(join(dir, entry.name)))
      }
    }
  }
  await walk(spec.path, '')
  if (visited > MAX_VISITED) {
    builder.tree.warnings.push(
      `the directory has more than ${MAX_VISITED} entries: reading stopped`,
    )
  }
  return builder.tree
}
