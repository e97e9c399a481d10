import type { EnvVar } from '@mcp-remote/core'
import { describe, expect, it } from 'vitest'
import { credentialsFrom, initialValues, mustFill, validateValues } from './form-model'

const v = (over: Partial<EnvVar> & { name: string }): EnvVar => ({
  description: '',
  required: false,
  secret: false,
  default: null,
  ...over,
})

const vars: EnvVar[] = [
  v({ name: 'GITHUB_TOKEN', required: true, secret: true }),
  v({ name: 'LOG_LEVEL', default: 'info' }),
  v({ name: 'REGION', required: true, default: 'eu' }),
  v({ name: 'EXTRA' }),
]

describe('form model', () => {
  it('starts each field at its default, or empty', () => {
    expect(initialValues(vars)).toEqual({
      GITHUB_TOKEN: '',
      LOG_LEVEL: 'info',
      REGION: 'eu',
      EXTRA: '',
    })
  })

  it('asks for a value only where the variable is required and has no default', () => {
    expect(vars.map(mustFill)).toEqual([true, false, false, false])
  })

  it('names each required field left empty, and nothing else', () => {
    expect(validateValues(vars, initialValues(vars))).toEqual({
      GITHUB_TOKEN: 'GITHUB_TOKEN is required.',
    })
    expect(validateValues(vars, { ...initialValues(vars), GITHUB_TOKEN: '   ' })).toEqual({
      GITHUB_TOKEN: 'GITHUB_TOKEN is required.',
    })
    expect(
      validateValues(vars, { ...initialValues(vars), GITHUB_TOKEN: 'ghp_x', REGION: '' }),
    ).toEqual({})
  })

  it('refuses values over 64 KiB without quoting them', () => {
    const errors = validateValues(vars, { GITHUB_TOKEN: 'x'.repeat(64 * 1024 + 1) })
    expect(errors.GITHUB_TOKEN).toBe('GITHUB_TOKEN is longer than 64 KiB.')
  })

  it('sends the declared variables that have a value, and nothing undeclared', () => {
    expect(
      credentialsFrom(vars, {
        GITHUB_TOKEN: 'ghp_x',
        LOG_LEVEL: 'info',
        REGION: '',
        EXTRA: '',
        PATH: '/x',
      }),
    ).toEqual({ GITHUB_TOKEN: 'ghp_x', LOG_LEVEL: 'info' })
  })
})
