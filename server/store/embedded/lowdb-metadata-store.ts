/** MetadataStore in one JSON file through lowdb: the embedded default, no database server needed. */
import type { FollowUpEntry } from '../../../shared/follow-up.js'
import type { Activity } from '../../../shared/investigation.js'
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Low, type Adapter } from 'lowdb'
import type {
  AuditEntry,
  DocumentMeta,
  Group,
  Notification,
  RegisterEntry,
  Submission,
  Thread,
  Version,
} from '../../../shared/schema.js'
import type {
  AuditAnchor,
  AuditMaker,
  MetadataStore,
  StoredInvitation,
  StoredSession,
  StoredUser,
  WorkflowStep,
} from '../types.js'
import { DurableFile } from './durable-file.js'

/** lowdb's own JSONFile renames without fsync: after a power cut the file could be older than the version files. */
export class DurableJsonFile<T> implements Adapter<T> {
  private readonly file: DurableFile
  constructor(path: string) {
    this.file = new DurableFile(path)
  }
  async read(): Promise<T | null> {
    const text = await this.file.read()
    return text === null ? null : (JSON.parse(text) as T)
  }
  write(data: T): Promise<void> {
    return this.file.write(() => JSON.stringify(data))
  }
}

/**
 * The JSON file's content. New collections become new top-level keys (filled with defaults on
 * read); `schemaVersion` changes only when existing data must be migrated.
 */
interface MetadataFile {
  schemaVersion: 1
  documents: DocumentMeta[]
  users: StoredUser[]
  sessions: StoredSession[]
  groups: Group[]
  activities: Activity[]
  invitations: StoredInvitation[]
  /** Empty: threads live in one file per document (ThreadFiles); a file written before that is split at open. */
  threads: Thread[]
  unreadMentions: { userId: string; documentId: string; commentId: string }[]
  versions: Version[]
  submissions: Submission[]
  audit: AuditEntry[]
  /** By document id. */
  auditAnchors: Record<string, AuditAnchor>
  notifications: Notification[]
  register: RegisterEntry[]
  /** 办理跟踪 entries of every document, in the order recorded; their files are in `follow-up/`. */
  followUp: FollowUpEntry[]
}

const empty = (): MetadataFile => ({
  schemaVersion: 1,
  documents: [],
  users: [],
  sessions: [],
  groups: [],
  activities: [],
  invitations: [],
  threads: [],
  unreadMentions: [],
  versions: [],
  submissions: [],
  audit: [],
  auditAnchors: {},
  notifications: [],
  register: [],
  followUp: [],
})

/**
 * Records are handed out as copies, so that callers cannot change stored data by accident. They
 * are plain JSON data (the file is JSON), so copying objects and arrays is enough; structuredClone
 * costs several times as much, and admitting a socket reads four records.
 */
function copy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    const items = new Array<unknown>(value.length)
    for (let i = 0; i < value.length; i++) items[i] = copy(value[i])
    return items as T
  }
  // for…in rather than Object.entries: no array of pairs per object. JSON data inherits no
  // enumerable keys, so it visits the same ones.
  const source = value as Record<string, unknown>
  const copied: Record<string, unknown> = {}
  for (const key in source) copied[key] = copy(source[key])
  return copied as T
}

/**
 * The comment threads, one file per document (`threads/<id>.json`): threads are most of the
 * metadata and change most often, and a change rewrites only its document's file, not everything
 * (a reply costs the same with 10,000 threads in the store as with one; see `npm run bench --
 * --scenario metadata`). Held in memory, like the rest of the metadata.
 */
const comma = Buffer.from(',')

class ThreadFiles {
  private readonly byDocument = new Map<string, { threads: Thread[]; file: DurableFile }>()
  /** Thread id → document id. */
  private readonly documentOf = new Map<string, string>()
  /**
   * Thread id → its JSON in UTF-8: a change serializes only the threads it changed, and the file is
   * these bytes copied together (a memcpy; joining strings of Chinese text costs far more).
   */
  private readonly json = new Map<string, Buffer>()

  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    for (const name of await readdir(this.dir)) {
      const match = /^([A-Za-z0-9_-]+)\.json$/.exec(name)
      if (!match) continue
      const text = await this.fileOf(match[1]).read()
      if (text !== null) {
        const { threads } = JSON.parse(text) as { threads: Thread[] }
        this.set(match[1], threads, threads)
      }
    }
  }

  list(documentId: string): Thread[] {
    return this.byDocument.get(documentId)?.threads ?? []
  }

  get(id: string): Thread | undefined {
    const documentId = this.documentOf.get(id)
    return documentId === undefined ? undefined : this.list(documentId).find((t) => t.id === id)
  }

  /** Replaces the document's threads in memory (`changed` are the ones new or different) and writes its file. */
  save(documentId: string, threads: Thread[], changed: Thread[]): Promise<void> {
    this.set(documentId, threads, changed)
    const entry = this.byDocument.get(documentId)!
    return entry.file.write(() => {
      const parts: Buffer[] = [Buffer.from('{"threads":[')]
      entry.threads.forEach((t, i) => {
        if (i > 0) parts.push(comma)
        parts.push(this.json.get(t.id)!)
      })
      parts.push(Buffer.from(']}'))
      return Buffer.concat(parts)
    })
  }

  async remove(documentId: string): Promise<void> {
    const entry = this.byDocument.get(documentId)
    if (!entry) return
    for (const t of entry.threads) {
      this.documentOf.delete(t.id)
      this.json.delete(t.id)
    }
    this.byDocument.delete(documentId)
    await entry.file.write(() => JSON.stringify({ threads: [] }))
    await rm(entry.file.path, { force: true })
  }

  private set(documentId: string, threads: Thread[], changed: Thread[]): void {
    const entry = this.byDocument.get(documentId)
    this.byDocument.set(documentId, { threads, file: entry?.file ?? this.fileOf(documentId) })
    for (const t of changed) {
      this.documentOf.set(t.id, documentId)
      this.json.set(t.id, Buffer.from(JSON.stringify(t)))
    }
    if (entry && entry.threads.length > threads.length) {
      const kept = new Set(threads.map((t) => t.id))
      for (const t of entry.threads) {
        if (kept.has(t.id)) continue
        this.documentOf.delete(t.id)
        this.json.delete(t.id)
      }
    }
  }

  private fileOf(documentId: string): DurableFile {
    if (!/^[A-Za-z0-9_-]+$/.test(documentId)) throw new Error(`invalid document id ${documentId}`)
    return new DurableFile(join(this.dir, `${documentId}.json`))
  }
}

/**
 * The files of 办理跟踪 entries, `follow-up/<entry id>`, beside metadata.json: bytes as uploaded,
 * written to a temporary name, fsynced and renamed into place (the directory fsynced) before the
 * entry naming them is written, and removed after it. A file no entry names (a crash between the
 * two steps) is removed at open.
 */
class FollowUpFiles {
  constructor(private readonly dir: string) {}

  private path(id: string): string {
    if (!/^[A-Za-z0-9_-]{16}$/.test(id)) throw new Error(`invalid follow-up id ${JSON.stringify(id)}`)
    return join(this.dir, id)
  }

  async open(known: Set<string>): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    for (const name of await readdir(this.dir)) if (!known.has(name)) await rm(join(this.dir, name), { force: true })
  }

  async write(id: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(id)
    const tmp = `${path}.tmp-${process.pid}`
    const handle = await open(tmp, 'w')
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, path)
    const dir = await open(this.dir, 'r')
    try {
      await dir.sync()
    } finally {
      await dir.close()
    }
  }

  async read(id: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.path(id)))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  async remove(id: string): Promise<void> {
    await rm(this.path(id), { force: true })
  }
}

export class LowdbMetadataStore implements MetadataStore {
  /** The tail of each document's lockDocument queue. */
  private readonly locks = new Map<string, Promise<void>>()

  private constructor(
    private readonly db: Low<MetadataFile>,
    private readonly threadFiles: ThreadFiles,
    private readonly followUpFiles: FollowUpFiles,
  ) {}

  /** Opens the file, or starts empty when it does not exist yet (it is written on the first change). */
  static async open(file: string): Promise<LowdbMetadataStore> {
    await mkdir(dirname(file), { recursive: true })
    // Not JSONFilePreset: under NODE_ENV=test it silently keeps everything in memory.
    const db = new Low<MetadataFile>(new DurableJsonFile(file), empty())
    await db.read()
    if (db.data.schemaVersion !== 1) {
      throw new Error(`${file} has schema version ${String(db.data.schemaVersion)}; this server reads version 1`)
    }
    db.data = { ...empty(), ...db.data }
    const threadFiles = new ThreadFiles(join(dirname(file), 'threads'))
    await threadFiles.load()
    if (db.data.threads.length > 0) {
      // Written before threads had files of their own: the files first, then the metadata without them.
      const byDocument = new Map<string, Thread[]>()
      for (const t of db.data.threads) byDocument.set(t.documentId, [...(byDocument.get(t.documentId) ?? []), t])
      for (const [documentId, threads] of byDocument) await threadFiles.save(documentId, threads, threads)
      db.data.threads = []
      await db.write()
    }
    const followUpFiles = new FollowUpFiles(join(dirname(file), 'follow-up'))
    await followUpFiles.open(new Set(db.data.followUp.filter((e) => e.file).map((e) => e.id)))
    return new LowdbMetadataStore(db, threadFiles, followUpFiles)
  }

  // ── documents ──

  async listDocuments(): Promise<DocumentMeta[]> {
    return copy(this.db.data.documents).sort((a, b) =>
      a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0,
    )
  }

  async getDocument(id: string): Promise<DocumentMeta | null> {
    return copy(this.findDocument(id) ?? null)
  }

  async getDocumentStatus(id: string): Promise<DocumentMeta['status'] | null> {
    return this.statusOf(id)
  }

  /** The workflow status from memory, without a copy or a promise: the document log asks it for every batch of edits. */
  statusOf(id: string): DocumentMeta['status'] | null {
    return this.findDocument(id)?.status ?? null
  }

  async createDocument(doc: DocumentMeta): Promise<DocumentMeta> {
    if (this.findDocument(doc.id)) throw new Error(`document ${doc.id} already exists`)
    this.db.data.documents.push(copy(doc))
    await this.db.write()
    return copy(doc)
  }

  async updateDocument(
    id: string,
    patch: Partial<Pick<DocumentMeta, 'title' | 'updatedAt' | 'status' | 'kind'>>,
  ): Promise<DocumentMeta | null> {
    const doc = this.findDocument(id)
    if (!doc) return null
    Object.assign(doc, definedOnly(patch))
    await this.db.write()
    return copy(doc)
  }

  async deleteDocument(id: string): Promise<boolean> {
    const data = this.db.data
    const index = data.documents.findIndex((doc) => doc.id === id)
    if (index === -1) return false
    data.documents.splice(index, 1)
    data.invitations = data.invitations.filter((i) => i.documentId !== id)
    data.unreadMentions = data.unreadMentions.filter((m) => m.documentId !== id)
    await this.db.write()
    await this.threadFiles.remove(id)
    return true
  }

  // ── users ──

  async countUsers(): Promise<number> {
    return this.db.data.users.length
  }

  async listUsers(): Promise<StoredUser[]> {
    return copy(this.db.data.users)
  }

  async getUser(id: string): Promise<StoredUser | null> {
    return copy(this.db.data.users.find((u) => u.id === id) ?? null)
  }

  async getUserByUsername(username: string): Promise<StoredUser | null> {
    return copy(this.db.data.users.find((u) => u.username === username) ?? null)
  }

  async createUser(user: StoredUser): Promise<StoredUser> {
    if (this.db.data.users.some((u) => u.username === user.username)) {
      throw new Error(`username ${user.username} is taken`)
    }
    this.db.data.users.push(copy(user))
    await this.db.write()
    return copy(user)
  }

  async updateUser(
    id: string,
    patch: Partial<Pick<StoredUser, 'displayName' | 'role' | 'active' | 'passwordHash'>>,
  ): Promise<StoredUser | null> {
    const user = this.db.data.users.find((u) => u.id === id)
    if (!user) return null
    Object.assign(user, definedOnly(patch))
    await this.db.write()
    return copy(user)
  }

  // ── sessions ──

  async createSession(session: StoredSession): Promise<void> {
    this.db.data.sessions.push(copy(session))
    await this.db.write()
  }

  async getSession(idHash: string): Promise<StoredSession | null> {
    return copy(this.db.data.sessions.find((s) => s.idHash === idHash) ?? null)
  }

  async touchSession(idHash: string, lastSeenAt: string): Promise<void> {
    const session = this.db.data.sessions.find((s) => s.idHash === idHash)
    if (!session) return
    session.lastSeenAt = lastSeenAt
    await this.db.write()
  }

  async deleteSession(idHash: string): Promise<void> {
    const before = this.db.data.sessions.length
    this.db.data.sessions = this.db.data.sessions.filter((s) => s.idHash !== idHash)
    if (this.db.data.sessions.length !== before) await this.db.write()
  }

  async deleteExpiredSessions(seenBefore: string, createdBefore: string): Promise<number> {
    const before = this.db.data.sessions.length
    this.db.data.sessions = this.db.data.sessions.filter(
      (s) => s.lastSeenAt >= seenBefore && s.createdAt >= createdBefore,
    )
    const deleted = before - this.db.data.sessions.length
    if (deleted > 0) await this.db.write()
    return deleted
  }

  async deleteSessionsOfUser(userId: string, keepIdHash?: string): Promise<string[]> {
    const deleted: string[] = []
    this.db.data.sessions = this.db.data.sessions.filter((s) => {
      const remove = s.userId === userId && s.idHash !== keepIdHash
      if (remove) deleted.push(s.idHash)
      return !remove
    })
    if (deleted.length > 0) await this.db.write()
    return deleted
  }

  // ── groups ──

  async listGroups(): Promise<Group[]> {
    return copy(this.db.data.groups)
  }

  async getGroup(id: string): Promise<Group | null> {
    return copy(this.db.data.groups.find((g) => g.id === id) ?? null)
  }

  async createGroup(group: Group): Promise<Group> {
    this.db.data.groups.push(copy(group))
    await this.db.write()
    return copy(group)
  }

  async updateGroup(id: string, patch: Partial<Omit<Group, 'id' | 'createdAt'>>): Promise<Group | null> {
    const group = this.db.data.groups.find((g) => g.id === id)
    if (!group) return null
    Object.assign(group, copy(definedOnly(patch)))
    await this.db.write()
    return copy(group)
  }

  // ── activities ──

  async listActivities(groupId: string): Promise<Activity[]> {
    // A stable sort keeps activities of one day in the order they were added.
    return copy(this.db.data.activities.filter((a) => a.groupId === groupId)).sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
    )
  }

  async getActivity(id: string): Promise<Activity | null> {
    return copy(this.db.data.activities.find((a) => a.id === id) ?? null)
  }

  async putActivity(activity: Activity): Promise<void> {
    const data = this.db.data
    const at = data.activities.findIndex((a) => a.id === activity.id)
    if (at === -1) data.activities.push(copy(activity))
    else data.activities[at] = copy(activity)
    await this.db.write()
  }

  async deleteActivity(id: string): Promise<boolean> {
    const before = this.db.data.activities.length
    this.db.data.activities = this.db.data.activities.filter((a) => a.id !== id)
    if (this.db.data.activities.length === before) return false
    await this.db.write()
    return true
  }

  // ── invitations ──

  async listInvitations(documentId: string): Promise<StoredInvitation[]> {
    return copy(this.db.data.invitations.filter((i) => i.documentId === documentId))
  }

  async listInvitationsOfUser(userId: string): Promise<StoredInvitation[]> {
    return copy(this.db.data.invitations.filter((i) => i.userId === userId))
  }

  async putInvitation(invitation: StoredInvitation): Promise<void> {
    const data = this.db.data
    data.invitations = data.invitations.filter(
      (i) => !(i.documentId === invitation.documentId && i.userId === invitation.userId),
    )
    data.invitations.push(copy(invitation))
    await this.db.write()
  }

  async deleteInvitation(documentId: string, userId: string): Promise<boolean> {
    const before = this.db.data.invitations.length
    this.db.data.invitations = this.db.data.invitations.filter(
      (i) => !(i.documentId === documentId && i.userId === userId),
    )
    if (this.db.data.invitations.length === before) return false
    await this.db.write()
    return true
  }

  // ── threads ──

  async listThreads(documentId: string): Promise<Thread[]> {
    return copy(this.threadFiles.list(documentId))
  }

  async getThread(id: string): Promise<Thread | null> {
    return copy(this.threadFiles.get(id) ?? null)
  }

  async putThread(thread: Thread): Promise<void> {
    const existing = this.threadFiles.get(thread.id)
    if (existing && existing.documentId !== thread.documentId) {
      await this.threadFiles.save(
        existing.documentId,
        this.threadFiles.list(existing.documentId).filter((t) => t.id !== thread.id),
        [],
      )
    }
    const stored = copy(thread)
    const threads = this.threadFiles.list(thread.documentId)
    const index = threads.findIndex((t) => t.id === thread.id)
    const next = index === -1 ? [...threads, stored] : threads.with(index, stored)
    await this.threadFiles.save(thread.documentId, next, [stored])
  }

  async addThread(thread: Thread, max: number): Promise<boolean> {
    const threads = this.threadFiles.list(thread.documentId)
    if (threads.length >= max) return false
    const stored = copy(thread)
    await this.threadFiles.save(thread.documentId, [...threads, stored], [stored])
    return true
  }

  /** Synchronous from read to change: nothing else runs in between in this one process. */
  async updateThread(id: string, change: (thread: Thread) => void): Promise<Thread | null> {
    const stored = this.threadFiles.get(id)
    if (!stored) return null
    const changed = copy(stored)
    change(changed)
    const kept = copy(changed)
    const threads = this.threadFiles.list(stored.documentId)
    await this.threadFiles.save(
      stored.documentId,
      threads.map((t) => (t.id === id ? kept : t)),
      [kept],
    )
    return changed
  }

  async listUnreadMentions(userId: string, documentId: string): Promise<string[]> {
    return this.db.data.unreadMentions
      .filter((m) => m.userId === userId && m.documentId === documentId)
      .map((m) => m.commentId)
  }

  async addUnreadMentions(entries: { userId: string; documentId: string; commentId: string }[]): Promise<void> {
    if (entries.length === 0) return
    const data = this.db.data
    for (const entry of entries) {
      if (!data.unreadMentions.some((m) => m.userId === entry.userId && m.commentId === entry.commentId)) {
        data.unreadMentions.push({ ...entry })
      }
    }
    await this.db.write()
  }

  async markMentionsRead(userId: string, commentIds: string[]): Promise<void> {
    const ids = new Set(commentIds)
    const before = this.db.data.unreadMentions.length
    this.db.data.unreadMentions = this.db.data.unreadMentions.filter(
      (m) => !(m.userId === userId && ids.has(m.commentId)),
    )
    if (this.db.data.unreadMentions.length !== before) await this.db.write()
  }

  // ── versions, submissions, audit, notifications ──

  async listVersions(documentId: string): Promise<Version[]> {
    return copy(this.db.data.versions.filter((v) => v.documentId === documentId)).sort((a, b) => a.number - b.number)
  }

  async addVersion(version: Version): Promise<void> {
    if (this.db.data.versions.some((v) => v.documentId === version.documentId && v.number === version.number)) {
      throw new Error(`version ${version.number} of ${version.documentId} already exists`)
    }
    this.db.data.versions.push(copy(version))
    await this.db.write()
  }

  async listSubmissions(documentId: string): Promise<Submission[]> {
    return copy(this.db.data.submissions.filter((s) => s.documentId === documentId))
  }

  async listPendingSubmissions(): Promise<Submission[]> {
    return copy(this.db.data.submissions.filter((s) => s.decision === null))
  }

  async putSubmission(submission: Submission): Promise<void> {
    const list = this.db.data.submissions
    const index = list.findIndex((s) => s.id === submission.id)
    if (index === -1) list.push(copy(submission))
    else list[index] = copy(submission)
    await this.db.write()
  }

  async listAudit(documentId: string): Promise<AuditEntry[]> {
    return copy(this.db.data.audit.filter((e) => e.documentId === documentId)).sort((a, b) => a.seq - b.seq)
  }

  async appendAudit(documentId: string, make: AuditMaker): Promise<AuditEntry> {
    const { entries, anchor } = this.makeAudit(documentId, [make])
    this.db.data.audit.push(copy(entries[0]))
    if (anchor) this.db.data.auditAnchors[documentId] = copy(anchor)
    await this.db.write()
    return entries[0]
  }

  async getAuditAnchor(documentId: string): Promise<AuditAnchor | null> {
    return copy(this.db.data.auditAnchors[documentId] ?? null)
  }

  async addAuditAnchor(documentId: string, anchor: AuditAnchor): Promise<boolean> {
    if (this.db.data.auditAnchors[documentId]) return false
    this.db.data.auditAnchors[documentId] = copy(anchor)
    await this.db.write()
    return true
  }

  async listAuditedDocuments(): Promise<string[]> {
    return [...new Set([...this.db.data.audit.map((e) => e.documentId), ...Object.keys(this.db.data.auditAnchors)])]
  }

  async commitStep(step: WorkflowStep): Promise<boolean> {
    const data = this.db.data
    const doc = this.findDocument(step.documentId)
    if (!doc || doc.status !== step.from) return false
    // Everything that can fail is checked before anything changes: the step lands whole or not at all.
    const version = step.version
    if (version && data.versions.some((v) => v.documentId === version.documentId && v.number === version.number))
      throw new Error(`version ${version.number} of ${version.documentId} already exists`)
    const { entries, anchor } = this.makeAudit(step.documentId, step.audit)
    doc.status = step.to
    doc.updatedAt = step.updatedAt
    if (step.submission) {
      const index = data.submissions.findIndex((s) => s.id === step.submission!.id)
      if (index === -1) data.submissions.push(copy(step.submission))
      else data.submissions[index] = copy(step.submission)
    }
    if (version) data.versions.push(copy(version))
    data.audit.push(...copy(entries))
    if (anchor) data.auditAnchors[step.documentId] = copy(anchor)
    await this.db.write()
    return true
  }

  /** Tasks on one document, one after another; the data directory lock keeps other processes out. */
  async lockDocument<T>(documentId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(documentId) ?? Promise.resolve()
    const run = previous.then(task, task)
    const tail = run.then(
      () => {},
      () => {},
    )
    this.locks.set(documentId, tail)
    void tail.then(() => {
      if (this.locks.get(documentId) === tail) this.locks.delete(documentId)
    })
    return run
  }

  /** The next entries of a chain and its new anchor, checked, without storing them. */
  private makeAudit(documentId: string, makers: AuditMaker[]): { entries: AuditEntry[]; anchor: AuditAnchor | null } {
    const chain = this.db.data.audit.filter((e) => e.documentId === documentId)
    let last = chain.at(-1) ?? null
    let next = chain.length
    const entries: AuditEntry[] = []
    let anchor: AuditAnchor | null = null
    for (const make of makers) {
      const made = make(last ? copy(last) : null)
      const entry = made.entry
      if (entry.seq !== next || entry.documentId !== documentId)
        throw new Error(`audit entry ${entry.seq} of ${entry.documentId} is not the next one (${next})`)
      entries.push(entry)
      anchor = made.anchor
      last = entry
      next++
    }
    return { entries, anchor }
  }

  async listRegister(): Promise<RegisterEntry[]> {
    return copy(this.db.data.register)
  }

  async addRegisterEntry(entry: RegisterEntry): Promise<void> {
    this.db.data.register.push(copy(entry))
    await this.db.write()
  }

  // ── 办理跟踪 ──

  async listFollowUp(documentId: string): Promise<FollowUpEntry[]> {
    return copy(this.db.data.followUp.filter((e) => e.documentId === documentId))
  }

  async addFollowUp(entry: FollowUpEntry, file: Uint8Array | null): Promise<void> {
    if (this.db.data.followUp.some((e) => e.id === entry.id)) throw new Error(`follow-up ${entry.id} already exists`)
    // The file first, durably: an entry never names a file that is not there.
    if (entry.file && file) await this.followUpFiles.write(entry.id, file)
    this.db.data.followUp.push(copy(entry))
    try {
      await this.db.write()
    } catch (error) {
      this.db.data.followUp = this.db.data.followUp.filter((e) => e.id !== entry.id)
      await this.followUpFiles.remove(entry.id)
      throw error
    }
  }

  async getFollowUpFile(documentId: string, entryId: string): Promise<Uint8Array | null> {
    const entry = this.db.data.followUp.find((e) => e.id === entryId && e.documentId === documentId)
    return entry?.file ? this.followUpFiles.read(entryId) : null
  }

  async deleteFollowUp(documentId: string, entryId: string): Promise<boolean> {
    const before = this.db.data.followUp.length
    this.db.data.followUp = this.db.data.followUp.filter((e) => !(e.id === entryId && e.documentId === documentId))
    if (this.db.data.followUp.length === before) return false
    await this.db.write()
    await this.followUpFiles.remove(entryId)
    return true
  }

  async listNotifications(userId: string): Promise<Notification[]> {
    return copy(this.db.data.notifications.filter((n) => n.userId === userId)).sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : -1,
    )
  }

  async addNotifications(notifications: Notification[]): Promise<void> {
    if (notifications.length === 0) return
    this.db.data.notifications.push(...copy(notifications))
    await this.db.write()
  }

  async markNotificationsRead(userId: string, ids: string[]): Promise<void> {
    const wanted = new Set(ids)
    let changed = false
    for (const n of this.db.data.notifications) {
      if (n.userId === userId && wanted.has(n.id) && !n.read) {
        n.read = true
        changed = true
      }
    }
    if (changed) await this.db.write()
  }

  /** Nothing stays open: every change has already been written when its promise resolved. */
  async close(): Promise<void> {}

  private findDocument(id: string): DocumentMeta | undefined {
    return this.db.data.documents.find((doc) => doc.id === id)
  }
}

/** A patch without its undefined keys, so that `{ title: undefined }` does not erase a title. */
function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>
}
