import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { makeTarGz } from '../../../test/fixtures/analysis/helpers/make-tarball.js'
import { readTarGz, TarFormatError } from './tar-reader.js'

const text = (data: Uint8Array) => new TextDecoder().decode(data)

describe('readTarGz', () => {
  it('reads files, including pax long paths and past a pax global header', () => {
    const long = `package/${'deep/'.repeat(30)}index.js`
    const archive = makeTarGz(
      [
        { path: 'package/package.json', content: '{"name":"x"}' },
        { path: long, content: 'process.env.X' },
      ],
      { globalComment: 'a'.repeat(40) },
    )
    const entries = [...readTarGz(archive, 1 << 20)]
    expect(entries.map((e) => [e.path, e.type, text(e.data)])).toEqual([
      ['package/package.json', 'file', '{"name":"x"}'],
      [long, 'file', 'process.env.X'],
    ])
  })

  it('refuses data that is not gzip', () => {
    expect(() => [...readTarGz(new TextEncoder().encode('not gzip'), 1 << 20)]).toThrow(
      TarFormatError,
    )
  })

  it('refuses a corrupt header', () => {
    const bad = gzipSync(Buffer.alloc(1024, 7))
    expect(() => [...readTarGz(bad, 1 << 20)]).toThrow(/checksum/)
  })

  it('refuses an archive that unpacks past its cap (a gzip bomb)', () => {
    const bomb = makeTarGz([{ path: 'package/zeros.js', content: Buffer.alloc(4 << 20, 0x20) }])
    expect(bomb.length).toBeLessThan(64 * 1024)
    expect(() => [...readTarGz(bomb, 1 << 20)]).toThrow(/more than/)
  })
})
