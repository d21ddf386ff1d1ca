import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { contentField } from '../../shared/editor/schema.js'
import { startSession } from '../../server/domain/sessions.js'
import { createThread, editComment, reply } from '../../server/domain/threads.js'
import { FileVersionStore } from '../../server/store/embedded/file-version-store.js'
import { LowdbMetadataStore } from '../../server/store/embedded/lowdb-metadata-store.js'
import type { StoredUser } from '../../server/store/types.js'
import { actorOf, domainDeps, type LiveDocs } from '../helpers/domain-deps.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const member: StoredUser = {
  id: 'member0000000001',
  username: 'chengyuan',
  displayName: '成员',
  role: 'member',
  active: true,
  createdAt: '',
  passwordHash: 'x',
}
const docId = 'doc0000000000001'

async function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'jianyi-limits-'))
  dirs.push(dir)
  const metadata = await LowdbMetadataStore.open(join(dir, 'metadata.json'))
  await metadata.createUser(member)
  await metadata.createGroup({
    id: 'group00000000001',
    name: '组',
    members: [{ userId: member.id, convener: true }],
    chairIds: [],
    secretaryIds: [],
    createdAt: '',
  })
  await metadata.createDocument({
    id: docId,
    title: '建议案',
    groupId: 'group00000000001',
    status: 'draft',
    createdAt: '',
    updatedAt: '',
  })
  const ydoc = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText('加强高标准农田建设')
  paragraph.insert(0, [text])
  ydoc.getXmlFragment(contentField).insert(0, [paragraph])
  const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')
  const anchor = {
    start: encode(Y.createRelativePositionFromTypeIndex(text, 0, 0)),
    end: encode(Y.createRelativePositionFromTypeIndex(text, 3, -1)),
  }
  const docs: LiveDocs = new Map([[docId, ydoc]])
  const deps = domainDeps({ metadata, versions: new FileVersionStore(join(dir, 'versions')) }, docs, {
    threadsPerDocument: 2,
    commentsPerThread: 3,
    editsPerComment: 2,
  })
  return { deps, anchor, actor: actorOf(member) }
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code,
  )

describe('limits on stored comment data', () => {
  it('refuses a thread past MAX_THREADS_PER_DOCUMENT with too_many_threads', async () => {
    const { deps, anchor, actor } = await setUp()
    await createThread(deps, actor, docId, anchor, '一')
    await createThread(deps, actor, docId, anchor, '二')
    expect(await codeOf(createThread(deps, actor, docId, anchor, '三'))).toBe('too_many_threads')
    expect(await deps.metadata.listThreads(docId)).toHaveLength(2)
  })

  it('refuses a comment past MAX_COMMENTS_PER_THREAD and an edit past MAX_COMMENT_EDITS', async () => {
    const { deps, anchor, actor } = await setUp()
    const thread = await createThread(deps, actor, docId, anchor, '一')
    await reply(deps, actor, docId, thread.id, '二')
    await reply(deps, actor, docId, thread.id, '三')
    expect(await codeOf(reply(deps, actor, docId, thread.id, '四'))).toBe('too_many_comments')

    const commentId = thread.comments[0].id
    await editComment(deps, actor, docId, thread.id, commentId, '一改')
    await editComment(deps, actor, docId, thread.id, commentId, '一再改')
    expect(await codeOf(editComment(deps, actor, docId, thread.id, commentId, '一三改'))).toBe('too_many_edits')
    const stored = (await deps.metadata.getThread(thread.id))!
    expect(stored.comments).toHaveLength(3)
    expect(stored.comments[0]).toMatchObject({ body: '一再改', history: [{ body: '一' }, { body: '一改' }] })
  })
})

describe('expired sessions', () => {
  it('are swept when someone logs in, without a timer', async () => {
    const { deps } = await setUp()
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString()
    await deps.metadata.createSession({
      idHash: 'idle',
      userId: member.id,
      createdAt: hoursAgo(3),
      lastSeenAt: hoursAgo(2),
    })
    await deps.metadata.createSession({
      idHash: 'old',
      userId: member.id,
      createdAt: hoursAgo(13),
      lastSeenAt: hoursAgo(0),
    })
    await deps.metadata.createSession({
      idHash: 'fresh',
      userId: member.id,
      createdAt: hoursAgo(1),
      lastSeenAt: hoursAgo(0),
    })
    await startSession(deps, member.id)
    expect(await deps.metadata.getSession('idle')).toBeNull()
    expect(await deps.metadata.getSession('old')).toBeNull()
    expect(await deps.metadata.getSession('fresh')).not.toBeNull()
  })
})
