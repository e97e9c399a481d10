import { detectCodeEnvReads } from './code-scan-detector.js'
import { detectEnvExample } from './env-example-detector.js'
import type { Findings } from './finding.js'
import { detectPackageJson } from './package-json-detector.js'
import { detectPyproject } from './pyproject-detector.js'
import { detectReadme } from './readme-detector.js'
import { detectServerJson } from './server-json-detector.js'
import { detectSmithery } from './smithery-detector.js'

/**
 * Runs every static detector over a source's files. The README detector is told the package
 * name the manifests declare, so it can pick that package's example configurations.
 */
export function runDetectors(files: ReadonlyMap<string, string>): Findings[] {
  const manifests = [
    detectServerJson(files),
    detectSmithery(files),
    detectPackageJson(files),
    detectPyproject(files),
    detectEnvExample(files),
  ]
  const name = manifests.flatMap((f) => f.fields).find((f) => f.field === 'package_name')?.value as
    | string
    | undefined
  return [...manifests, detectReadme(files, name), detectCodeEnvReads(files)]
}
