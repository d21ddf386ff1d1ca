/**
 * Number usage per GB/T 15835-2011 and 公文 practice, where it is mechanical: full years
 * (2025年3月, not 25年3月), no zero padding (3月5日, not 03月05日), 日 rather than 号 in dates,
 * dates with 年月日 rather than dots (2025.3.1), half-width digits (2025, not ２０２５), and range
 * marks (2013—2015年, 3～5年, not 2013-2015年, 3-5年). "25年来" or "GB/T 9704-2012" are not dates or
 * ranges and stay.
 */
import type { ProofIssue, ProofRule } from './issue.js'

type Finder = (text: string) => ProofIssue[]

const issue = (from: number, to: number, message: ProofIssue['message'], fix: string): ProofIssue => ({
  rule: 'numberUsage',
  from,
  to,
  message,
  fix,
})

/** 25年3月 → 2025年3月. Only before a month: "25年来" and "40年" are spans of years. */
const shortYear: Finder = (text) =>
  [...text.matchAll(/(?<![\d.\-/'’A-Za-z０-９])(\d{2})(?=年\d{1,2}月)/g)].map((m) => {
    const yy = Number(m[1])
    return issue(m.index, m.index + 2, 'shortYear', `${yy < 50 ? '20' : '19'}${m[1]}`)
  })

/** 03月05日 → 3月5日. */
const zeroPadding: Finder = (text) =>
  [...text.matchAll(/(?<![\d.])0([1-9])(?=[月日])/g)].map((m) => issue(m.index, m.index + 2, 'zeroPadding', m[1]))

/** 3月5号 → 3月5日 (but 5号楼, 5号文件 stay). */
const dateHao: Finder = (text) =>
  [...text.matchAll(/(?<=\d{1,2}月\d{1,2})号(?![楼院线门座栋室文令])/g)].map((m) =>
    issue(m.index, m.index + 1, 'dateHao', '日'),
  )

/** 2025.3.1 → 2025年3月1日, when it is a real date. */
const dottedDate: Finder = (text) =>
  [...text.matchAll(/(?<![\d.])((?:19|20)\d{2})\.(\d{1,2})\.(\d{1,2})(?![\d.])/g)].flatMap((m) => {
    const month = Number(m[2])
    const day = Number(m[3])
    if (month < 1 || month > 12 || day < 1 || day > 31) return []
    return [issue(m.index, m.index + m[0].length, 'dottedDate', `${m[1]}年${month}月${day}日`)]
  })

/** ２０２５ → 2025, ＧＤＰ → GDP (W3C clreq: digits and Latin letters are half-width). */
const fullWidthAlphanumeric: Finder = (text) =>
  [...text.matchAll(/[０-９Ａ-Ｚａ-ｚ]+(?:．[０-９]+)*％?/g)].map((m) =>
    issue(
      m.index,
      m.index + m[0].length,
      'fullWidthAlphanumeric',
      m[0].replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)),
    ),
  )

/** Units after which "3-5" is a range of amounts. */
const unit = '(?:[个年月日天周人家户项次倍万亿千百元亩岁%％名所座条件台辆]|小时|公里|千米|平方米|米)'

/** 2013-2015年 → 2013—2015年 (一字线 for years), 3-5年 → 3～5年 (浪纹线 for amounts). */
const rangeMark: Finder = (text) => {
  const issues: ProofIssue[] = []
  for (const m of text.matchAll(/(?<![\w\-./])(\d{4})-(\d{4})(?=年)/g)) {
    const at = m.index + m[1].length
    issues.push(issue(at, at + 1, 'rangeMark', '—'))
  }
  for (const m of text.matchAll(new RegExp(`(?<![\\w\\-./])(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)(?=${unit})`, 'g'))) {
    if (/^\d{4}$/.test(m[1]) && /^\d{4}$/.test(m[2]) && text.startsWith('年', m.index + m[0].length)) continue
    const at = m.index + m[1].length
    issues.push(issue(at, at + 1, 'rangeMark', '～'))
  }
  return issues
}

export const numberUsage: ProofRule = (text) =>
  [shortYear, zeroPadding, dateHao, dottedDate, fullWidthAlphanumeric, rangeMark]
    .flatMap((find) => find(text))
    .sort((a, b) => a.from - b.from)
