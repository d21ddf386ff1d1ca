import { describe, expect, it } from 'vitest'
import { placeReturnedDraft } from '../../server/domain/returned-draft-placement.js'
import type { ReturnedDocx, WordChange, WordComment } from '../../server/import/word-revisions.js'

const change = (
  paragraphs: string[],
  fields: Partial<WordChange> & Pick<WordChange, 'paragraph' | 'from' | 'to'>,
): WordChange => {
  const text = paragraphs[fields.paragraph]
  const deleted = text.slice(fields.from, fields.to)
  return {
    kind: deleted === '' ? 'insertion' : fields.inserted ? 'replacement' : 'deletion',
    deleted,
    inserted: '',
    author: '张三',
    date: null,
    moved: false,
    before: text.slice(Math.max(0, fields.from - 24), fields.from),
    after: text.slice(fields.to, fields.to + 24),
    ...fields,
  }
}

const comment = (
  paragraphs: string[],
  paragraph: number,
  from: number,
  to: number,
  text = '请核实。',
): WordComment => ({
  id: '1',
  text,
  author: '李四',
  initials: 'LS',
  date: null,
  start: { paragraph, offset: from },
  end: { paragraph, offset: to },
  quote: paragraphs[paragraph].slice(from, to),
  before: paragraphs[paragraph].slice(Math.max(0, from - 24), from),
  after: paragraphs[paragraph].slice(to, to + 24),
  replies: [],
})

const docx = (paragraphs: string[], changes: WordChange[], comments: WordComment[] = []): ReturnedDocx => ({
  paragraphs,
  changes,
  comments,
  formattingChanges: 0,
})

const sent = [
  '关于加强我市高标准农田建设的建议案',
  '一、基本情况',
  '近年来，我市累计建成高标准农田48.6万亩，建设质量稳步提升。',
  '2022年以来，全市累计投入建设资金28.7亿元。',
  '建议市财政建立投入稳定增长机制。',
]

describe('placing a returned draft’s changes in the draft as it is now', () => {
  it('maps offsets through what was typed before them since, and past the numbers the export printed', () => {
    const live = [
      '基本情况',
      '据统计，近年来，我市累计建成高标准农田48.6万亩，建设质量稳步提升。',
      '2022年以来，全市累计投入建设资金28.7亿元。',
    ]
    const { placed, unplaced } = placeReturnedDraft(
      docx(sent, [
        change(sent, { paragraph: 2, from: 26, to: 30, inserted: '显著提升' }),
        change(sent, { paragraph: 1, from: 6, to: 6, inserted: '和成效' }),
      ]),
      live,
    )
    expect(unplaced).toEqual([])
    expect(placed).toEqual([
      {
        kind: 'suggestion',
        change: 0,
        segment: 1,
        from: 30,
        to: 34,
        quote: '稳步提升',
        insert: '显著提升',
        author: '张三',
      },
      { kind: 'suggestion', change: 1, segment: 0, from: 4, to: 4, quote: '', insert: '和成效', author: '张三' },
    ])
  })

  it('finds a paragraph that moved among others, and tells two alike paragraphs apart by where they were', () => {
    const twice = ['甲段：建设质量稳步提升。', '乙段：其他内容。', '甲段：建设质量稳步提升。']
    const live = ['新的开头。', '甲段：建设质量稳步提升。', '乙段：其他内容。', '甲段：建设质量稳步提升。']
    const { placed } = placeReturnedDraft(docx(twice, [change(twice, { paragraph: 2, from: 7, to: 9 })]), live)
    expect(placed).toMatchObject([{ segment: 3, from: 7, to: 9, quote: '稳步' }])
  })

  it('does not place a change whose words were edited since, nor one whose paragraph is gone', () => {
    const live = [
      '近年来，我市累计建成高标准农田48.6万亩，建设质量明显提升。',
      '2022年以来，全市累计投入建设资金28.7亿元。',
    ]
    const { placed, unplaced } = placeReturnedDraft(
      docx(sent, [
        change(sent, { paragraph: 2, from: 26, to: 30, inserted: '显著提升' }),
        change(sent, { paragraph: 4, from: 9, to: 13 }),
        change(sent, { paragraph: 3, from: 0, to: 0, inserted: '自' }),
      ]),
      live,
    )
    expect(unplaced.map((u) => [u.kind, u.reason, u.deleted])).toEqual([
      ['replacement', 'words_changed', '稳步提升'],
      ['deletion', 'paragraph_not_found', '稳定增长'],
    ])
    expect(placed).toMatchObject([{ change: 2, segment: 1, from: 0, to: 0, insert: '自' }])
  })

  it('places an insertion next to words that survive, not where all around it was rewritten', () => {
    const text = ['甲乙丙丁戊己庚辛']
    const kept = placeReturnedDraft(docx(text, [change(text, { paragraph: 0, from: 4, to: 4, inserted: '新' })]), [
      '甲乙丙丁改写己庚辛',
    ])
    expect(kept.placed).toMatchObject([{ from: 4 }])
    const lost = placeReturnedDraft(docx(text, [change(text, { paragraph: 0, from: 4, to: 4, inserted: '新' })]), [
      '甲乙丙子丑己庚辛',
    ])
    expect(lost.unplaced.map((u) => u.reason)).toEqual(['words_changed'])
  })

  it('leaves what no suggestion holds, and a comment without a place or words, for a person', () => {
    const merge: WordChange = {
      ...change(sent, { paragraph: 2, from: 30, to: 30 }),
      kind: 'paragraph_merge',
      deleted: '\n',
    }
    const nowhere: WordComment = { ...comment(sent, 2, 0, 2), start: null, end: null }
    const blank = comment(sent, 2, 0, 2, '  ')
    const { placed, unplaced } = placeReturnedDraft(docx(sent, [merge], [nowhere, blank]), sent)
    expect(placed).toEqual([])
    expect(unplaced.map((u) => [u.kind, u.reason])).toEqual([
      ['paragraph_merge', 'unsupported'],
      ['comment', 'no_anchor'],
      ['comment', 'empty'],
    ])
  })

  it('places a comment on its words, a comment on a point on the character before it, one over paragraphs end to end', () => {
    const live = [...sent]
    const over: WordComment = { ...comment(sent, 2, 4, 6), end: { paragraph: 3, offset: 7 } }
    const { placed, unplaced } = placeReturnedDraft(
      docx(sent, [], [comment(sent, 3, 18, 24), comment(sent, 4, 5, 5), over]),
      live,
    )
    expect(unplaced).toEqual([])
    expect(placed).toEqual([
      { kind: 'comment', comment: 0, start: { segment: 3, offset: 18 }, end: { segment: 3, offset: 24 } },
      { kind: 'comment', comment: 1, start: { segment: 4, offset: 4 }, end: { segment: 4, offset: 5 } },
      { kind: 'comment', comment: 2, start: { segment: 2, offset: 4 }, end: { segment: 3, offset: 7 } },
    ])
  })
})
