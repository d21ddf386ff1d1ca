/**
 * Brackets and quotation marks that do not match: a full-width （ closed by a half-width ) (or the
 * reverse), straight " quotes in Chinese text, a quote pair turned the wrong way (”…“), and the
 * year of a 发文字号 in [ ] ( ) 【 】 instead of the 六角括号 〔 〕 (〔2021〕21号).
 */
import { charAt, charBefore, isChinese } from './chars.js'
import type { ProofIssue, ProofRule } from './issue.js'

const opening: Record<string, string> = { '(': ')', '（': '）' }
const halfToFull: Record<string, string> = { '(': '（', ')': '）' }

function mixedBrackets(text: string): ProofIssue[] {
  const issues: ProofIssue[] = []
  const stack: { at: number; ch: string }[] = []
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch in opening) {
      stack.push({ at: i, ch })
      continue
    }
    if (ch !== ')' && ch !== '）') continue
    const open = stack.pop()
    if (!open) continue
    const openFull = open.ch === '（'
    const closeFull = ch === '）'
    if (openFull === closeFull) continue
    // One of the two is full-width: this is Chinese text, and the half-width one is the slip.
    const at = openFull ? i : open.at
    issues.push({ rule: 'mixedPairs', from: at, to: at + 1, message: 'mixedBrackets', fix: halfToFull[text[at]] })
  }
  return issues
}

const doubleQuotes = new Set(['"', '“', '”'])

/** Double quotes pair up in order within a paragraph: the first opens (“), the second closes (”). */
function quotes(text: string): ProofIssue[] {
  const marks: number[] = []
  for (let i = 0; i < text.length; i++) if (doubleQuotes.has(text[i])) marks.push(i)
  const issues: ProofIssue[] = []
  for (let k = 0; k + 1 < marks.length; k += 2) {
    const open = marks[k]
    const close = marks[k + 1]
    const curly = text[open] !== '"' || text[close] !== '"'
    const chinese =
      curly ||
      isChinese(charBefore(text, open)) ||
      isChinese(charAt(text, close + 1)) ||
      Array.from(text.slice(open + 1, close)).some(isChinese)
    if (!chinese) continue // "quoted" English stays as its writer typed it
    if (text[open] !== '“') issues.push({ rule: 'mixedPairs', from: open, to: open + 1, message: 'quotes', fix: '“' })
    if (text[close] !== '”')
      issues.push({ rule: 'mixedPairs', from: close, to: close + 1, message: 'quotes', fix: '”' })
  }
  return issues
}

/** 〔2021〕21号: the year of a document number sits in 六角括号. */
const documentNumber = /[[(（【［]((?:19|20)\d{2})[\])）】］](?=\s*\d+\s*号)/g

function documentNumberBrackets(text: string): ProofIssue[] {
  const issues: ProofIssue[] = []
  for (const match of text.matchAll(documentNumber)) {
    const from = match.index
    issues.push({
      rule: 'mixedPairs',
      from,
      to: from + match[0].length,
      message: 'documentNumberBrackets',
      fix: `〔${match[1]}〕`,
    })
  }
  return issues
}

export const mixedPairs: ProofRule = (text) => {
  const numbers = documentNumberBrackets(text)
  // Both lists run in text order and document numbers do not overlap: one pass over each.
  let n = 0
  const inNumber = (issue: ProofIssue) => {
    while (n < numbers.length && numbers[n].to <= issue.from) n++
    return n < numbers.length && numbers[n].from < issue.to
  }
  return [
    ...numbers,
    ...mixedBrackets(text)
      .sort((a, b) => a.from - b.from)
      .filter((issue) => !inNumber(issue)),
    ...quotes(text),
  ].sort((a, b) => a.from - b.from)
}
