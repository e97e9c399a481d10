import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { failureFromResponse } from '../api/api-failure'
import { FailureView } from './failure-view'

const ctx = { serverUrl: 'http://127.0.0.1:8787', extensionOrigin: 'chrome-extension://x' }
const rateLimited = (retryAfterSeconds: number | null) =>
  failureFromResponse(
    429,
    { error: 'rate_limited', message: 'slow down', details: {}, retry_allowed: true },
    { ...ctx, retryAfterSeconds },
  )

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('FailureView', () => {
  it('keeps Retry disabled, counting down, until the Retry-After of a 429 has passed', () => {
    const onRetry = vi.fn()
    render(<FailureView failure={rateLimited(3)} onRetry={onRetry} />)
    expect(screen.getByRole('alert').textContent).toContain('Try again in 3 seconds.')
    const retry = () => screen.getByRole('button', { name: /^Retry/ }) as HTMLButtonElement
    expect(retry().disabled).toBe(true)
    expect(retry().textContent).toBe('Retry in 3 s')
    fireEvent.click(retry())
    expect(onRetry).not.toHaveBeenCalled()

    act(() => {
      vi.advanceTimersByTime(1000)
    })
    expect(retry().textContent).toBe('Retry in 2 s')
    act(() => {
      vi.advanceTimersByTime(2000)
    })
    expect(retry().disabled).toBe(false)
    expect(retry().textContent).toBe('Retry')
    fireEvent.click(retry())
    expect(onRetry).toHaveBeenCalledTimes(1)
  })

  it('offers Retry at once when the server named no wait', () => {
    const onRetry = vi.fn()
    render(<FailureView failure={rateLimited(null)} onRetry={onRetry} />)
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(onRetry).toHaveBeenCalledTimes(1)
  })
})
