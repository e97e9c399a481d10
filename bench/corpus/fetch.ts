/**
 * Fetches the labelled corpus (bench/corpus/labels.json) with `npm pack` into bench/.cache,
 * which is gitignored: only the labels are committed. Already-fetched tarballs are kept.
 *
 *   node --import tsx bench/corpus/fetch.ts
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/** Where `npm pack` puts the corpus tarballs. */
export const CACHE_DIR = join(here, '..', '.cache', 'corpus')

interface LabelEntry {
  package: string
  version: string
}

/** The file name `npm pack` gives `name@version`: `@scope/name` becomes `scope-name-1.0.0.tgz`. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`
}

/** The labelled entries, in file order. */
export function readLabelEntries(): LabelEntry[] {
  const raw = JSON.parse(readFileSync(join(here, 'labels.json'), 'utf8')) as {
    servers: LabelEntry[]
  }
  return raw.servers
}

/** Packs every labelled package not yet in the cache; returns the tarball paths. */
export function fetchCorpus(log: (line: string) => void = () => {}): string[] {
  mkdirSync(CACHE_DIR, { recursive: true })
  return readLabelEntries().map((entry) => {
    const file = join(CACHE_DIR, tarballName(entry.package, entry.version))
    if (!existsSync(file)) {
      log(`npm pack ${entry.package}@${entry.version}`)
      execFileSync(
        'npm',
        ['pack', `${entry.package}@${entry.version}`, '--pack-destination', CACHE_DIR, '--silent'],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      )
    }
    return file
  })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = fetchCorpus((line) => console.log(line))
  console.log(`${files.length} tarballs in ${CACHE_DIR}`)
}
