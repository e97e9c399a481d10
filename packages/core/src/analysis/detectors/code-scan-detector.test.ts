import { describe, expect, it } from 'vitest'
import { detectCodeEnvReads } from './code-scan-detector.js'

function scan(file: string, text: string) {
  return Object.fromEntries(
    detectCodeEnvReads(new Map([[file, text]])).env.map((e) => [
      e.name,
      { required: e.required, default: e.default, line: e.line },
    ]),
  )
}

describe('detectCodeEnvReads', () => {
  it.each([
    ['process.env.API_KEY', 'const k = process.env.API_KEY'],
    ['process.env["API_KEY"]', "const k = process.env['API_KEY']"],
    ['destructuring', 'const { API_KEY } = process.env'],
    ['an alias of process.env', 'const env = process.env;\nconst k = env.API_KEY'],
  ])('finds a read through %s', (_, code) => {
    expect(Object.keys(scan('src/index.js', code))).toEqual(['API_KEY'])
  })

  it('makes a variable optional with the default a ?? or || gives it', () => {
    const found = scan(
      'src/a.ts',
      "const a = process.env.UNITS ?? 'metric'\nconst b = process.env.LEVEL || 'info'\nconst { REGION = 'eu' } = process.env",
    )
    expect(found).toMatchObject({
      UNITS: { required: false, default: 'metric' },
      LEVEL: { required: false, default: 'info' },
      REGION: { required: false, default: 'eu' },
    })
  })

  it('makes a variable required when the code throws or exits without it', () => {
    const found = scan(
      'src/a.js',
      [
        'const key = process.env.BRAVE_API_KEY;',
        'if (!key) {',
        '  console.error("Error: BRAVE_API_KEY environment variable is required");',
        '  process.exit(1);',
        '}',
        'const t = process.env.TEAM_ID',
        "if (!t) throw new Error('missing team')",
      ].join('\n'),
    )
    expect(found).toMatchObject({
      BRAVE_API_KEY: { required: true, line: 1 },
      TEAM_ID: { required: true },
    })
  })

  it('leaves a bare read undecided and an empty-string fallback undecided', () => {
    expect(scan('a.js', "const a = process.env.A\nconst b = process.env.B || ''")).toMatchObject({
      A: { required: undefined },
      B: { required: undefined },
    })
  })

  it('treats a guard that copes without the value as optional', () => {
    const found = scan(
      'a.js',
      'const ids = process.env.CHANNEL_IDS;\nif (!ids) {\n  return listAll();\n}',
    )
    expect(found.CHANNEL_IDS?.required).toBe(false)
  })

  it('treats a ternary with a literal fallback as optional', () => {
    const code =
      'const t = isNaN(Number(process.env.TIMEOUT_MS))\n  ? 15_000\n  : Number(process.env.TIMEOUT_MS)'
    expect(scan('a.js', code).TIMEOUT_MS).toMatchObject({ required: false })
  })

  it('does not take "either A or B is required" as both required', () => {
    const found = scan(
      'a.js',
      'const a = process.env.TOKEN_A\nconst b = process.env.TOKEN_B\nif (!a && !b) throw new Error("Either TOKEN_A or TOKEN_B is required")',
    )
    expect(found.TOKEN_A?.required).toBe(true)
    expect(found.TOKEN_B?.required).not.toBe(true)
  })

  it('reads Python os.environ, os.environ.get and os.getenv', () => {
    const found = scan(
      'server.py',
      'import os\nT = os.environ["TOKEN"]\nP = os.getenv("DB_PATH", "notes.db")\nR = os.environ.get("REGION")\nos.environ["INTERNAL"] = "1"',
    )
    expect(found).toMatchObject({
      TOKEN: { required: true },
      DB_PATH: { required: false, default: 'notes.db' },
      REGION: { required: undefined },
    })
    expect(found.INTERNAL).toBeUndefined()
  })

  it('ignores writes, tooling variables and files that are not code', () => {
    const code =
      "process.env.NODE_ENV\nprocess.env.DEBUG\nprocess.env.npm_package_version\nprocess.env.SET_ME = 'x'"
    expect(scan('a.js', code)).toEqual({})
    expect(scan('README.md', 'process.env.API_KEY')).toEqual({})
  })

  it('finds names read through a helper over process.env[name]', () => {
    const code = 'function env(n){return process.env[n]}\nconst k = env("FIGMA_API_KEY")'
    expect(Object.keys(scan('a.js', code))).toEqual(['FIGMA_API_KEY'])
  })

  it('takes only calls of a helper defined over process.env[name], with every name passed', () => {
    const code = [
      'function anySet(...keys) { return keys.some((k) => process.env[k] === "1") }',
      'const OFF = anySet("NO_FEEDBACK", "DISABLE_FEEDBACK")',
      'report("CREDENTIAL_INVALID", 401)',
    ].join('\n')
    expect(Object.keys(scan('a.js', code)).sort()).toEqual(['DISABLE_FEEDBACK', 'NO_FEEDBACK'])
  })

  it('reads process.env[KEY] when KEY is a constant naming the variable', () => {
    const code = "const ACK_VAR = 'ALLOW_OPEN_ACCESS';\nconst ok = process.env[ACK_VAR] === 'true'"
    expect(scan('a.js', code)).toMatchObject({ ALLOW_OPEN_ACCESS: { required: false } })
  })

  it('finds the required message in minified code after another literal', () => {
    const code =
      'console.error(`listening on port`)}let p=r??process.env.SB_ACCESS_TOKEN;p||(console.error("Please provide a token with --access-token or set the SB_ACCESS_TOKEN environment variable"),process.exit(1));'
    expect(scan('cli.js', code).SB_ACCESS_TOKEN?.required).toBe(true)
  })
})
