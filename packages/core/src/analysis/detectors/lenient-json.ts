/**
 * Parses JSON as READMEs write it: comments (`//`, `/* *\/`) and trailing commas are allowed,
 * and a bare `"key": {...}` fragment is wrapped in braces. Returns `undefined` when it still
 * does not parse.
 */
export function parseLenientJson(text: string): unknown {
  const cleaned = stripJsonNoise(text).trim()
  for (const candidate of [cleaned, `{${cleaned}}`]) {
    try {
      return JSON.parse(candidate)
    } catch {
      // try the next shape
    }
  }
  return undefined
}

function stripJsonNoise(text: string): string {
  let out = ''
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    if (c === '"') {
      let j = i + 1
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1
      out += text.slice(i, j + 1)
      i = j + 1
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end === -1 ? text.length : end + 2
    } else if (c === ',') {
      let j = i + 1
      while (j < text.length && /\s/.test(text[j] as string)) j++
      if (text[j] !== '}' && text[j] !== ']') out += c
      i++
    } else {
      out += c
      i++
    }
  }
  // A README fragment often ends in a dangling comma after the last entry.
  return out.replace(/,\s*$/, '')
}
