/**
 * Finding words in text, the same way on the server (搜索) and in the editor (jumping to a hit):
 * plain substring matching, which suits Chinese — it has no spaces, so 高标准农田 is found inside
 * 加强高标准农田建设 without any word segmentation — after folding case and full-width Latin
 * letters and digits, a fold that keeps every character in its place so offsets stay true.
 */

/** The longest query, in characters. */
export const MAX_QUERY_CHARS = 100

/** Lower-case ASCII, and full-width ASCII (Ａ１！) as half-width: one character for one, so offsets hold. */
export function foldForSearch(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i)
    if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0
    if (code >= 65 && code <= 90) code += 32
    out += String.fromCharCode(code)
  }
  return out
}

/** Where `query` occurs in `text` (offsets into `text`, not overlapping), at most `limit` of them. */
export function occurrences(text: string, query: string, limit = Infinity): number[] {
  const needle = foldForSearch(query.trim())
  if (!needle) return []
  const hay = foldForSearch(text)
  const found: number[] = []
  for (let at = hay.indexOf(needle); at >= 0 && found.length < limit; at = hay.indexOf(needle, at + needle.length)) {
    found.push(at)
  }
  return found
}

/** A hit with the words around it, cut at sentence ends where they are near. */
export interface Snippet {
  before: string
  match: string
  after: string
}

const sentenceEnd = /[。！？；!?;\n]/
const CONTEXT = 40

/** The sentence around `length` characters at `at` in `text`, at most about 40 characters on each side. */
export function snippetAt(text: string, at: number, length: number): Snippet {
  let start = at
  while (start > 0 && at - start < CONTEXT && !sentenceEnd.test(text[start - 1])) start--
  let end = at + length
  while (end < text.length && end - (at + length) < CONTEXT && !sentenceEnd.test(text[end])) end++
  // The sentence's own full stop belongs to it.
  if (end < text.length && sentenceEnd.test(text[end]) && text[end] !== '\n') end++
  return {
    before: (start > 0 && at - start >= CONTEXT ? '…' : '') + text.slice(start, at),
    match: text.slice(at, at + length),
    after: text.slice(at + length, end) + (end < text.length && end - (at + length) >= CONTEXT ? '…' : ''),
  }
}
