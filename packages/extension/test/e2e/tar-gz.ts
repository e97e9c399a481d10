import { gzipSync } from 'node:zlib'

/** One file of a tarball. */
export interface TarFile {
  path: string
  content: string
}

function header(path: string, size: number): Buffer {
  const h = Buffer.alloc(512, 0)
  const put = (value: string, offset: number, length: number) => {
    h.write(value.slice(0, length), offset, 'utf8')
  }
  const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, '0')
  put(path, 0, 100)
  put(octal(0o644, 8), 100, 8)
  put(octal(0, 8), 108, 8)
  put(octal(0, 8), 116, 8)
  put(octal(size, 12), 124, 12)
  put(octal(1_700_000_000, 12), 136, 12)
  h.fill(' ', 148, 156)
  put('0', 156, 1)
  put('ustar\0', 257, 6)
  put('00', 263, 2)
  let sum = 0
  for (const byte of h) sum += byte
  put(`${octal(sum, 7)}\0`, 148, 8)
  return h
}

/** A gzipped ustar archive of `files`, the way GitHub's tarball endpoint serves a ref. */
export function tarGz(files: readonly TarFile[]): Buffer {
  const parts: Buffer[] = []
  for (const file of files) {
    const data = Buffer.from(file.content, 'utf8')
    parts.push(
      header(file.path, data.length),
      data,
      Buffer.alloc((512 - (data.length % 512)) % 512),
    )
  }
  parts.push(Buffer.alloc(1024))
  return gzipSync(Buffer.concat(parts))
}
