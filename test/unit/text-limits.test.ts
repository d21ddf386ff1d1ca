/**
 * The limits of free-text inputs are written once (shared/text-limits.ts): each request schema
 * takes exactly as many characters as the client's counter allows, counted the same way (code
 * points, of the text as stored), and a refusal names the limit.
 */
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  ApproveBody,
  CommentBody,
  DisplayName,
  DispositionBody,
  DocumentTitle,
  GroupName,
  RegisterBody,
  RegisterCorrectionBody,
  ReopenBody,
  ReturnBody,
  SubmitBody,
  VersionLabel,
} from '../../shared/schema.js'
import { MaterialSource, MaterialTitle } from '../../shared/materials.js'
import { textLimits, type TextLimit } from '../../shared/text-limits.js'
import { reasonOf } from '../../server/http/validation.js'

/** Every free-text input: its schema and the limit its counter counts by. */
const inputs: [string, z.ZodType, TextLimit][] = [
  ['title', DocumentTitle, textLimits.title],
  ['comment', CommentBody, textLimits.comment],
  ['送审说明', SubmitBody.shape.note, textLimits.note],
  ['审定意见', ApproveBody.shape.opinion, textLimits.note],
  ['退回意见', ReturnBody.shape.opinion, textLimits.note],
  ['重新开放的原因', ReopenBody.shape.reason, textLimits.note],
  ['处理说明', DispositionBody.shape.rationale, textLimits.rationale],
  ['version label', VersionLabel, textLimits.versionLabel],
  ['group name', GroupName, textLimits.groupName],
  ['display name', DisplayName, textLimits.displayName],
  ['文号', RegisterBody.shape.documentNumber, textLimits.documentNumber],
  ['主送机关', RegisterBody.shape.recipients, textLimits.recipients],
  ['题注', RegisterBody.shape.adoptionNote, textLimits.adoptionNote],
  ['署名', RegisterBody.shape.signature, textLimits.signature],
  ['报送人', RegisterBody.shape.sentBy, textLimits.sentBy],
  ['更正原因', RegisterCorrectionBody.shape.reason, textLimits.correctionReason],
  ['调研材料 title', MaterialTitle, textLimits.materialTitle],
  ['调研材料 source', MaterialSource, textLimits.materialSource],
]

/** `n` characters, every other one outside the BMP (two UTF-16 units): a count of units would be wrong. */
const characters = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? '𠀀' : '田')).join('')

describe('the limits of free-text inputs', () => {
  it.each(inputs)(
    'takes a %s of exactly its limit, counted in characters as its counter counts them',
    (_, type, limit) => {
      const text = characters(limit.max)
      expect(text.length).toBeGreaterThan(limit.max)
      expect(limit.length(text)).toBe(limit.max)
      expect(type.safeParse(text).success).toBe(true)
    },
  )

  it.each(inputs)('refuses a %s one character over, as too long with the limit', (_, type, limit) => {
    const text = characters(limit.max + 1)
    expect(limit.length(text)).toBe(limit.max + 1)
    const result = type.safeParse(text)
    expect(result.success).toBe(false)
    const issue = result.error!.issues[0]
    expect(reasonOf(issue, 'field', text)).toEqual({ reason: 'too_long', params: { max: limit.max } })
  })

  it('counts what is stored: spaces around a text are not counted, nor a 关于 or 建议案 the template doubled', () => {
    expect(textLimits.note.length(`  ${'意'.repeat(2000)}\n`)).toBe(2000)
    expect(SubmitBody.shape.note.safeParse(`  ${'意'.repeat(2000)}\n`).success).toBe(true)
    // 206 characters as typed over the suggested title, 200 once its doubled words are undone.
    const doubled = `关于关于${'农'.repeat(194)}的建议案的建议案`
    expect(textLimits.title.length(doubled)).toBe(200)
    expect(DocumentTitle.safeParse(doubled).data).toBe(`关于${'农'.repeat(194)}的建议案`)
    // A comment keeps its spaces and line breaks: they count.
    expect(textLimits.comment.length(' 意见\n')).toBe(4)
  })
})
