/**
 * 意见采纳情况表 rows: comments and suggestions (修订) together, grouped by who raised them, each
 * suggestion read as the change it proposed and its decision as 采纳 / 未采纳 / 部分采纳.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { opinionRows } from '../../server/domain/opinion-table.js'
import { FileVersionStore } from '../../server/store/embedded/file-version-store.js'
import { LowdbMetadataStore } from '../../server/store/embedded/lowdb-metadata-store.js'
import type { StoredUser } from '../../server/store/types.js'
import type { Suggestion, Thread } from '../../shared/schema.js'
import { actorOf, domainDeps } from '../helpers/domain-deps.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const user = (id: string, displayName: string, role: StoredUser['role']): StoredUser => ({
  id,
  username: id,
  displayName,
  role,
  active: true,
  createdAt: '',
  passwordHash: 'x',
})
const convener = user('convener00000001', '组长', 'member')
const department = user('department000001', '市农业农村局', 'commenter')
const docId = 'doc0000000000001'
const anchor = { start: 'AAAA', end: 'AAAA' }

let sequence = 0
function thread(authorId: string, quote: string, body: string | null, suggestion?: Partial<Suggestion>): Thread {
  sequence += 1
  const at = `2026-12-05T08:00:${String(sequence).padStart(2, '0')}.000Z`
  return {
    id: `thread${String(sequence).padStart(10, '0')}`,
    documentId: docId,
    anchor,
    quote,
    authorId,
    createdAt: at,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    disposition: null,
    comments:
      body === null
        ? []
        : [
            {
              id: `comment${String(sequence).padStart(9, '0')}`,
              authorId,
              body,
              mentions: [],
              createdAt: at,
              editedAt: null,
              history: [],
              deleted: false,
            },
          ],
    suggestion: suggestion && {
      insert: '',
      status: 'open',
      updatedAt: at,
      decidedBy: null,
      decidedAt: null,
      rationale: '',
      ...suggestion,
    },
  }
}

const decided = (t: Thread, kind: 'adopted' | 'not_adopted' | 'partly_adopted', rationale = ''): Thread => ({
  ...t,
  resolved: true,
  disposition: { kind, rationale, by: convener.id, at: t.createdAt },
})

async function rowsOf(threads: Thread[]) {
  const dir = mkdtempSync(join(tmpdir(), 'jianyi-opinions-'))
  dirs.push(dir)
  const metadata = await LowdbMetadataStore.open(join(dir, 'metadata.json'))
  await metadata.createUser(convener)
  await metadata.createUser(department)
  await metadata.createGroup({
    id: 'group00000000001',
    name: '组',
    members: [{ userId: convener.id, convener: true }],
    chairIds: [],
    secretaryIds: [],
    createdAt: '',
  })
  await metadata.createDocument({
    id: docId,
    title: '关于加强农田建设的建议案',
    groupId: 'group00000000001',
    status: 'draft',
    createdAt: '',
    updatedAt: '',
  })
  for (const t of threads) await metadata.putThread(t)
  const deps = domainDeps({ metadata, versions: new FileVersionStore(join(dir, 'versions')) }, new Map())
  return (await opinionRows(deps, actorOf(convener), docId)).rows
}

describe('the opinion table with suggestions', () => {
  it('reads each suggestion as the change it proposed, with its note and decision', async () => {
    const rows = await rowsOf([
      decided(thread(department.id, '加强', null, { insert: '全面加强', status: 'accepted' }), 'adopted'),
      decided(
        thread(department.id, '逐步', '时限不宜写死', { insert: '', status: 'rejected' }),
        'not_adopted',
        '保留原表述',
      ),
      thread(department.id, '', null, { insert: '和水利设施' }),
    ])
    expect(
      rows.map(({ quote, opinion, disposition, rationale }) => ({ quote, opinion, disposition, rationale })),
    ).toEqual([
      { quote: '加强', opinion: '建议将“加强”修改为“全面加强”', disposition: '采纳', rationale: '' },
      { quote: '逐步', opinion: '建议删除“逐步”\n说明：时限不宜写死', disposition: '未采纳', rationale: '保留原表述' },
      { quote: '', opinion: '建议增加“和水利设施”', disposition: '未处理', rationale: '' },
    ])
  })

  it('lists comments and suggestions together, grouped by who raised them, numbered through', async () => {
    const rows = await rowsOf([
      thread(convener.id, '农田', '请补充数据'),
      thread(department.id, '建设', null, { insert: '建设管护' }),
      decided(
        thread(convener.id, '标准', null, { insert: '高标准', status: 'accepted' }),
        'partly_adopted',
        '改为“高标准”后又有调整',
      ),
      thread(department.id, '资金', '建议写明来源'),
    ])
    expect(rows.map((r) => [r.number, r.raisedBy, r.opinion, r.disposition])).toEqual([
      [1, '组长', '请补充数据', '未处理'],
      [2, '组长', '建议将“标准”修改为“高标准”', '部分采纳'],
      [3, '市农业农村局', '建议将“建设”修改为“建设管护”', '未处理'],
      [4, '市农业农村局', '建议写明来源', '未处理'],
    ])
  })

  it('leaves out a suggestion its author withdrew', async () => {
    const rows = await rowsOf([
      thread(department.id, '加强', null, { insert: '强化', status: 'withdrawn' }),
      thread(department.id, '农田', '请补充数据'),
    ])
    expect(rows.map((r) => [r.number, r.opinion])).toEqual([[1, '请补充数据']])
  })

  it('makes an outside unit a returned draft came from its own raiser, named with the Word author', async () => {
    const from = (t: Thread, unit: string | null, wordAuthor: string): Thread => ({
      ...t,
      source: { unit, wordAuthor, importedBy: convener.id, fileName: '返回稿.docx' },
    })
    const rows = await rowsOf([
      from(thread(convener.id, '农田', '请核实数据'), '市财政局', '张三'),
      thread(convener.id, '标准', '请补充'),
      from(thread(convener.id, '资金', null, { insert: '财政资金' }), '市财政局', '李四'),
      from(thread(department.id, '建设', '建议写明'), null, '王五'),
    ])
    expect(rows.map((r) => [r.number, r.raisedBy, r.opinion])).toEqual([
      [1, '市财政局（张三）', '请核实数据'],
      [2, '市财政局（李四）', '建议将“资金”修改为“财政资金”'],
      [3, '组长', '请补充'],
      [4, '市农业农村局', '建议写明'],
    ])
  })
})
