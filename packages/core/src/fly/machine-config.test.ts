import { describe, expect, it } from 'vitest'
import { normalizeMachineConfig, parseAutostop } from './machine-config.js'

describe('parseAutostop', () => {
  it.each([
    [true, 'stop'],
    [false, 'off'],
    ['stop', 'stop'],
    ['off', 'off'],
    ['suspend', 'suspend'],
    ['sometimes', undefined],
    [undefined, undefined],
  ] as const)('reads %j as %j', (value, expected) => {
    expect(parseAutostop(value)).toBe(expected)
  })
})

describe('normalizeMachineConfig', () => {
  it('turns boolean autostop into the string form and keeps other fields', () => {
    const config = {
      image: 'x',
      services: [
        { internal_port: 8080, autostop: true as unknown as 'stop', extra: 1 },
        { internal_port: 9090, autostop: false as unknown as 'off' },
        { internal_port: 7070 },
      ],
    }
    expect(normalizeMachineConfig(config)).toEqual({
      image: 'x',
      services: [
        { internal_port: 8080, autostop: 'stop', extra: 1 },
        { internal_port: 9090, autostop: 'off' },
        { internal_port: 7070 },
      ],
    })
    expect(config.services[0]?.autostop).toBe(true)
  })

  it('leaves a config without services alone', () => {
    expect(normalizeMachineConfig({ image: 'x' })).toEqual({ image: 'x' })
    expect(normalizeMachineConfig(undefined)).toBeUndefined()
  })
})
