import { gunzipSync } from 'node:zlib'

/** One entry of a tar archive. `data` is a view into the archive, not a copy. */
export interface TarEntry {
  path: string
  /** `file`, `directory`, `symlink` or `other` (links, devices, FIFOs). */
  type: 'file' | 'directory' | 'symlink' | 'other'
  data: Uint8Array
}

/** The archive is not a readable (gzipped) tar, or it unpacks past its size cap. */
export class TarFormatError extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, opts)
    this.name = 'TarFormatError'
  }
}

const BLOCK = 512
const decoder = new TextDecoder()

function field(block: Uint8Array, start: number, length: number): string {
  const bytes = block.subarray(start, start + length)
  const nul = bytes.indexOf(0)
  return decoder.decode(nul === -1 ? bytes : bytes.subarray(0, nul))
}

function sizeOf(block: Uint8Array): number {
  // GNU base-256 encoding for sizes past 8 GiB: high bit set in the first byte.
  if (((block[124] ?? 0) & 0x80) !== 0) {
    let size = 0
    for (let i = 125; i < 136; i++) size = size * 256 + (block[i] ?? 0)
    return size
  }
  const text = field(block, 124, 12).trim()
  const size = text.length === 0 ? 0 : Number.parseInt(text, 8)
  if (!Number.isFinite(size) || size < 0) throw new TarFormatError('bad entry size in tar header')
  return size
}

function checksumOk(block: Uint8Array): boolean {
  const stored = Number.parseInt(field(block, 148, 8).trim(), 8)
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] ?? 0)
  return stored === sum
}

function paxPath(data: Uint8Array): string | undefined {
  // Records are "<length> <key>=<value>\n".
  const text = decoder.decode(data)
  let path: string | undefined
  let pos = 0
  while (pos < text.length) {
    const space = text.indexOf(' ', pos)
    if (space === -1) break
    const length = Number.parseInt(text.slice(pos, space), 10)
    if (!Number.isFinite(length) || length <= 0) break
    const record = text.slice(space + 1, pos + length - 1)
    const eq = record.indexOf('=')
    if (eq !== -1 && record.slice(0, eq) === 'path') path = record.slice(eq + 1)
    pos += length
  }
  return path
}

/**
 * Reads the entries of an uncompressed tar archive (ustar, pax and GNU long names).
 * @throws {@link TarFormatError} on a corrupt header or truncated entry.
 */
export function* readTar(archive: Uint8Array): Generator<TarEntry> {
  let offset = 0
  let longName: string | undefined
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK)
    if (header.every((b) => b === 0)) return
    if (!checksumOk(header)) throw new TarFormatError('bad tar header checksum')
    const size = sizeOf(header)
    const dataStart = offset + BLOCK
    const dataEnd = dataStart + size
    if (dataEnd > archive.length) throw new TarFormatError('truncated tar entry')
    const data = archive.subarray(dataStart, dataEnd)
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK
    const flag = String.fromCharCode(header[156] ?? 0)
    if (flag === 'x' || flag === 'L') {
      longName = flag === 'L' ? field(data, 0, data.length) : paxPath(data)
      continue
    }
    if (flag === 'g' || flag === 'K') continue
    const prefix = field(header, 345, 155)
    const name = field(header, 0, 100)
    const path = longName ?? (prefix ? `${prefix}/${name}` : name)
    longName = undefined
    const type =
      flag === '0' || flag === '\0' || flag === '7'
        ? 'file'
        : flag === '5'
          ? 'directory'
          : flag === '2'
            ? 'symlink'
            : 'other'
    yield { path, type, data }
  }
}

/**
 * Gunzips `gz` and reads its tar entries, refusing to unpack more than `maxUnpackedBytes`.
 * @throws {@link TarFormatError} for a corrupt archive or one that unpacks past the cap.
 */
export function readTarGz(gz: Uint8Array, maxUnpackedBytes: number): Generator<TarEntry> {
  let tar: Uint8Array
  try {
    tar = gunzipSync(gz, { maxOutputLength: maxUnpackedBytes })
  } catch (err) {
    const tooBig =
      err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
    throw new TarFormatError(
      tooBig ? `the archive unpacks to more than ${maxUnpackedBytes} bytes` : 'not a gzip archive',
      { cause: err },
    )
  }
  return readTar(tar)
}
