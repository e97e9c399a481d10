// Draws the toolbar icon (a white cloud with an up arrow on GitHub green) into public/icon/*.png.
// Run: node scripts/make-icons.mjs. No dependencies: shapes are sampled 4x4 per pixel.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const GREEN = [31, 136, 61]
const WHITE = [255, 255, 255]

/** Coverage tests in a 0..1 square. */
const inRoundedSquare = (x, y) => {
  const r = 0.2
  const cx = Math.min(Math.max(x, r), 1 - r)
  const cy = Math.min(Math.max(y, r), 1 - r)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
}
const circle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const inCloud = (x, y) =>
  circle(x, y, 0.36, 0.56, 0.15) ||
  circle(x, y, 0.53, 0.45, 0.2) ||
  circle(x, y, 0.68, 0.58, 0.13) ||
  (x >= 0.36 && x <= 0.68 && y >= 0.52 && y <= 0.71)
const inArrow = (x, y) => {
  const shaft = x >= 0.475 && x <= 0.545 && y >= 0.47 && y <= 0.66
  const head = y >= 0.36 && y <= 0.5 && Math.abs(x - 0.51) <= (y - 0.36) * 0.95
  return shaft || head
}

function pixel(x, y) {
  if (!inRoundedSquare(x, y)) return null
  return inCloud(x, y) && !inArrow(x, y) ? WHITE : GREEN
}

function crc32(buf) {
  let c
  let crc = 0xffffffff
  for (const byte of buf) {
    c = (crc ^ byte) & 0xff
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    crc = (crc >>> 8) ^ c
  }
  return (crc ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

function png(size) {
  const S = 4
  const rows = []
  for (let py = 0; py < size; py++) {
    const row = [0]
    for (let px = 0; px < size; px++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = pixel((px + (sx + 0.5) / S) / size, (py + (sy + 0.5) / S) / size)
          if (c) {
            r += c[0]
            g += c[1]
            b += c[2]
            a += 1
          }
        }
      }
      row.push(
        a ? Math.round(r / a) : 0,
        a ? Math.round(g / a) : 0,
        a ? Math.round(b / a) : 0,
        Math.round((a / (S * S)) * 255),
      )
    }
    rows.push(Buffer.from(row))
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

for (const size of [16, 32, 48, 128]) {
  writeFileSync(new URL(`../public/icon/${size}.png`, import.meta.url), png(size))
}
