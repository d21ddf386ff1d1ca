/**
 * The behaviour every store implementation owes the rest of the server, as one suite per interface.
 * A test file calls these once per implementation (embedded, PostgreSQL, …) with a factory of
 * fresh, empty stores, so that the implementations cannot drift apart unnoticed.
 */
import type { FollowUpEntry } from '../../shared/follow-up.js'
import type { Activity } from '../../shared/investigation.js'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { contentOf, docFrom, randomlyEditedDoc } from './random-edits.js'
import type { AuditEntry, DocumentMeta, Group, Notification, Submission, Thread, Version } from '../../shared/schema.js'
import type { Material } from '../../shared/materials.js'
import type {
  DocumentStore,
  MaterialStore,
  MetadataStore,
  SearchTextStore,
  StoredInvitation,
  StoredSession,
  StoredUser,
  VersionStore,
} from '../../server/store/types.js'

export interface MetadataStoreFixture {
  /** A fresh, empty store. */
  store: MetadataStore
  /** Opens another store on the same storage, as a restart (or, if it can share, another instance) does. */
  reopen(): Promise<MetadataStore>
  /** Closes whatever the fixture opened and removes its storage. */
  cleanup(): Promise<void>
}

export interface VersionStoreFixture {
  /** A fresh, empty store. */
  store: VersionStore
  /** Opens another store on the same storage. */
  reopen(): Promise<VersionStore>
  cleanup(): Promise<void>
}

export interface DocumentStoreOptions {
  /** Size of the log in bytes past which the store compacts it on its own. */
  compactBytes?: number
}

export interface DocumentStoreFixture {
  /** A fresh, empty store. */
  store: DocumentStore
  /** Merges a document's log into its state now, as the store does on its own past its threshold. */
  compact(docId: string): Promise<void>
  /** Opens another store on the same storage; where storage cannot be shared, only after `store` is closed. */
  openAnother(): Promise<DocumentStore>
  cleanup(): Promise<void>
}

export interface DocumentStoreCapabilities {
  /** Several instances may append to one storage at once (PostgreSQL, not the locked data directory). */
  sharedByInstances: boolean
}

// ── samples ──

/** A 16-character id, as the server makes them, readable in failures. */
const id = (name: string): string => `${name}${'0'.repeat(16)}`.slice(0, 16)

const doc = (name: string, updatedAt: string, patch: Partial<DocumentMeta> = {}): DocumentMeta => ({
  id: id(name),
  title: `Draft ${name}`,
  groupId: id('group'),
  status: 'draft',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt,
  ...patch,
})

const user = (name: string, patch: Partial<StoredUser> = {}): StoredUser => ({
  id: id(name),
  username: name,
  displayName: `Name of ${name}`,
  role: 'member',
  active: true,
  createdAt: '2025-01-01T00:00:00.000Z',
  passwordHash: `scrypt$16384$8$1$salt-${name}$hash-${name}`,
  ...patch,
})

const session = (name: string, userName: string): StoredSession => ({
  idHash: `hash-of-${name}`,
  userId: id(userName),
  createdAt: '2025-01-01T00:00:00.000Z',
  lastSeenAt: '2025-01-01T00:00:00.000Z',
})

const group = (name: string, patch: Partial<Group> = {}): Group => ({
  id: id(name),
  name: `Group ${name}`,
  members: [
    { userId: id('zeta'), convener: true },
    { userId: id('alpha'), convener: false },
  ],
  chairIds: [id('chair')],
  secretaryIds: [id('secretary'), id('clerk')],
  createdAt: '2025-01-01T00:00:00.000Z',
  ...patch,
})

const invitation = (docName: string, userName: string, until: string | null = null): StoredInvitation => ({
  documentId: id(docName),
  userId: id(userName),
  invitedBy: id('convener'),
  until,
  createdAt: '2025-01-01T00:00:00.000Z',
})

const thread = (name: string, docName: string, patch: Partial<Thread> = {}): Thread => ({
  id: id(name),
  documentId: id(docName),
  anchor: { start: 'AAECAwQ=', end: 'BQYHCAk=' },
  quote: '建议 words',
  authorId: id('author'),
  createdAt: '2025-01-01T00:00:00.000Z',
  resolved: false,
  resolvedBy: null,
  resolvedAt: null,
  disposition: null,
  comments: [
    {
      id: id(`${name}-c1`),
      authorId: id('author'),
      body: 'first @alpha',
      mentions: [id('alpha')],
      createdAt: '2025-01-01T00:00:00.000Z',
      editedAt: null,
      history: [],
      deleted: false,
    },
  ],
  ...patch,
})

const version = (docName: string, number: number, patch: Partial<Version> = {}): Version => ({
  documentId: id(docName),
  number,
  label: `第${number}稿`,
  kind: 'manual',
  authorId: id('author'),
  createdAt: `2025-01-0${number}T00:00:00.000Z`,
  charCount: 100 * number,
  hash: String(number).repeat(64).slice(0, 64),
  ...patch,
})

const submission = (name: string, docName: string, patch: Partial<Submission> = {}): Submission => ({
  id: `submission-${name}`,
  documentId: id(docName),
  versionNumber: 1,
  hash: 'a'.repeat(64),
  note: '请审定',
  submittedBy: id('convener'),
  submittedAt: '2025-01-02T00:00:00.000Z',
  decision: null,
  ...patch,
})

const audit = (docName: string, seq: number, patch: Partial<AuditEntry> = {}): AuditEntry => ({
  documentId: id(docName),
  seq,
  action: 'version',
  actorId: id('author'),
  at: `2025-01-01T00:00:0${seq}.000Z`,
  versionNumber: seq === 0 ? null : seq,
  contentHash: seq === 0 ? null : 'c'.repeat(64),
  details: `entry ${seq}`,
  prevHash: seq === 0 ? '' : `hash-${seq - 1}`,
  hash: `hash-${seq}`,
  ...patch,
})

/** Appends an entry made in advance (the store checks that it is the next one). */
const append = (store: MetadataStore, entry: AuditEntry) => store.appendAudit(entry.documentId, () => sealed(entry))
/** An entry with an anchor for its chain (the signature is the domain's business; any text does here). */
const sealed = (entry: AuditEntry) => ({
  entry,
  anchor: { length: entry.seq + 1, head: entry.hash, mac: `mac-${entry.hash}` },
})

const notification = (
  name: string,
  userName: string,
  createdAt: string,
  patch: Partial<Notification> = {},
): Notification => ({
  id: `notification-${name}`,
  userId: id(userName),
  documentId: id('doc'),
  kind: 'submitted',
  text: `notice ${name}`,
  createdAt,
  read: false,
  ...patch,
})

// ── Yjs helpers ──

const bytes = (...values: number[]) => Uint8Array.from(values)

/** Identical content and identical history (state vector): nothing lost, nothing invented. */
function expectSameDoc(actual: Y.Doc, expected: Y.Doc): void {
  expect(contentOf(actual)).toEqual(contentOf(expected))
  expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected))
}

function inBatches<T>(items: T[], size: number): T[][] {
  const batches: T[][] = []
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size))
  return batches
}

// ── MetadataStore ──

/** The MetadataStore contract; `factory` gives a fresh, empty store each time. */
export function describeMetadataStoreContract(name: string, factory: () => Promise<MetadataStoreFixture>): void {
  describe(`MetadataStore contract: ${name}`, () => {
    const fixtures: MetadataStoreFixture[] = []
    afterEach(async () => {
      await Promise.all(fixtures.splice(0).map((fixture) => fixture.cleanup()))
    })
    async function open(): Promise<MetadataStoreFixture> {
      const fixture = await factory()
      fixtures.push(fixture)
      return fixture
    }

    describe('documents', () => {
      it('gives back a created document by id, and null for an unknown id', async () => {
        const { store } = await open()
        const created = doc('one', '2025-01-02T00:00:00.000Z')

        expect(await store.createDocument(created)).toEqual(created)
        expect(await store.getDocument(created.id)).toEqual(created)
        expect(await store.getDocument(id('missing'))).toBeNull()
      })

      it('lists documents most recently updated first, equal times in creation order', async () => {
        const { store } = await open()
        expect(await store.listDocuments()).toEqual([])
        const same = '2025-01-02T00:00:00.000Z'
        for (const d of [
          doc('tie-b', same),
          doc('old', '2025-01-01T12:00:00.000Z'),
          doc('tie-a', same),
          doc('new', '2025-01-03T00:00:00.000Z'),
        ]) {
          await store.createDocument(d)
        }

        expect((await store.listDocuments()).map((d) => d.id)).toEqual([id('new'), id('tie-b'), id('tie-a'), id('old')])

        await store.updateDocument(id('old'), { updatedAt: '2025-01-04T00:00:00.000Z' })
        await store.updateDocument(id('tie-b'), { title: 'renamed, time unchanged' })
        expect((await store.listDocuments()).map((d) => d.id)).toEqual([id('old'), id('new'), id('tie-b'), id('tie-a')])
      })

      it('updates only the fields given and returns the new record, or null for an unknown document', async () => {
        const { store } = await open()
        const original = doc('edit', '2025-01-02T00:00:00.000Z')
        await store.createDocument(original)

        const renamed = await store.updateDocument(original.id, {
          title: 'Renamed',
          updatedAt: '2025-01-05T00:00:00.000Z',
        })
        expect(renamed).toEqual({ ...original, title: 'Renamed', updatedAt: '2025-01-05T00:00:00.000Z' })
        const submitted = await store.updateDocument(original.id, { status: 'submitted', title: undefined })
        expect(submitted).toEqual({ ...renamed, status: 'submitted' })
        expect(await store.updateDocument(original.id, {})).toEqual(submitted)
        expect(await store.getDocument(original.id)).toEqual(submitted)
        expect(await store.getDocumentStatus(original.id)).toBe('submitted')
        expect(await store.getDocumentStatus(id('missing'))).toBeNull()
        expect(await store.updateDocument(id('missing'), { title: 'x' })).toBeNull()
        expect(await store.getDocument(id('missing'))).toBeNull()
      })

      it('keeps the 主送机关 a document imported from Word was created with, and leaves it out of one without', async () => {
        const { store } = await open()
        const imported = { ...doc('imported', '2025-01-02T00:00:00.000Z'), recipients: '中共××市委、××市人民政府' }
        const plain = doc('plain', '2025-01-01T00:00:00.000Z')
        expect(await store.createDocument(imported)).toEqual(imported)
        await store.createDocument(plain)
        expect(await store.getDocument(imported.id)).toEqual(imported)
        expect(await store.getDocument(plain.id)).not.toHaveProperty('recipients')
        expect(await store.listDocuments()).toEqual([imported, plain])
        expect(await store.updateDocument(imported.id, { title: 'Renamed' })).toEqual({ ...imported, title: 'Renamed' })
      })

      it('keeps the kind a document was created with or changed to, and leaves it out of one made before kinds', async () => {
        const { store } = await open()
        const minutes = { ...doc('minutes', '2025-01-03T00:00:00.000Z'), kind: 'minutes' as const }
        const report = { ...doc('report', '2025-01-02T00:00:00.000Z'), kind: 'report' as const }
        const older = doc('older', '2025-01-01T00:00:00.000Z')
        expect(await store.createDocument(minutes)).toEqual(minutes)
        await store.createDocument(report)
        await store.createDocument(older)
        expect(await store.getDocument(report.id)).toEqual(report)
        expect(await store.getDocument(older.id)).not.toHaveProperty('kind')
        expect(await store.listDocuments()).toEqual([minutes, report, older])
        expect(await store.updateDocument(minutes.id, { title: 'Renamed', status: 'submitted' })).toEqual({
          ...minutes,
          title: 'Renamed',
          status: 'submitted',
        })
        // 改文种: a document of any age takes a kind, and keeps it.
        expect(await store.updateDocument(report.id, { kind: 'plan' })).toEqual({ ...report, kind: 'plan' })
        expect(await store.updateDocument(older.id, { kind: 'report' })).toEqual({ ...older, kind: 'report' })
        expect(await store.getDocument(older.id)).toEqual({ ...older, kind: 'report' })
        expect(await store.getDocument(report.id)).toEqual({ ...report, kind: 'plan' })
      })

      it('refuses a second document with the same id and keeps the first', async () => {
        const { store } = await open()
        const first = doc('taken', '2025-01-02T00:00:00.000Z')
        await store.createDocument(first)

        await expect(store.createDocument({ ...first, title: 'Intruder' })).rejects.toThrow(/already exists/)
        expect(await store.listDocuments()).toEqual([first])
      })

      it('deletes a document with its invitations, threads and unread mentions, and nothing of other documents', async () => {
        const { store } = await open()
        await store.createDocument(doc('gone', '2025-01-02T00:00:00.000Z'))
        const kept = await store.createDocument(doc('kept', '2025-01-02T00:00:00.000Z'))
        await store.putInvitation(invitation('gone', 'guest'))
        await store.putInvitation(invitation('kept', 'guest'))
        await store.putThread(thread('gone-thread', 'gone'))
        await store.putThread(thread('kept-thread', 'kept'))
        await store.addUnreadMentions([
          { userId: id('alpha'), documentId: id('gone'), commentId: id('gone-comment') },
          { userId: id('alpha'), documentId: id('kept'), commentId: id('kept-comment') },
        ])

        expect(await store.deleteDocument(id('gone'))).toBe(true)

        expect(await store.getDocument(id('gone'))).toBeNull()
        expect(await store.listDocuments()).toEqual([kept])
        expect(await store.listInvitations(id('gone'))).toEqual([])
        expect(await store.listInvitationsOfUser(id('guest'))).toEqual([invitation('kept', 'guest')])
        expect(await store.listThreads(id('gone'))).toEqual([])
        expect(await store.getThread(id('gone-thread'))).toBeNull()
        expect(await store.listThreads(id('kept'))).toEqual([thread('kept-thread', 'kept')])
        expect(await store.listUnreadMentions(id('alpha'), id('gone'))).toEqual([])
        expect(await store.listUnreadMentions(id('alpha'), id('kept'))).toEqual([id('kept-comment')])
        expect(await store.deleteDocument(id('gone'))).toBe(false)
      })
    })

    describe('users', () => {
      it('counts users, lists them in creation order and finds them by id and by username', async () => {
        const { store } = await open()
        expect(await store.countUsers()).toBe(0)
        expect(await store.listUsers()).toEqual([])
        const zhang = user('zhang', { role: 'admin' })
        const an = user('an', { role: 'commenter', active: false })

        expect(await store.createUser(zhang)).toEqual(zhang)
        await store.createUser(an)

        expect(await store.countUsers()).toBe(2)
        expect(await store.listUsers()).toEqual([zhang, an])
        expect(await store.getUser(an.id)).toEqual(an)
        expect(await store.getUserByUsername('zhang')).toEqual(zhang)
        expect(await store.getUser(id('missing'))).toBeNull()
        expect(await store.getUserByUsername('missing')).toBeNull()
      })

      it('refuses a username that is taken and stores nothing', async () => {
        const { store } = await open()
        const first = user('li')
        await store.createUser(first)

        await expect(store.createUser(user('li', { id: id('other-li') }))).rejects.toThrow(/taken/)
        expect(await store.countUsers()).toBe(1)
        expect(await store.getUserByUsername('li')).toEqual(first)
        expect(await store.getUser(id('other-li'))).toBeNull()
      })

      it('updates only the fields given, turning `active` off too, or answers null for an unknown user', async () => {
        const { store } = await open()
        const original = user('wang')
        await store.createUser(original)

        const updated = await store.updateUser(original.id, { displayName: 'Wang Wu', role: 'chair', active: false })
        expect(updated).toEqual({ ...original, displayName: 'Wang Wu', role: 'chair', active: false })
        const rehashed = await store.updateUser(original.id, { passwordHash: 'scrypt$new', displayName: undefined })
        expect(rehashed).toEqual({ ...updated, passwordHash: 'scrypt$new' })
        expect(await store.getUserByUsername('wang')).toEqual(rehashed)
        expect(await store.updateUser(id('missing'), { active: true })).toBeNull()
        expect(await store.countUsers()).toBe(1)
      })
    })

    describe('sessions', () => {
      it('creates, finds, touches and deletes sessions; an unknown session is touched or deleted without effect', async () => {
        const { store } = await open()
        const s = session('one', 'zhao')
        await store.createSession(s)

        expect(await store.getSession(s.idHash)).toEqual(s)
        await store.touchSession(s.idHash, '2025-01-01T01:00:00.000Z')
        expect(await store.getSession(s.idHash)).toEqual({ ...s, lastSeenAt: '2025-01-01T01:00:00.000Z' })
        await store.touchSession('hash-of-nothing', '2025-01-01T02:00:00.000Z')
        expect(await store.getSession('hash-of-nothing')).toBeNull()
        await store.deleteSession('hash-of-nothing')
        await store.deleteSession(s.idHash)
        expect(await store.getSession(s.idHash)).toBeNull()
      })

      it("deletes every session of a user but the one to keep, in creation order, and no one else's", async () => {
        const { store } = await open()
        for (const s of [
          session('a', 'qian'),
          session('other', 'sun'),
          session('b', 'qian'),
          session('keep', 'qian'),
          session('c', 'qian'),
        ]) {
          await store.createSession(s)
        }

        expect(await store.deleteSessionsOfUser(id('qian'), 'hash-of-keep')).toEqual([
          'hash-of-a',
          'hash-of-b',
          'hash-of-c',
        ])

        expect(await store.getSession('hash-of-keep')).toEqual(session('keep', 'qian'))
        expect(await store.getSession('hash-of-other')).toEqual(session('other', 'sun'))
        expect(await store.getSession('hash-of-a')).toBeNull()
        expect(await store.deleteSessionsOfUser(id('qian'), 'hash-of-keep')).toEqual([])
        expect(await store.deleteSessionsOfUser(id('qian'))).toEqual(['hash-of-keep'])
        expect(await store.deleteSessionsOfUser(id('nobody'))).toEqual([])
        expect(await store.getSession('hash-of-other')).toEqual(session('other', 'sun'))
      })
    })

    describe('groups', () => {
      it('lists groups in creation order and keeps members, chairs and secretaries in the order given', async () => {
        const { store } = await open()
        expect(await store.listGroups()).toEqual([])
        const second = group('second')
        const first = group('first', { members: [], chairIds: [], secretaryIds: [] })

        expect(await store.createGroup(second)).toEqual(second)
        await store.createGroup(first)

        expect(await store.listGroups()).toEqual([second, first])
        expect(await store.getGroup(second.id)).toEqual(second)
        expect(await store.getGroup(id('missing'))).toBeNull()
      })

      it('replaces whole lists on update, leaves fields not given as they were, or answers null for an unknown group', async () => {
        const { store } = await open()
        const original = group('edit')
        await store.createGroup(original)
        const members = [
          { userId: id('beta'), convener: false },
          { userId: id('alpha'), convener: true },
          { userId: id('gamma'), convener: false },
        ]

        const updated = await store.updateGroup(original.id, { members, name: 'Renamed', chairIds: [] })
        expect(updated).toEqual({ ...original, members, name: 'Renamed', chairIds: [] })
        expect(await store.updateGroup(original.id, { secretaryIds: undefined })).toEqual(updated)
        expect(await store.getGroup(original.id)).toEqual(updated)
        expect(await store.updateGroup(id('missing'), { name: 'x' })).toBeNull()
      })
    })

    describe('investigation space', () => {
      it('keeps a group without a topic as one, sets a topic and keeps it through other changes', async () => {
        const { store } = await open()
        const original = group('topic')
        await store.createGroup(original)
        expect(await store.getGroup(original.id)).toEqual(original)
        const named = await store.updateGroup(original.id, { topic: '关于高标准农田建设的调研' })
        expect(named).toEqual({ ...original, topic: '关于高标准农田建设的调研' })
        expect(await store.updateGroup(original.id, { name: 'Renamed' })).toEqual({ ...named, name: 'Renamed' })
        expect((await store.listGroups()).find((g) => g.id === original.id)?.topic).toBe('关于高标准农田建设的调研')
      })

      it("lists a group's activities by date, those of a day in the order added; replaces and deletes one", async () => {
        const { store } = await open()
        const activity = (name: string, groupName: string, date: string): Activity => ({
          id: id(name),
          groupId: id(groupName),
          activityKind: 'forum',
          title: `座谈会 ${name}`,
          date,
          place: '会议室',
          host: '组长',
          participants: '市农业农村局',
          notes: '',
          minutesId: null,
          createdBy: id('zeta'),
          createdAt: '2025-01-01T00:00:00.000Z',
          updatedAt: '2025-01-01T00:00:00.000Z',
        })
        const late = activity('late', 'g1', '2026-05-02')
        const early = activity('early', 'g1', '2026-04-30')
        const sameDay = activity('sameday', 'g1', '2026-05-02')
        const elsewhere = activity('elsewhere', 'g2', '2026-01-01')
        for (const a of [late, early, sameDay, elsewhere]) await store.putActivity(a)

        expect(await store.listActivities(id('g1'))).toEqual([early, late, sameDay])
        expect(await store.listActivities(id('g2'))).toEqual([elsewhere])
        expect(await store.getActivity(early.id)).toEqual(early)
        expect(await store.getActivity(id('missing'))).toBeNull()

        const moved = { ...early, date: '2026-06-01', minutesId: id('minutes') }
        await store.putActivity(moved)
        expect(await store.listActivities(id('g1'))).toEqual([late, sameDay, moved])
        expect(await store.deleteActivity(late.id)).toBe(true)
        expect(await store.deleteActivity(late.id)).toBe(false)
        expect(await store.listActivities(id('g1'))).toEqual([sameDay, moved])
      })
    })

    describe('办理跟踪 (follow-up entries and their files)', () => {
      const instruction = (name: string, doc: string, withFile: boolean): FollowUpEntry => ({
        kind: 'instruction',
        id: id(name),
        documentId: id(doc),
        date: '2026-03-02',
        leader: '张××',
        post: '市委书记',
        text: '请市农业农村局牵头研究落实。𠀀',
        file: withFile ? { type: 'png', fileName: '批示.png', size: 4, sha256: 'ab'.repeat(32) } : null,
        recordedBy: id('mishu'),
        recordedAt: '2026-03-03T01:00:00.000Z',
      })
      const referral = (name: string, doc: string): FollowUpEntry => ({
        kind: 'referral',
        id: id(name),
        documentId: id(doc),
        date: '2026-03-01',
        units: '市农业农村局、市财政局',
        note: '',
        file: null,
        recordedBy: id('mishu'),
        recordedAt: '2026-03-03T02:00:00.000Z',
      })

      it("keeps a document's entries in the order recorded, each entry's file with it, and removes both", async () => {
        const { store, reopen } = await open()
        const page = bytes(0x89, 0x50, 0x4e, 0x47)
        const first = instruction('first', 'doc1', true)
        const second = referral('second', 'doc1')
        const other = instruction('other', 'doc2', false)
        await store.addFollowUp(first, page)
        await store.addFollowUp(second, null)
        await store.addFollowUp(other, null)
        await expect(store.addFollowUp(first, page)).rejects.toThrow()

        expect(await store.listFollowUp(id('doc1'))).toEqual([first, second])
        expect(await store.listFollowUp(id('doc2'))).toEqual([other])
        expect(await store.listFollowUp(id('none'))).toEqual([])
        expect(await store.getFollowUpFile(id('doc1'), first.id)).toEqual(page)
        expect(await store.getFollowUpFile(id('doc1'), second.id)).toBeNull()
        // An entry is found only under its own document.
        expect(await store.getFollowUpFile(id('doc2'), first.id)).toBeNull()
        expect(await store.deleteFollowUp(id('doc2'), first.id)).toBe(false)

        const again = await reopen()
        expect(await again.listFollowUp(id('doc1'))).toEqual([first, second])
        expect(await again.getFollowUpFile(id('doc1'), first.id)).toEqual(page)

        expect(await again.deleteFollowUp(id('doc1'), first.id)).toBe(true)
        expect(await again.deleteFollowUp(id('doc1'), first.id)).toBe(false)
        expect(await again.listFollowUp(id('doc1'))).toEqual([second])
        expect(await again.getFollowUpFile(id('doc1'), first.id)).toBeNull()
      })
    })

    describe('invitations', () => {
      it('lists invitations by document and by user in the order they were put', async () => {
        const { store } = await open()
        const puts = [
          invitation('doc-a', 'guest-1', '2025-03-31'),
          invitation('doc-b', 'guest-1'),
          invitation('doc-a', 'guest-2'),
        ]
        for (const i of puts) await store.putInvitation(i)

        expect(await store.listInvitations(id('doc-a'))).toEqual([puts[0], puts[2]])
        expect(await store.listInvitations(id('doc-b'))).toEqual([puts[1]])
        expect(await store.listInvitationsOfUser(id('guest-1'))).toEqual([puts[0], puts[1]])
        expect(await store.listInvitations(id('doc-c'))).toEqual([])
        expect(await store.listInvitationsOfUser(id('nobody'))).toEqual([])
      })

      it('replaces the invitation of the same user to the same document, which then lists last', async () => {
        const { store } = await open()
        await store.putInvitation(invitation('doc', 'guest-1'))
        await store.putInvitation(invitation('doc', 'guest-2'))
        const renewed = {
          ...invitation('doc', 'guest-1', '2025-12-31'),
          invitedBy: id('other'),
          createdAt: '2025-02-01T00:00:00.000Z',
        }

        await store.putInvitation(renewed)

        expect(await store.listInvitations(id('doc'))).toEqual([invitation('doc', 'guest-2'), renewed])
        expect(await store.listInvitationsOfUser(id('guest-1'))).toEqual([renewed])
      })

      it('deletes one invitation and says whether there was one', async () => {
        const { store } = await open()
        await store.putInvitation(invitation('doc', 'guest-1'))
        await store.putInvitation(invitation('doc', 'guest-2'))

        expect(await store.deleteInvitation(id('doc'), id('guest-1'))).toBe(true)
        expect(await store.deleteInvitation(id('doc'), id('guest-1'))).toBe(false)
        expect(await store.deleteInvitation(id('other'), id('guest-2'))).toBe(false)
        expect(await store.listInvitations(id('doc'))).toEqual([invitation('doc', 'guest-2')])
      })
    })

    describe('threads and mentions', () => {
      it('stores whole threads, lists them per document oldest first, and replaces one in its place', async () => {
        const { store } = await open()
        const first = thread('first', 'doc')
        const other = thread('other', 'other-doc')
        const second = thread('second', 'doc', {
          resolved: true,
          resolvedBy: id('author'),
          resolvedAt: '2025-01-02T00:00:00.000Z',
        })
        for (const t of [first, other, second]) await store.putThread(t)

        expect(await store.listThreads(id('doc'))).toEqual([first, second])
        expect(await store.getThread(other.id)).toEqual(other)
        expect(await store.getThread(id('missing'))).toBeNull()
        expect(await store.listThreads(id('no-threads'))).toEqual([])

        const replied = {
          ...first,
          disposition: {
            kind: 'partly_adopted' as const,
            rationale: '部分采纳',
            by: id('convener'),
            at: '2025-01-03T00:00:00.000Z',
          },
          comments: [
            {
              ...first.comments[0],
              body: 'edited',
              editedAt: '2025-01-02T00:00:00.000Z',
              history: [{ body: 'first @alpha', at: '2025-01-01T00:00:00.000Z' }],
            },
            { ...first.comments[0], id: id('reply'), body: '', deleted: true, mentions: [] },
          ],
        }
        await store.putThread(replied)

        expect(await store.listThreads(id('doc'))).toEqual([replied, second])
        expect(await store.getThread(first.id)).toEqual(replied)
      })

      it('keeps one unread mention per user and comment, lists them per user and document in the order added, and marks them read', async () => {
        const { store } = await open()
        const mention = (userName: string, docName: string, comment: string) => ({
          userId: id(userName),
          documentId: id(docName),
          commentId: id(comment),
        })
        await store.addUnreadMentions([])
        await store.addUnreadMentions([
          mention('alpha', 'doc', 'c2'),
          mention('alpha', 'doc', 'c1'),
          mention('beta', 'doc', 'c1'),
        ])
        await store.addUnreadMentions([
          mention('alpha', 'doc', 'c2'),
          mention('alpha', 'other', 'c3'),
          mention('alpha', 'doc', 'c4'),
          mention('alpha', 'doc', 'c4'),
        ])

        expect(await store.listUnreadMentions(id('alpha'), id('doc'))).toEqual([id('c2'), id('c1'), id('c4')])
        expect(await store.listUnreadMentions(id('alpha'), id('other'))).toEqual([id('c3')])
        expect(await store.listUnreadMentions(id('beta'), id('doc'))).toEqual([id('c1')])

        await store.markMentionsRead(id('alpha'), [id('c1'), id('c3'), id('unknown')])
        await store.markMentionsRead(id('alpha'), [])

        expect(await store.listUnreadMentions(id('alpha'), id('doc'))).toEqual([id('c2'), id('c4')])
        expect(await store.listUnreadMentions(id('alpha'), id('other'))).toEqual([])
        expect(await store.listUnreadMentions(id('beta'), id('doc'))).toEqual([id('c1')])
      })
    })

    describe('versions, submissions, audit log and notifications', () => {
      it('lists versions of a document by number, refuses a number taken, and keeps them when the document goes', async () => {
        const { store } = await open()
        await store.createDocument(doc('doc', '2025-01-02T00:00:00.000Z'))
        for (const v of [version('doc', 2), version('doc', 1, { kind: 'restore' }), version('other', 1)])
          await store.addVersion(v)

        await expect(store.addVersion(version('doc', 2, { label: 'again' }))).rejects.toThrow(/already exists/)
        expect(await store.listVersions(id('doc'))).toEqual([version('doc', 1, { kind: 'restore' }), version('doc', 2)])
        expect(await store.listVersions(id('none'))).toEqual([])

        await store.deleteDocument(id('doc'))
        expect(await store.listVersions(id('doc'))).toHaveLength(2)
      })

      it('lists submissions per document in the order put, replaces one in its place, and lists the undecided across documents', async () => {
        const { store } = await open()
        const first = submission('first', 'doc')
        const elsewhere = submission('elsewhere', 'other', { versionNumber: 3 })
        const second = submission('second', 'doc', { versionNumber: 2 })
        for (const s of [first, elsewhere, second]) await store.putSubmission(s)
        expect(await store.listPendingSubmissions()).toEqual([first, elsewhere, second])

        const decided = {
          ...first,
          decision: {
            kind: 'returned' as const,
            opinion: '请修改第二段',
            by: id('chair'),
            at: '2025-01-03T00:00:00.000Z',
          },
        }
        await store.putSubmission(decided)

        expect(await store.listSubmissions(id('doc'))).toEqual([decided, second])
        expect(await store.listPendingSubmissions()).toEqual([elsewhere, second])
        expect(await store.listSubmissions(id('none'))).toEqual([])
        await store.deleteDocument(id('doc'))
        expect(await store.listSubmissions(id('doc'))).toHaveLength(2)
      })

      it('appends audit entries only in sequence, lists them in order, and keeps them when the document goes', async () => {
        const { store } = await open()
        await store.createDocument(doc('doc', '2025-01-02T00:00:00.000Z'))
        await append(store, audit('doc', 0))
        await append(store, audit('other', 0))
        await append(store, audit('doc', 1, { action: 'submit' }))

        await expect(append(store, audit('doc', 1, { details: 'a fork' }))).rejects.toThrow(/not the next one/)
        await expect(append(store, audit('doc', 3))).rejects.toThrow(/not the next one/)
        expect(await store.listAudit(id('doc'))).toEqual([audit('doc', 0), audit('doc', 1, { action: 'submit' })])
        expect(await store.listAudit(id('none'))).toEqual([])

        await store.deleteDocument(id('doc'))
        await append(store, audit('doc', 2))
        expect((await store.listAudit(id('doc'))).map((e) => e.seq)).toEqual([0, 1, 2])
        expect(await store.getAuditAnchor(id('doc'))).toEqual(sealed(audit('doc', 2)).anchor)
        expect(await store.getAuditAnchor(id('none'))).toBeNull()
        expect((await store.listAuditedDocuments()).sort()).toEqual([id('doc'), id('other')].sort())
        expect(await store.addAuditAnchor(id('doc'), { length: 0, head: '', mac: 'x' })).toBe(false)
        expect(await store.addAuditAnchor(id('legacy'), { length: 0, head: '', mac: 'x' })).toBe(true)
        expect(await store.getAuditAnchor(id('legacy'))).toEqual({ length: 0, head: '', mac: 'x' })
      })

      it('stores a workflow step whole, only from the expected status, and nothing of a step that cannot be stored', async () => {
        const { store } = await open()
        await store.createDocument(doc('doc', '2025-01-02T00:00:00.000Z', { status: 'submitted' }))
        await store.addVersion(version('doc', 2))
        const pending = submission('s', 'doc')
        await store.putSubmission(pending)
        const decided = { ...pending, decision: { kind: 'approved' as const, opinion: '', by: id('chair'), at: 'x' } }
        const step = (v: Version) => ({
          documentId: id('doc'),
          from: 'submitted' as const,
          to: 'approved' as const,
          updatedAt: '2025-01-05T00:00:00.000Z',
          submission: decided,
          version: v,
          audit: [() => sealed(audit('doc', 0)), () => sealed(audit('doc', 1, { action: 'approve' }))],
        })

        await expect(store.commitStep(step(version('doc', 2)))).rejects.toThrow(/already exists/)
        expect((await store.getDocument(id('doc')))!.status).toBe('submitted')
        expect(await store.listSubmissions(id('doc'))).toEqual([pending])
        expect(await store.listAudit(id('doc'))).toEqual([])

        expect(await store.commitStep(step(version('doc', 3)))).toBe(true)
        expect((await store.getDocument(id('doc')))!.status).toBe('approved')
        expect(await store.listSubmissions(id('doc'))).toEqual([decided])
        expect((await store.listVersions(id('doc'))).map((v) => v.number)).toEqual([2, 3])
        expect((await store.listAudit(id('doc'))).map((e) => e.action)).toEqual(['version', 'approve'])

        expect(await store.commitStep({ ...step(version('doc', 4)), audit: [] })).toBe(false)
        expect((await store.listVersions(id('doc'))).map((v) => v.number)).toEqual([2, 3])
      })

      it('lists the notifications of a user newest first and marks only the given ones of that user read', async () => {
        const { store } = await open()
        await store.addNotifications([])
        await store.addNotifications([
          notification('old', 'chair', '2025-01-01T00:00:00.000Z'),
          notification('new', 'chair', '2025-01-03T00:00:00.000Z', { kind: 'approved' }),
          notification('theirs', 'member', '2025-01-02T00:00:00.000Z'),
        ])
        await store.addNotifications([notification('middle', 'chair', '2025-01-02T00:00:00.000Z')])

        expect((await store.listNotifications(id('chair'))).map((n) => n.id)).toEqual([
          'notification-new',
          'notification-middle',
          'notification-old',
        ])

        await store.markNotificationsRead(id('chair'), [
          'notification-old',
          'notification-theirs',
          'notification-unknown',
        ])
        await store.markNotificationsRead(id('chair'), [])

        expect(await store.listNotifications(id('chair'))).toEqual([
          notification('new', 'chair', '2025-01-03T00:00:00.000Z', { kind: 'approved' }),
          notification('middle', 'chair', '2025-01-02T00:00:00.000Z'),
          notification('old', 'chair', '2025-01-01T00:00:00.000Z', { read: true }),
        ])
        expect(await store.listNotifications(id('member'))).toEqual([
          notification('theirs', 'member', '2025-01-02T00:00:00.000Z'),
        ])
        expect(await store.listNotifications(id('nobody'))).toEqual([])
      })
    })

    it('hands out copies: changing a given or a returned record changes nothing stored', async () => {
      const { store } = await open()
      const d = doc('copy', '2025-01-02T00:00:00.000Z')
      const u = user('copy')
      const g = group('copy')
      const s = session('copy', 'copy')
      const i = invitation('copy', 'copy')
      const t = thread('copy', 'copy')
      const given = structuredClone({ d, u, g, s, i, t })
      const returned = {
        d: await store.createDocument(given.d),
        u: await store.createUser(given.u),
        g: await store.createGroup(given.g),
      }
      await store.createSession(given.s)
      await store.putInvitation(given.i)
      await store.putThread(given.t)

      given.d.title = returned.d.title = 'changed'
      given.u.displayName = returned.u.displayName = 'changed'
      given.g.members.push({ userId: id('intruder'), convener: true })
      returned.g.chairIds.push(id('intruder'))
      given.s.lastSeenAt = 'changed'
      given.i.until = '2099-01-01'
      given.t.comments[0].body = 'changed'
      given.t.anchor.start = 'changed'
      ;(await store.getDocument(d.id))!.title = 'changed'
      ;(await store.listDocuments())[0].title = 'changed'
      ;(await store.getUser(u.id))!.role = 'admin'
      ;(await store.listUsers())[0].role = 'admin'
      ;(await store.getGroup(g.id))!.members[0].convener = false
      ;(await store.listGroups())[0].secretaryIds.length = 0
      ;(await store.getSession(s.idHash))!.userId = 'changed'
      ;(await store.listInvitations(i.documentId))[0].until = '2099-01-01'
      ;(await store.listInvitationsOfUser(i.userId))[0].invitedBy = 'changed'
      ;(await store.getThread(t.id))!.comments[0].mentions.length = 0
      ;(await store.listThreads(t.documentId))[0].comments.length = 0

      expect(await store.getDocument(d.id)).toEqual(d)
      expect(await store.getUser(u.id)).toEqual(u)
      expect(await store.getGroup(g.id)).toEqual(g)
      expect(await store.getSession(s.idHash)).toEqual(s)
      expect(await store.listInvitations(i.documentId)).toEqual([i])
      expect(await store.getThread(t.id)).toEqual(t)

      const history = {
        v: version('copy', 1),
        sub: submission('copy', 'copy'),
        a: audit('copy', 0),
        n: notification('copy', 'copy', '2025-01-01T00:00:00.000Z'),
      }
      const handedIn = structuredClone(history)
      await store.addVersion(handedIn.v)
      await store.putSubmission(handedIn.sub)
      await append(store, handedIn.a)
      await store.addNotifications([handedIn.n])
      handedIn.v.label = handedIn.sub.note = handedIn.a.details = handedIn.n.text = 'changed'
      ;(await store.listVersions(history.v.documentId))[0].hash = 'changed'
      ;(await store.listSubmissions(history.sub.documentId))[0].note = 'changed'
      ;(await store.listPendingSubmissions())[0].hash = 'changed'
      ;(await store.listAudit(history.a.documentId))[0].hash = 'changed'
      ;(await store.listNotifications(history.n.userId))[0].read = true
      expect(await store.listVersions(history.v.documentId)).toEqual([history.v])
      expect(await store.listSubmissions(history.sub.documentId)).toEqual([history.sub])
      expect(await store.listAudit(history.a.documentId)).toEqual([history.a])
      expect(await store.listNotifications(history.n.userId)).toEqual([history.n])

      const updated = await store.updateGroup(g.id, { members: given.g.members })
      updated!.members.length = 0
      given.g.members.length = 0
      expect((await store.getGroup(g.id))!.members).toHaveLength(3)
    })

    it('finds every change again in a store opened anew on the same storage', async () => {
      const fixture = await open()
      const { store } = fixture
      await store.createDocument(doc('kept', '2025-01-02T00:00:00.000Z'))
      await store.createDocument(doc('gone', '2025-01-03T00:00:00.000Z'))
      await store.updateDocument(id('kept'), { title: 'Kept and renamed' })
      await store.deleteDocument(id('gone'))
      await store.createUser(user('zhou'))
      await store.updateUser(id('zhou'), { active: false })
      await store.createSession(session('s', 'zhou'))
      await store.createGroup(group('g'))
      await store.putInvitation(invitation('kept', 'guest'))
      await store.putThread(thread('t', 'kept'))
      await store.addUnreadMentions([{ userId: id('zhou'), documentId: id('kept'), commentId: id('c') }])
      await store.addVersion(version('kept', 1))
      await store.putSubmission(submission('s', 'kept'))
      await append(store, audit('kept', 0))
      await store.addNotifications([notification('n', 'zhou', '2025-01-01T00:00:00.000Z')])
      await store.markNotificationsRead(id('zhou'), ['notification-n'])
      await store.close()

      const reopened = await fixture.reopen()

      expect(await reopened.listDocuments()).toEqual([
        { ...doc('kept', '2025-01-02T00:00:00.000Z'), title: 'Kept and renamed' },
      ])
      expect(await reopened.listUsers()).toEqual([user('zhou', { active: false })])
      expect(await reopened.getSession('hash-of-s')).toEqual(session('s', 'zhou'))
      expect(await reopened.listGroups()).toEqual([group('g')])
      expect(await reopened.listInvitationsOfUser(id('guest'))).toEqual([invitation('kept', 'guest')])
      expect(await reopened.listThreads(id('kept'))).toEqual([thread('t', 'kept')])
      expect(await reopened.listUnreadMentions(id('zhou'), id('kept'))).toEqual([id('c')])
      expect(await reopened.listVersions(id('kept'))).toEqual([version('kept', 1)])
      expect(await reopened.listPendingSubmissions()).toEqual([submission('s', 'kept')])
      expect(await reopened.listAudit(id('kept'))).toEqual([audit('kept', 0)])
      expect(await reopened.listNotifications(id('zhou'))).toEqual([
        notification('n', 'zhou', '2025-01-01T00:00:00.000Z', { read: true }),
      ])
      await reopened.close()
    })
  })
}

// ── DocumentStore ──

/** The DocumentStore contract; `factory` gives a fresh, empty store each time. */
export function describeDocumentStoreContract(
  name: string,
  factory: (options?: DocumentStoreOptions) => Promise<DocumentStoreFixture>,
  capabilities: DocumentStoreCapabilities,
): void {
  describe(`DocumentStore contract: ${name}`, () => {
    const fixtures: DocumentStoreFixture[] = []
    afterEach(async () => {
      await Promise.all(fixtures.splice(0).map((fixture) => fixture.cleanup()))
    })
    async function open(options?: DocumentStoreOptions): Promise<DocumentStoreFixture> {
      const fixture = await factory(options)
      fixtures.push(fixture)
      return fixture
    }

    it('loads nothing for a document never written', async () => {
      const { store } = await open()

      expect(await store.load('never-written')).toEqual([])
    })

    it('loads the appended updates in order, across appends, each document its own', async () => {
      const { store } = await open()
      await store.append('doc-a', [bytes(1), bytes(2, 2)])
      await store.append('doc-b', [bytes(9)])
      await store.append('doc-a', [bytes(3, 3, 3)])
      await store.append('doc-a', [])

      expect(await store.load('doc-a')).toEqual([bytes(1), bytes(2, 2), bytes(3, 3, 3)])
      expect(await store.load('doc-b')).toEqual([bytes(9)])
    })

    it('keeps the Yjs content identical through appends in batches of every size', async () => {
      const { store } = await open()
      const { doc: source, updates } = randomlyEditedDoc(300)
      const batches = [updates.slice(0, 1), ...inBatches(updates.slice(1, 100), 7), updates.slice(100)]
      for (const batch of batches) await store.append('doc', batch)

      const loaded = await store.load('doc')

      expect(loaded).toEqual(updates)
      expectSameDoc(docFrom(loaded), source)
    })

    it('compacts the log into one merged update with the same content, which later appends follow', async () => {
      const fixture = await open()
      const { store } = fixture
      const { doc: source, updates } = randomlyEditedDoc(200)
      await store.append('doc', updates.slice(0, 120))
      await store.append('other', updates.slice(0, 3))

      await fixture.compact('doc')

      const compacted = await store.load('doc')
      expect(compacted).toHaveLength(1)
      expectSameDoc(docFrom(compacted), docFrom(updates.slice(0, 120)))
      expect(await store.load('other')).toEqual(updates.slice(0, 3))

      await store.append('doc', updates.slice(120))
      const loaded = await store.load('doc')
      expect(loaded.slice(1)).toEqual(updates.slice(120))
      await fixture.compact('doc')
      expect(await store.load('doc')).toHaveLength(1)
      expectSameDoc(docFrom(await store.load('doc')), source)
      await fixture.compact('doc')
      await fixture.compact('never-written')
      expect(await store.load('never-written')).toEqual([])
    })

    it('compacts on its own once the log grows past its threshold, losing nothing', async () => {
      const { store } = await open({ compactBytes: 2_000 })
      const { doc: source, updates } = randomlyEditedDoc(400, 7)
      for (const batch of inBatches(updates, 10)) await store.append('doc', batch)
      // Stores may compact in the background; flush waits for whatever is pending.
      await store.flush()

      const loaded = await store.load('doc')

      expect(loaded.length).toBeLessThan(updates.length / 4)
      expectSameDoc(docFrom(loaded), source)
    })

    it('deletes everything of one document, harmlessly when there is nothing, and starts afresh after', async () => {
      const fixture = await open()
      const { store } = fixture
      const { updates } = randomlyEditedDoc(40)
      await store.append('doc', updates.slice(0, 20))
      await fixture.compact('doc')
      await store.append('doc', updates.slice(20))
      await store.append('kept', [bytes(5)])

      await store.delete('doc')
      await store.delete('never-written')

      expect(await store.load('doc')).toEqual([])
      expect(await store.load('kept')).toEqual([bytes(5)])
      await store.append('doc', [bytes(7)])
      expect(await store.load('doc')).toEqual([bytes(7)])
    })

    it('loads everything, merged state and log, in a store opened anew on the same storage', async () => {
      const fixture = await open()
      const { store } = fixture
      const { doc: source, updates } = randomlyEditedDoc(100)
      await store.append('doc', updates.slice(0, 60))
      await fixture.compact('doc')
      await store.append('doc', updates.slice(60))
      await store.append('raw', [bytes(1), bytes(2)])
      const before = await store.load('doc')
      await store.close()

      const reopened = await fixture.openAnother()

      expect(await reopened.load('doc')).toEqual(before)
      expectSameDoc(docFrom(await reopened.load('doc')), source)
      expect(await reopened.load('raw')).toEqual([bytes(1), bytes(2)])
      await reopened.close()
    })

    it('hands out copies: changing appended or loaded bytes afterwards changes nothing stored', async () => {
      const { store } = await open()
      const given = [bytes(1, 2, 3), bytes(4, 5)]
      await store.append('doc', given)
      given[0][0] = 99
      given.push(bytes(6))

      const loaded = await store.load('doc')
      loaded[1][0] = 99
      loaded.push(bytes(7))

      expect(await store.load('doc')).toEqual([bytes(1, 2, 3), bytes(4, 5)])
    })

    it('flushes, closes once, and refuses to be used once closed', async () => {
      const { store } = await open()
      await store.append('doc', [bytes(1)])
      await store.flush()

      await store.close()
      await store.close()

      await expect(store.load('doc')).rejects.toThrow(/closed/)
      await expect(store.append('doc', [bytes(2)])).rejects.toThrow(/closed/)
      await expect(store.delete('doc')).rejects.toThrow(/closed/)
      await expect(store.flush()).rejects.toThrow(/closed/)
    })

    if (capabilities.sharedByInstances) {
      it('keeps every update that two instances append to one document at once, while both compact', async () => {
        const fixture = await open({ compactBytes: 1_500 })
        const first = fixture.store
        const second = await fixture.openAnother()
        // Each update comes from its own client, so every one of them must survive on its own.
        const itemsOf = (instance: string) =>
          Array.from({ length: 60 }, (_, i) => {
            const ydoc = new Y.Doc()
            ydoc.getArray<string>('items').push([`${instance}-${i}-${'x'.repeat(40)}`])
            return Y.encodeStateAsUpdate(ydoc)
          })
        const appendAll = async (store: DocumentStore, updates: Uint8Array[]) => {
          for (const batch of inBatches(updates, 3)) await store.append('shared', batch)
        }

        await Promise.all([
          appendAll(first, itemsOf('first')),
          appendAll(second, itemsOf('second')),
          appendAll(first, itemsOf('third')),
        ])
        await Promise.all([first.flush(), second.flush()])

        for (const store of [first, second]) {
          const loaded = await store.load('shared')
          expect(loaded.length).toBeLessThan(180)
          const items = docFrom(loaded).getArray<string>('items').toArray()
          expect(items).toHaveLength(180)
          expect(new Set(items).size).toBe(180)
        }
        await second.close()
      })
    }
  })
}

// ── VersionStore ──

/** The VersionStore contract; `factory` gives a fresh, empty store each time. */
export function describeVersionStoreContract(name: string, factory: () => Promise<VersionStoreFixture>): void {
  describe(`VersionStore contract: ${name}`, () => {
    const fixtures: VersionStoreFixture[] = []
    afterEach(async () => {
      await Promise.all(fixtures.splice(0).map((fixture) => fixture.cleanup()))
    })
    async function open(): Promise<VersionStoreFixture> {
      const fixture = await factory()
      fixtures.push(fixture)
      return fixture
    }
    const { doc: ydoc } = randomlyEditedDoc(50)
    const snapshot = {
      state: Y.encodeStateAsUpdate(ydoc),
      // Key order is part of what comes back: a canonical hash may be computed over it.
      content: {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: '建议 text' }] }],
        attrs: { z: 1, a: null },
      },
    }

    it('gives back a version exactly as put, also from a store opened anew, and null for one never put', async () => {
      const fixture = await open()
      await fixture.store.put('doc', 1, snapshot)
      await fixture.store.put('doc', 2, { state: bytes(), content: {} })
      await fixture.store.put('other', 1, { state: bytes(7), content: { other: true } })

      for (const store of [fixture.store, await fixture.reopen()]) {
        const got = await store.get('doc', 1)
        expect(got).toEqual(snapshot)
        expect(JSON.stringify(got!.content)).toBe(JSON.stringify(snapshot.content))
        expectSameDoc(docFrom([got!.state]), ydoc)
        expect(await store.get('doc', 2)).toEqual({ state: bytes(), content: {} })
        expect(await store.get('other', 1)).toEqual({ state: bytes(7), content: { other: true } })
        expect(await store.get('doc', 3)).toBeNull()
        expect(await store.get('never-put', 1)).toBeNull()
      }
    })

    it('refuses to put a version twice and keeps the first', async () => {
      const { store } = await open()
      await store.put('doc', 1, snapshot)

      await expect(store.put('doc', 1, { state: bytes(1), content: {} })).rejects.toThrow(/already exists/)
      expect(await store.get('doc', 1)).toEqual(snapshot)
    })

    it('adds each version one above every number stored and above the floor given, per document', async () => {
      const { store } = await open()
      expect(await store.add('doc', snapshot, 0)).toBe(1)
      expect(await store.add('doc', { state: bytes(1), content: {} }, 0)).toBe(2)
      // The metadata describes a version whose bytes are not here: the next number is above it too.
      expect(await store.add('doc', { state: bytes(2), content: {} }, 5)).toBe(6)
      expect(await store.add('doc', { state: bytes(3), content: {} }, 2)).toBe(7)
      expect(await store.add('other', snapshot, 0)).toBe(1)
      expect(await store.get('doc', 1)).toEqual(snapshot)
      expect(await store.get('doc', 6)).toEqual({ state: bytes(2), content: {} })
      expect(await store.get('doc', 3)).toBeNull()
    })

    it('hands out copies: changing given or returned bytes and content changes nothing stored', async () => {
      const { store } = await open()
      const given = structuredClone(snapshot)
      await store.put('doc', 1, given)
      given.state[0] ^= 0xff
      given.content.type = 'changed'

      const got = await store.get('doc', 1)
      got!.state[0] ^= 0xff
      got!.content.type = 'changed'

      expect(await store.get('doc', 1)).toEqual(snapshot)
    })
  })
}

// ── materials ──

export interface MaterialStoreFixture {
  /** A fresh, empty store. */
  store: MaterialStore
  /** Opens another store on the same storage, as a restart does. */
  reopen(): Promise<MaterialStore>
  cleanup(): Promise<void>
}

const material = (name: string, patch: Partial<Material> = {}): Material => ({
  id: id(name),
  groupId: id('group'),
  title: `调研报告 ${name}`,
  source: '市农业农村局',
  date: '2026-03-12',
  type: 'pdf',
  fileName: `${name}.pdf`,
  size: 3,
  sha256: 'a'.repeat(64),
  addedBy: id('alpha'),
  addedAt: '2026-03-13T08:00:00.000Z',
  ...patch,
})

export function describeMaterialStoreContract(name: string, factory: () => Promise<MaterialStoreFixture>): void {
  describe(`MaterialStore contract: ${name}`, () => {
    let fixture: MaterialStoreFixture
    const fresh = async () => (fixture = await factory())
    afterEach(async () => {
      await fixture?.cleanup()
    })

    it('keeps a material’s bytes exactly and its description, listed by group in the order added', async () => {
      const { store } = await fresh()
      const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256)
      const first = material('first', { size: bytes.length })
      const second = material('second', { type: 'png' })
      const elsewhere = material('elsewhere', { groupId: id('other') })
      await store.add(first, bytes)
      await store.add(second, Uint8Array.of(1, 2, 3))
      await store.add(elsewhere, Uint8Array.of(9))

      expect(await store.list(id('group'))).toEqual([first, second])
      expect(await store.list(id('other'))).toEqual([elsewhere])
      expect(await store.list(id('nobody'))).toEqual([])
      expect(await store.get(first.id)).toEqual(first)
      expect(await store.file(first.id)).toEqual(bytes)
      expect(await store.file(second.id)).toEqual(Uint8Array.of(1, 2, 3))
      expect(await store.get(id('missing'))).toBeNull()
      expect(await store.file(id('missing'))).toBeNull()
    })

    it('keeps a staged upload written in chunks, reads back ranges of it while it arrives, and stores it as added', async () => {
      const { store } = await fresh()
      const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31) % 251)
      const staged = await store.stage(1000)
      for (let at = 0; at < bytes.length; at += 65_536) await staged.write(bytes.subarray(at, at + 65_536))
      expect(staged.size).toBe(bytes.length)
      expect(await staged.read(199_990, 100)).toEqual(bytes.subarray(199_990))
      expect(await staged.read(10, 5)).toEqual(bytes.subarray(10, 15))
      const staging = material('staged', { size: bytes.length })
      await store.addStaged(staging, staged)
      await staged.discard()

      expect(await store.get(staging.id)).toEqual(staging)
      expect(await store.file(staging.id)).toEqual(bytes)
    })

    it('keeps nothing of a staged upload discarded, nor of one whose id exists', async () => {
      const { store } = await fresh()
      const refused = await store.stage()
      await refused.write(Uint8Array.of(1, 2, 3))
      await refused.discard()
      await refused.discard()
      expect(await store.list(id('group'))).toEqual([])

      const first = material('dup')
      await store.add(first, Uint8Array.of(1, 2, 3))
      const again = await store.stage()
      await again.write(Uint8Array.of(4))
      await expect(store.addStaged(material('dup', { title: 'again' }), again)).rejects.toThrow(/exists/)
      expect(await store.get(first.id)).toEqual(first)
      expect(await store.file(first.id)).toEqual(Uint8Array.of(1, 2, 3))
    })

    it('refuses a second material with the same id and keeps the first whole', async () => {
      const { store } = await fresh()
      const first = material('dup')
      await store.add(first, Uint8Array.of(1, 2, 3))
      await expect(store.add(material('dup', { title: 'again' }), Uint8Array.of(4))).rejects.toThrow(/exists/)
      expect(await store.get(first.id)).toEqual(first)
      expect(await store.file(first.id)).toEqual(Uint8Array.of(1, 2, 3))
      expect(await store.list(id('group'))).toHaveLength(1)
    })

    it('keeps a preview for a material, and none for one that does not exist', async () => {
      const { store } = await fresh()
      const m = material('pictured')
      await store.add(m, Uint8Array.of(1))
      expect(await store.preview(m.id)).toBeNull()
      await store.putPreview(m.id, Uint8Array.of(0x89, 0x50, 0x4e, 0x47))
      expect(await store.preview(m.id)).toEqual(Uint8Array.of(0x89, 0x50, 0x4e, 0x47))
      await store.putPreview(m.id, Uint8Array.of(5, 6))
      expect(await store.preview(m.id)).toEqual(Uint8Array.of(5, 6))

      await store.putPreview(id('missing'), Uint8Array.of(1))
      expect(await store.preview(id('missing'))).toBeNull()
      expect(await store.get(id('missing'))).toBeNull()
    })

    it('removes the description, the file and the preview together, once', async () => {
      const { store } = await fresh()
      const kept = material('kept')
      const gone = material('gone')
      await store.add(kept, Uint8Array.of(1))
      await store.add(gone, Uint8Array.of(2))
      await store.putPreview(gone.id, Uint8Array.of(3))

      expect(await store.remove(gone.id)).toBe(true)
      expect(await store.remove(gone.id)).toBe(false)
      expect(await store.get(gone.id)).toBeNull()
      expect(await store.file(gone.id)).toBeNull()
      expect(await store.preview(gone.id)).toBeNull()
      expect(await store.list(id('group'))).toEqual([kept])
      // The id may be used again after the removal.
      await store.add(material('gone', { title: 'new' }), Uint8Array.of(4))
      expect(await store.file(gone.id)).toEqual(Uint8Array.of(4))
    })

    it('keeps everything across a reopen', async () => {
      const { store, reopen } = await fresh()
      const m = material('durable')
      await store.add(m, Uint8Array.of(7, 8, 9))
      await store.putPreview(m.id, Uint8Array.of(1))
      await store.add(material('removed'), Uint8Array.of(1))
      await store.remove(id('removed'))

      const again = await reopen()
      expect(await again.list(id('group'))).toEqual([m])
      expect(await again.file(m.id)).toEqual(Uint8Array.of(7, 8, 9))
      expect(await again.preview(m.id)).toEqual(Uint8Array.of(1))
      expect(await again.file(id('removed'))).toBeNull()
    })
  })
}

// ── search text ──

export interface SearchTextStoreFixture {
  /** A fresh, empty store, and the stores of documents and their content it reads with. */
  store: SearchTextStore
  metadata: MetadataStore
  content: DocumentStore
  /** Merges a document's log into its state now. */
  compact(docId: string): Promise<void>
  cleanup(): Promise<void>
}

export interface SearchTextStoreCapabilities {
  /** The store keeps an index (PostgreSQL); without one it answers null: read every document. */
  indexed: boolean
}

export function describeSearchTextStoreContract(
  name: string,
  factory: () => Promise<SearchTextStoreFixture>,
  capabilities: SearchTextStoreCapabilities,
): void {
  describe(`SearchTextStore contract: ${name}`, () => {
    const fixtures: SearchTextStoreFixture[] = []
    afterEach(async () => {
      await Promise.all(fixtures.splice(0).map((fixture) => fixture.cleanup()))
    })
    const group = id('group')
    const otherGroup = id('othergroup')
    /** A real Yjs update (compaction merges them). */
    const update = (text: string) => {
      const ydoc = new Y.Doc()
      ydoc.getText('t').insert(0, text)
      return Y.encodeStateAsUpdate(ydoc)
    }

    /** A fresh store holding drafts a and b of `group` and c of `otherGroup`, each with some content. */
    async function openWithDrafts(): Promise<SearchTextStoreFixture> {
      const fixture = await factory()
      fixtures.push(fixture)
      await fixture.metadata.createDocument(doc('a', '2025-01-01T00:00:01.000Z'))
      await fixture.metadata.createDocument(doc('b', '2025-01-01T00:00:02.000Z'))
      await fixture.metadata.createDocument(doc('c', '2025-01-01T00:00:03.000Z', { groupId: otherGroup }))
      for (const name of ['a', 'b', 'c']) await fixture.content.append(id(name), [update(name)])
      return fixture
    }

    /** Indexes every stale document of `groups` with the text `texts` gives it. */
    async function indexAll(store: SearchTextStore, groups: string[], texts: Record<string, string>): Promise<void> {
      const candidates = await store.candidates(groups, 'zzz')
      for (const { docId, stamp } of candidates?.stale ?? []) {
        const meta = docId === id('c') ? otherGroup : group
        await store.put(docId, meta, texts[docId] ?? '', stamp)
      }
    }

    it('answers null (read everything) exactly when it keeps no index', async () => {
      const { store } = await openWithDrafts()

      expect((await store.candidates([group], '高标准农田')) === null).toBe(!capabilities.indexed)
    })

    it('lists every document of the groups asked as stale until indexed, then those holding the words, in those groups only', async () => {
      const { store } = await openWithDrafts()
      const first = await store.candidates([group], '高标准农田')
      if (!first) return
      expect(first.matching).toEqual([])
      expect(first.stale.map((s) => s.docId).sort()).toEqual([id('a'), id('b')])

      await indexAll(store, [group, otherGroup], {
        [id('a')]: '加强高标准农田建设',
        [id('b')]: '其他内容',
        [id('c')]: '外组的高标准农田',
      })

      expect(await store.candidates([group], '高标准农田')).toEqual({ matching: [id('a')], stale: [] })
      expect(await store.candidates([otherGroup], '高标准农田')).toEqual({ matching: [id('c')], stale: [] })
      expect(await store.candidates([group], '标准农')).toEqual({ matching: [id('a')], stale: [] })
      expect(await store.candidates([group], '农田建设规划')).toEqual({ matching: [], stale: [] })
      expect(await store.candidates([], '高标准农田')).toEqual({ matching: [], stale: [] })
    })

    it('lists a document updated after it was indexed as stale, with a new stamp, but not after a compaction alone', async () => {
      const { store, content, compact } = await openWithDrafts()
      if (!capabilities.indexed) return
      await indexAll(store, [group], { [id('a')]: '加强高标准农田建设' })
      await content.append(id('a'), [update('more')])
      await compact(id('a'))
      await compact(id('b'))

      const after = (await store.candidates([group], '高标准农田'))!
      expect(after.stale.map((s) => s.docId)).toEqual([id('a')])
      // As indexed, it still holds the words: listed there too, and read again either way.
      expect(after.matching).toEqual([id('a')])

      await store.put(id('a'), group, '已删去', after.stale[0].stamp)
      expect(await store.candidates([group], '高标准农田')).toEqual({ matching: [], stale: [] })
    })

    it("tells one document's stale stamp as the candidates do, and null once it is indexed at it", async () => {
      const { store, content, compact } = await openWithDrafts()
      if (!capabilities.indexed) {
        expect(await store.staleStamp(id('a'))).toBeNull()
        return
      }
      const first = (await store.candidates([group], 'zzz'))!.stale.find((s) => s.docId === id('a'))!
      expect(await store.staleStamp(id('a'))).toEqual({ groupId: group, stamp: first.stamp })
      expect(await store.staleStamp(id('c'))).toEqual({ groupId: otherGroup, stamp: expect.any(String) })
      expect(await store.staleStamp(id('nobody'))).toBeNull()

      await store.put(id('a'), group, '加强高标准农田建设', first.stamp)
      expect(await store.staleStamp(id('a'))).toBeNull()
      await compact(id('a'))
      expect(await store.staleStamp(id('a'))).toBeNull()

      await content.append(id('a'), [update('more')])
      const next = (await store.staleStamp(id('a')))!
      expect(next.stamp).not.toBe(first.stamp)
      expect((await store.candidates([group], 'zzz'))!.stale).toContainEqual({ docId: id('a'), stamp: next.stamp })
    })

    it('lists a document whose content was removed as stale', async () => {
      const { store, content } = await openWithDrafts()
      if (!capabilities.indexed) return
      await indexAll(store, [group], { [id('a')]: '加强高标准农田建设' })
      await content.delete(id('a'))
      await content.append(id('a'), [update('again')])

      const after = (await store.candidates([group], '高标准农田'))!
      expect(after.stale.map((s) => s.docId)).toEqual([id('a')])
    })

    it('takes %, _ and \\ in the words literally', async () => {
      const { store } = await openWithDrafts()
      if (!capabilities.indexed) return
      await indexAll(store, [group], { [id('a')]: 'rate 50%_ok', [id('b')]: 'rate 50 and back\\slash' })

      expect((await store.candidates([group], '50%_'))!.matching).toEqual([id('a')])
      expect((await store.candidates([group], '0%o'))!.matching).toEqual([])
      expect((await store.candidates([group], '50_'))!.matching).toEqual([])
      expect((await store.candidates([group], 'k\\s'))!.matching).toEqual([id('b')])
      expect((await store.candidates([group], 'rate'))!.matching.sort()).toEqual([id('a'), id('b')])
    })
  })
}
