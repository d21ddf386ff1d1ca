/**
 * Every message a person can be shown exists in Chinese and in English: a sentence for every error
 * code and reason the server can send (shared/errors.ts), a name for every input it can name, and
 * every audit action read as a sentence; server refusals reach the reader as catalogue sentences.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  writeCreateDetails,
  writeDisposeDetails,
  writeExportDetails,
  writeInviteDetails,
  writeRegisterCorrectionDetails,
  writeRegisterDetails,
  writeRenameDetails,
  writeKindChangeDetails,
  writeRestoreDetails,
  writeSuggestionDetails,
  writeVersionDetails,
} from '../../shared/audit-details.js'
import { ErrorCode, ErrorReason } from '../../shared/errors.js'
import * as schema from '../../shared/schema.js'
import { AuditAction, type AuditEntry } from '../../shared/schema.js'
import { reasonOf } from '../../server/http/validation.js'
import { en } from '../../client/i18n/en.js'
import { errorMessage, loadPageMessages, type Locale } from '../../client/i18n/i18n.js'
import { zhCN } from '../../client/i18n/zh-cn.js'

const catalogue = (which: Locale): Readonly<Record<string, string>> => (which === 'en' ? en : zhCN)
import { auditLine } from '../../client/versions/audit-line.js'
import { repoRoot } from '../helpers/server.js'

const locales: Locale[] = ['zh-CN', 'en']

/** The keys of `keys` missing from either locale, as `locale: key`. */
const missing = (keys: string[]) =>
  locales.flatMap((locale) => keys.filter((key) => !(key in catalogue(locale))).map((key) => `${locale}: ${key}`))

/** The top-level fields of a request schema (through refine, partial, extend and default). */
function fieldsOf(type: z.ZodType): string[] {
  const def = (type as unknown as { _zod: { def: Record<string, unknown> } })._zod.def
  if (def.shape) return Object.keys(def.shape as object)
  for (const inner of ['innerType', 'in', 'schema']) if (def[inner]) return fieldsOf(def[inner] as z.ZodType)
  return []
}

/** Every input a refusal can name: the fields of every request body and query, and those the domain names itself. */
function nameableFields(): string[] {
  const fromSchemas = Object.entries(schema)
    .filter(([name, value]) => /(Body|Query)$/.test(name) && value instanceof z.ZodType)
    .flatMap(([, value]) => fieldsOf(value as z.ZodType))
  const serverFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? serverFiles(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : [],
    )
  const fromServer = serverFiles(join(repoRoot, 'server')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:field: '|invalidInput\(')(\w+)'/g)].map((m) => m[1]),
  )
  return [...new Set([...fromSchemas, ...fromServer, 'body'])]
}

describe('the catalogue covers everything the server can say', () => {
  it('has a sentence for every error code, in Chinese and English', () => {
    expect(missing(ErrorCode.options.map((code) => `error.${code}`))).toEqual([])
  })

  it('has a sentence for every reason the server can give, in Chinese and English', () => {
    expect(missing(ErrorReason.options.map((reason) => `reason.${reason}`))).toEqual([])
  })

  it('has a name for every input a refusal can name', () => {
    const fields = nameableFields()
    expect(fields).toEqual(expect.arrayContaining(['title', 'body', 'username', 'opinion', 'sentOn', 'anchor']))
    expect(missing(fields.map((field) => `field.${field}`))).toEqual([])
  })

  it('has a label and a sentence for every audit action', () => {
    expect(missing(AuditAction.options.flatMap((a) => [`audit.action.${a}`, `audit.sentence.${a}`]))).toEqual([])
  })

  it('fills the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort()
    const en = catalogue('en')
    const differing = Object.entries(catalogue('zh-CN'))
      .filter(([key, zh]) => placeholders(zh).join() !== placeholders(en[key] ?? '').join())
      .map(([key]) => key)
    expect(differing).toEqual([])
  })
})

/** An error as the client's ApiError carries it. */
const refusal = (code: string, reason?: string, params?: Record<string, string | number>) =>
  Object.assign(new Error('the server’s English'), { name: 'ApiError', status: 400, code, reason, params })

describe('a refusal reads as a sentence of the catalogue, never the server’s English', () => {
  // A refusal's sentences are not among the first chunk's strings: ApiError.from loads them
  // before the refusal reaches anyone (refusal-words.test.ts).
  beforeAll(() => loadPageMessages())

  it('says why an approved 建议案 cannot be renamed', () => {
    expect(errorMessage(refusal('conflict', 'approved_rename'))).toBe('已审定的建议案不能重命名，请主席先重新开放')
  })

  it('names the input and its limit, from a validation the server made with zod', () => {
    const issue = schema.CreateDocumentBody.safeParse({ title: '长'.repeat(201), groupId: 'AAAAAAAAAAAAAAAA' }).error!
      .issues[0]
    const { reason, params } = reasonOf(issue, 'title', '长'.repeat(201))
    expect(errorMessage(refusal('invalid_input', reason, { ...params, field: 'title' }))).toBe('标题最多 200 字')
  })

  it('maps each kind of zod issue to a reason', () => {
    const first = (type: z.ZodType, value: Record<string, unknown>, field: string) =>
      reasonOf(type.safeParse(value).error!.issues[0], field, value[field])
    expect(first(schema.ReturnBody, { opinion: '  ' }, 'opinion')).toEqual({ reason: 'required' })
    expect(
      first(
        schema.CreateUserBody,
        { username: 'A!', displayName: 'x', role: 'member', password: 'x'.repeat(12) },
        'username',
      ).reason,
    ).toBe('username_format')
    expect(first(schema.ResetPasswordBody, { password: 'short' }, 'password')).toEqual({
      reason: 'too_short',
      params: { min: 10 },
    })
    expect(
      first(schema.RegisterBody, { documentNumber: '3号', recipients: '市政府', sentBy: '李秘书' }, 'sentOn'),
    ).toEqual({
      reason: 'required',
    })
    expect(first(schema.UpdateUserBody, {}, 'body')).toEqual({ reason: 'nothing_to_change', params: {} })
    expect(first(schema.RenameDocumentBody, { title: '关于……的建议案' }, 'title')).toEqual({
      reason: 'title_placeholder',
      params: {},
    })
    expect(first(schema.MarkReadBody, { commentIds: [] }, 'commentIds')).toEqual({
      reason: 'too_few',
      params: { min: 1 },
    })
  })

  it('translates the workflow step and stage it names', () => {
    const text = errorMessage(refusal('workflow_conflict', 'workflow_state', { action: 'approve', state: 'approved' }))
    expect(text).toBe('这份建议案现在“已审定”，不能“审定通过”。请刷新后再看')
  })

  it('says the code’s sentence without a reason, and something calm for an answer that is not ours', () => {
    expect(errorMessage(refusal('too_many_edits'))).toBe('这条评论的修改次数已达上限，无法再修改。')
    expect(errorMessage(refusal('no_such_code'))).toBe('服务器出错了，请稍后再试；如果仍不成功，请联系管理员。')
    expect(errorMessage(Object.assign(refusal('internal'), { status: 0 }))).toBe('无法连接服务器，请检查网络后再试。')
  })
})

describe('audit entries read as sentences', () => {
  // The history's strings are among those the page loads on demand.
  beforeAll(() => loadPageMessages())

  const entry = (action: AuditEntry['action'], details: string, versionNumber: number | null = 3): AuditEntry => ({
    documentId: 'AAAAAAAAAAAAAAAA',
    seq: 1,
    action,
    actorId: 'u1',
    at: '2026-12-04T14:12:00.000Z',
    versionNumber,
    contentHash: null,
    details,
    prevHash: '',
    hash: 'h',
  })
  const nameOf = (id: string) => ({ u1: '王组长', u2: '钱教授' })[id] ?? `#${id.slice(0, 6)}`
  const line = (action: AuditEntry['action'], details: string) => auditLine(entry(action, details), nameOf)
  /** The server's words for the machine (format names, marks, ids) that must not reach the sentence. */
  const machineWords =
    /\b(approved|draft|consultation|redline|register|corrects|supersedes|template|group|thread|until|revoked|restored|manual|jianyian|docx|pdf)\b/

  it('reads an approved export as 导出了审定稿 PDF', () => {
    expect(line('export', writeExportDetails({ kind: 'approved', format: 'pdf', registerId: 'r1' }))).toEqual({
      sentence: '王组长导出了审定稿 PDF（v3）',
      details: null,
    })
  })

  it('reads every kind of entry without the server’s machine words', () => {
    const lines = [
      line('export', writeExportDetails({ kind: 'version', format: 'docx', mark: 'consultation' })),
      line('export', writeExportDetails({ kind: 'redline', from: 1, to: 3 })),
      line(
        'register',
        writeRegisterDetails({
          documentNumber: '政协〔2026〕3号',
          recipients: '市政府',
          sentOn: '2026-12-04',
          sentBy: '李秘书',
          registerId: 'r1',
        }),
      ),
      line(
        'register_correct',
        writeRegisterCorrectionDetails({
          registerId: 'r2',
          correctsId: 'r1',
          fromNumber: '3号',
          toNumber: '4号',
          reason: '文号有误',
          superseded: [4, 6],
        }),
      ),
      line('create', writeCreateDetails({ title: '关于发展智慧农业的建议案', template: 'jianyian', groupId: 'g1' })),
      line('rename', writeRenameDetails('关于甲的建议案', '关于乙的建议案')),
      line('kind_change', writeKindChangeDetails('report', 'plan')),
      line('invite', writeInviteDetails({ username: 'qian', userId: 'u2', until: null })),
      line('dispose', writeDisposeDetails({ threadId: 't1', kind: 'partly_adopted', rationale: '已补充数据' })),
      line('version', writeVersionDetails('manual', '第二稿')),
      line('restore', writeRestoreDetails(2)),
      line(
        'suggestion',
        writeSuggestionDetails({ threadId: 't2', outcome: 'accepted', from: '加强', to: '全面加强', rationale: '' }),
      ),
      line(
        'suggestion',
        writeSuggestionDetails({ threadId: 't3', outcome: 'rejected', from: '逐步', to: '', rationale: '保留原文' }),
      ),
      line(
        'suggestion',
        writeSuggestionDetails({ threadId: 't4', outcome: 'withdrawn', from: '', to: '和管护', rationale: '' }),
      ),
    ]
    for (const { sentence, details } of lines) {
      expect(sentence).toMatch(/^王组长/)
      expect(`${sentence} ${details ?? ''}`).not.toMatch(machineWords)
    }
    expect(lines.map((l) => l.sentence)).toEqual([
      '王组长导出了征求意见稿 DOCX（v3）',
      '王组长导出了修订对照 DOCX（v1 → v3）',
      '王组长为 v3 办理了报送登记：政协〔2026〕3号，主送市政府，2026-12-04报送',
      '王组长更正了 v3 的报送登记：文号 3号 改为 4号',
      '王组长新建了《关于发展智慧农业的建议案》（建议案模板）',
      '王组长把标题《关于甲的建议案》改为《关于乙的建议案》',
      '王组长把文种由调研报告改为调研方案',
      '王组长邀请钱教授征求意见，不限期',
      '王组长记录了意见处理：部分采纳',
      '王组长保存了 v3（手动）',
      '王组长将文稿恢复为 v2',
      '王组长接受了修订：将“加强”修改为“全面加强”',
      '王组长拒绝了修订：删除“逐步”',
      '王组长撤回了修订：增加“和管护”',
    ])
    expect(lines.at(-2)?.details).toBe('保留原文')
  })
})
