import type { EnvVar } from '@mcp-remote/core'
import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { useState } from 'preact/hooks'
import { afterEach, describe, expect, it } from 'vitest'
import { CredentialFields } from './credential-fields'
import { type FormValues, initialValues, validateValues } from './form-model'

afterEach(cleanup)

const field = (name: string) =>
  screen.getByLabelText(new RegExp(name), { selector: 'input' }) as HTMLInputElement

const vars: EnvVar[] = [
  {
    name: 'BRAVE_API_KEY',
    description: 'Key from the Brave Search API dashboard.',
    required: true,
    secret: true,
    default: null,
  },
  { name: 'LOG_LEVEL', description: '', required: false, secret: false, default: 'info' },
]

function Harness({ validate = false }: { validate?: boolean }) {
  const [values, setValues] = useState<FormValues>(initialValues(vars))
  const errors = validate ? validateValues(vars, values) : {}
  return (
    <CredentialFields
      envVars={vars}
      values={values}
      errors={errors}
      evidence={[
        { field: 'env_vars.BRAVE_API_KEY', detector: 'readme', file: 'README.md', line: 42 },
      ]}
      onChange={(name, value) => setValues({ ...values, [name]: value })}
    />
  )
}

describe('CredentialFields', () => {
  it('masks a secret field and reveals it on request', () => {
    render(<Harness />)
    const input = field('BRAVE_API_KEY')
    expect(input.type).toBe('password')
    const toggle = screen.getByRole('button', { name: 'Show BRAVE_API_KEY' })
    expect(toggle.getAttribute('aria-pressed')).toBe('false')
    fireEvent.click(toggle)
    expect(input.type).toBe('text')
    expect(
      screen.getByRole('button', { name: 'Hide BRAVE_API_KEY' }).getAttribute('aria-pressed'),
    ).toBe('true')
  })

  it('leaves a non-secret field readable, with no reveal toggle', () => {
    render(<Harness />)
    expect(field('LOG_LEVEL').type).toBe('text')
    expect(screen.queryByRole('button', { name: /LOG_LEVEL/ })).toBeNull()
  })

  it('marks the required field for sight and for screen readers', () => {
    render(<Harness />)
    const input = field('BRAVE_API_KEY')
    expect(input.required).toBe(true)
    expect(input.getAttribute('aria-required')).toBe('true')
    expect(screen.getByText('(required)')).toBeTruthy()
    expect(field('LOG_LEVEL').required).toBe(false)
  })

  it('fills defaults and ties the description to its input', () => {
    render(<Harness />)
    expect(field('LOG_LEVEL').value).toBe('info')
    const input = field('BRAVE_API_KEY')
    const descId = input.getAttribute('aria-describedby')?.split(' ')[0] ?? ''
    expect(document.getElementById(descId)?.textContent).toBe(
      'Key from the Brave Search API dashboard.',
    )
  })

  it('shows where each variable was found', () => {
    render(<Harness />)
    expect(screen.getByText('README.md:42')).toBeTruthy()
  })

  it('says which field is missing, and clears the message once it is filled', () => {
    render(<Harness validate />)
    const input = field('BRAVE_API_KEY')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByText('BRAVE_API_KEY is required.')).toBeTruthy()
    fireEvent.input(input, { target: { value: 'bsa-123' } })
    expect(screen.queryByText('BRAVE_API_KEY is required.')).toBeNull()
    expect(input.getAttribute('aria-invalid')).toBeNull()
  })

  it('says so when there is nothing to fill', () => {
    render(<CredentialFields envVars={[]} values={{}} errors={{}} onChange={() => {}} />)
    expect(screen.getByText('This server needs no environment variables.')).toBeTruthy()
  })
})
