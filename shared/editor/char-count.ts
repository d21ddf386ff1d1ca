/**
 * 字数统计 as Chinese offices count it, i.e. as Microsoft Word and WPS do: each 汉字 and each
 * full-width punctuation mark is one 字, each run of Latin letters or digits ("GB/T", "2025",
 * "3.5%") is one 非中文单词 and also one 字, and a half-width punctuation mark or a space counts only
 * towards the 字符数. Paragraph ends count nowhere.
 *
 * One definition for every place that shows a 字数: the count bar, a version (its history row and
 * its reader), the diff's 新增/删除, the export. What is counted is the text as typed: the title and
 * the generated heading numbers are not part of it.
 */
import { textBlocks, type JsonNode } from './text.js'

export interface CharCount {
  /** 字数, Word-compatible: hanzi + punctuation + otherAsian + nonChineseWords. */
  words: number
  /** 汉字 (CJK ideographs, 〇 included). */
  hanzi: number
  /** 中文标点: full-width punctuation marks (，。、；：？！“”‘’（）《》【】〔〕……——·). */
  punctuation: number
  /** Other East Asian characters Word counts one by one: kana, full-width letters and digits, symbols such as ×℃. */
  otherAsian: number
  /** 非中文单词: runs of letters or digits outside Chinese text, e.g. GB/T, 9704-2012, 3.5%. */
  nonChineseWords: number
  /** 字符数（不计空格）. */
  charsNoSpaces: number
  /** 字符数（计空格）. */
  charsWithSpaces: number
}

export const emptyCount: CharCount = Object.freeze({
  words: 0,
  hanzi: 0,
  punctuation: 0,
  otherAsian: 0,
  nonChineseWords: 0,
  charsNoSpaces: 0,
  charsWithSpaces: 0,
})

const han = /\p{Script=Han}/u
const space = /\s/u
const letterOrDigit = /[\p{L}\p{N}]/u

/** Full-width and Chinese punctuation: what an IME types in Chinese mode, one character cell each. */
export function isChinesePunctuation(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0
  return (
    (c >= 0x3001 && c <= 0x3003) || // 、。〃
    (c >= 0x3008 && c <= 0x3011) || // 〈〉《》「」『』【】
    (c >= 0x3014 && c <= 0x301f) || // 〔〕〖〗〘〙〚〛〜〝〞〟
    c === 0x30fb || // ・
    (c >= 0xff01 && c <= 0xff0f) || // ！＂＃＄％＆＇（）＊＋，－．／
    (c >= 0xff1a && c <= 0xff20) || // ：；＜＝＞？＠
    (c >= 0xff3b && c <= 0xff40) || // ［＼］＾＿｀
    (c >= 0xff5b && c <= 0xff65) || // ｛｜｝～｟｠｡｢｣､･
    (c >= 0xfe10 && c <= 0xfe19) || // vertical forms
    (c >= 0xfe30 && c <= 0xfe4f) || // CJK compatibility forms
    c === 0x2018 ||
    c === 0x2019 ||
    c === 0x201c ||
    c === 0x201d || // ‘’“”
    c === 0x2014 ||
    c === 0x2015 ||
    c === 0x2026 ||
    c === 0x2025 || // —―…‥
    c === 0x00b7 // · (间隔号, as in 阿依古丽·买买提)
  )
}

/** Characters that are neither 汉字 nor punctuation but take a full cell and count one each. */
function isOtherAsian(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0
  return (
    (c >= 0x3040 && c <= 0x30ff) || // kana
    (c >= 0xff10 && c <= 0xff19) || // ０-９
    (c >= 0xff21 && c <= 0xff3a) || // Ａ-Ｚ
    (c >= 0xff41 && c <= 0xff5a) || // ａ-ｚ
    (c >= 0xffe0 && c <= 0xffe6) || // ￠￡￢￣￤￥￦
    (c >= 0x2460 && c <= 0x24ff) || // ①②… circled numbers
    (c >= 0x2160 && c <= 0x217f) || // Ⅰ Ⅱ Roman numerals
    (c >= 0x25a0 && c <= 0x25ff) || // □■○●△▲◇◆
    (c >= 0x2600 && c <= 0x26ff) || // ☆★
    (c >= 0x2190 && c <= 0x21ff) || // arrows
    c === 0x00d7 ||
    c === 0x00f7 ||
    c === 0x2103 ||
    c === 0x2030 ||
    c === 0x2116 ||
    c === 0x00a7 ||
    c === 0x203b // ×÷℃‰№§※
  )
}

/** Counts one run of text; line breaks ("\n") separate words and count nowhere. */
export function countText(text: string): CharCount {
  let hanzi = 0
  let punctuation = 0
  let otherAsian = 0
  let nonChineseWords = 0
  let charsNoSpaces = 0
  let charsWithSpaces = 0
  // Inside a run of non-Asian, non-space characters; whether it held a letter or digit yet.
  let inRun = false
  let runHasWord = false
  const endRun = () => {
    if (inRun && runHasWord) nonChineseWords++
    inRun = false
    runHasWord = false
  }
  for (const ch of text) {
    if (ch === '\n' || ch === '\r') {
      endRun()
      continue
    }
    charsWithSpaces++
    if (space.test(ch)) {
      endRun()
      continue
    }
    charsNoSpaces++
    if (han.test(ch)) {
      endRun()
      hanzi++
    } else if (isChinesePunctuation(ch)) {
      endRun()
      punctuation++
    } else if (isOtherAsian(ch)) {
      endRun()
      otherAsian++
    } else {
      inRun = true
      if (letterOrDigit.test(ch)) runHasWord = true
    }
  }
  endRun()
  return {
    words: hanzi + punctuation + otherAsian + nonChineseWords,
    hanzi,
    punctuation,
    otherAsian,
    nonChineseWords,
    charsNoSpaces,
    charsWithSpaces,
  }
}

/** The sum of several counts, e.g. of a document's paragraphs. */
export function addCounts(a: CharCount, b: CharCount): CharCount {
  return {
    words: a.words + b.words,
    hanzi: a.hanzi + b.hanzi,
    punctuation: a.punctuation + b.punctuation,
    otherAsian: a.otherAsian + b.otherAsian,
    nonChineseWords: a.nonChineseWords + b.nonChineseWords,
    charsNoSpaces: a.charsNoSpaces + b.charsNoSpaces,
    charsWithSpaces: a.charsWithSpaces + b.charsWithSpaces,
  }
}

/** The 字数 of a document (ProseMirror JSON): the sum of its text blocks' counts, as the count bar sums them. */
export function countDocument(content: JsonNode): CharCount {
  let total = emptyCount
  for (const block of textBlocks(content)) total = addCounts(total, countText(block))
  return total
}

/** `a` without `b`: what is left of a count when part of the text it counted goes. */
export function subtractCounts(a: CharCount, b: CharCount): CharCount {
  return {
    words: a.words - b.words,
    hanzi: a.hanzi - b.hanzi,
    punctuation: a.punctuation - b.punctuation,
    otherAsian: a.otherAsian - b.otherAsian,
    nonChineseWords: a.nonChineseWords - b.nonChineseWords,
    charsNoSpaces: a.charsNoSpaces - b.charsNoSpaces,
    charsWithSpaces: a.charsWithSpaces - b.charsWithSpaces,
  }
}
