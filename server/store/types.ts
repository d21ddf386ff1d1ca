/** Storage interfaces: nothing outside server/store knows where bytes live. */
import type { FollowUpEntry } from '../../shared/follow-up.js'
import type { Activity } from '../../shared/investigation.js'
import type {
  AuditEntry,
  DocumentMeta,
  DocumentStatus,
  Group,
  Notification,
  RegisterEntry,
  Submission,
  Thread,
  User,
  Version,
} from '../../shared/schema.js'
import type { Material } from '../../shared/materials.js'

/**
 * Yjs content of documents. `append` resolves once the updates are durable enough to be
 * relayed (written to the OS for the embedded store; see docs/operations.md for fsync).
 */
export interface DocumentStore {
  /** The stored updates of a document, in order: its merged state first, then the log. Empty if none. */
  load(docId: string): Promise<Uint8Array[]>
  /**
   * Appends updates to the document's log, in order, as one write, and resolves true. With
   * `unlessApproved`, the document's workflow status is read with the write, atomically: when it is
   * approved (or the document no longer exists) nothing is written and false is returned. Editors' updates are appended that way, so
   * that an instance that missed the news of an approval still cannot store an edit after it.
   */
  append(docId: string, updates: Uint8Array[], options?: AppendOptions): Promise<boolean>
  /** Removes everything stored for a document. */
  delete(docId: string): Promise<void>
  /** Flushes to stable storage everything appended so far (fsync). */
  flush(): Promise<void>
  /** Flushes and releases files; the store is unusable afterwards. */
  close(): Promise<void>
}

export interface AppendOptions {
  unlessApproved?: boolean
  /**
   * The document's whole state with these updates applied, when the caller holds it (a live room's
   * Y.Doc), or null when it cannot say so (it holds changes that are not in this append). A store
   * that folds its log into one state writes this instead of merging the log again, which applies
   * every update of the log once more (10,000 keystrokes: about a quarter of a second on the event
   * loop, against a few milliseconds to encode the document). Called during `append`, at most once.
   */
  state?: () => Uint8Array | null
}

/** What an immutable version holds besides its description. */
export interface VersionSnapshot {
  /** The full Yjs state of the document at that moment. */
  state: Uint8Array
  /** The content as ProseMirror JSON. */
  content: Record<string, unknown>
}

/** The bytes of versions: written once, never changed or deleted, not even with their document. */
export interface VersionStore {
  /** Throws when that version already exists. */
  put(docId: string, number: number, snapshot: VersionSnapshot): Promise<void>
  get(docId: string, number: number): Promise<VersionSnapshot | null>
  /**
   * Stores the snapshot as the document's next version and returns its number: one above both
   * `above` (the highest number the metadata describes) and every number stored, so a version whose
   * description the metadata lost keeps its number. Taken atomically: processes sharing the store
   * that add at the same moment get consecutive numbers, never the same one.
   */
  add(docId: string, snapshot: VersionSnapshot, above: number): Promise<number>
}

/** A user with the secret that only the server ever reads. */
export interface StoredUser extends User {
  /** `scrypt$N$r$p$salt$hash`, see server/auth/password.ts. */
  passwordHash: string
}

/** A login session. Only a hash of the cookie's id is stored, so a leaked store opens no session. */
export interface StoredSession {
  idHash: string
  userId: string
  createdAt: string
  lastSeenAt: string
}

export interface StoredInvitation {
  documentId: string
  userId: string
  invitedBy: string
  /** Last day (YYYY-MM-DD, inclusive) the invitation holds; null = until revoked. */
  until: string | null
  createdAt: string
}

/**
 * What a chain must have: its length and last hash, signed with a key kept outside the store, so
 * that entries removed from the end (or a chain removed whole) are noticed.
 */
export interface AuditAnchor {
  length: number
  head: string
  /** HMAC-SHA256 over the document id, length and head (server/domain/audit.ts). */
  mac: string
}

/**
 * Makes the next audit entry of a chain from the last one (null for the first), with the chain's
 * new anchor. Stores call it inside their critical section, so two appends never fork the chain,
 * even from two instances, and store the entry and the anchor together.
 */
export type AuditMaker = (last: AuditEntry | null) => { entry: AuditEntry; anchor: AuditAnchor }

/** One step of the approval workflow, stored all at once or not at all. */
export interface WorkflowStep {
  documentId: string
  /** The step applies only while the document still has this status (another request may have moved it). */
  from: DocumentStatus
  to: DocumentStatus
  updatedAt: string
  /** Created or replaced with the step. */
  submission?: Submission
  /** A version description recorded with the step; its bytes are in the version store already. */
  version?: Version
  /** Entries appended to the document's audit chain with the step, in order. */
  audit: AuditMaker[]
}

/** Metadata: documents, users, sessions, groups and their activities, invitations. */
export interface MetadataStore {
  listDocuments(): Promise<DocumentMeta[]>
  getDocument(id: string): Promise<DocumentMeta | null>
  /** The document's workflow status alone, or null when it does not exist: every room that opens reads it. */
  getDocumentStatus(id: string): Promise<DocumentMeta['status'] | null>
  createDocument(doc: DocumentMeta): Promise<DocumentMeta>
  /** Applies the patch and returns the new record, or null when the document does not exist. */
  updateDocument(
    id: string,
    patch: Partial<Pick<DocumentMeta, 'title' | 'updatedAt' | 'status' | 'kind'>>,
  ): Promise<DocumentMeta | null>
  /** Returns false when the document did not exist. Its invitations, threads and mentions go with it; its versions, submissions and audit log stay (history is never lost). */
  deleteDocument(id: string): Promise<boolean>

  countUsers(): Promise<number>
  listUsers(): Promise<StoredUser[]>
  getUser(id: string): Promise<StoredUser | null>
  getUserByUsername(username: string): Promise<StoredUser | null>
  /** Throws when the username is taken. */
  createUser(user: StoredUser): Promise<StoredUser>
  updateUser(
    id: string,
    patch: Partial<Pick<StoredUser, 'displayName' | 'role' | 'active' | 'passwordHash'>>,
  ): Promise<StoredUser | null>

  createSession(session: StoredSession): Promise<void>
  getSession(idHash: string): Promise<StoredSession | null>
  touchSession(idHash: string, lastSeenAt: string): Promise<void>
  deleteSession(idHash: string): Promise<void>
  /** Deletes the sessions last seen before `seenBefore` or created before `createdBefore` (ISO times); returns how many. */
  deleteExpiredSessions(seenBefore: string, createdBefore: string): Promise<number>
  /** Deletes every session of a user but `keepIdHash`; returns the hashes deleted. */
  deleteSessionsOfUser(userId: string, keepIdHash?: string): Promise<string[]>

  listGroups(): Promise<Group[]>
  getGroup(id: string): Promise<Group | null>
  createGroup(group: Group): Promise<Group>
  updateGroup(id: string, patch: Partial<Omit<Group, 'id' | 'createdAt'>>): Promise<Group | null>

  /** A group's schedule (调研活动), by date, then in the order they were added. */
  listActivities(groupId: string): Promise<Activity[]>
  getActivity(id: string): Promise<Activity | null>
  /** Creates or replaces an activity. */
  putActivity(activity: Activity): Promise<void>
  /** False when there was no such activity. */
  deleteActivity(id: string): Promise<boolean>

  listInvitations(documentId: string): Promise<StoredInvitation[]>
  listInvitationsOfUser(userId: string): Promise<StoredInvitation[]>
  /** Creates or replaces the invitation of that user to that document. */
  putInvitation(invitation: StoredInvitation): Promise<void>
  deleteInvitation(documentId: string, userId: string): Promise<boolean>

  /** Threads of a document (with their comments), oldest first. */
  listThreads(documentId: string): Promise<Thread[]>
  getThread(id: string): Promise<Thread | null>
  /** Creates or replaces a whole thread. */
  putThread(thread: Thread): Promise<void>
  /**
   * Creates a thread unless its document already has `max` threads; false then. The count and the
   * insert are one atomic step, also between instances.
   */
  addThread(thread: Thread, max: number): Promise<boolean>
  /**
   * Changes a stored thread atomically: `change` gets the current thread and edits it in place;
   * no change made meanwhile by another request (or instance) is lost. When `change` throws,
   * nothing is stored and the error passes through. Null when there is no such thread.
   */
  updateThread(id: string, change: (thread: Thread) => void): Promise<Thread | null>

  /** Ids of the comments mentioning the user on this document that they have not read yet. */
  listUnreadMentions(userId: string, documentId: string): Promise<string[]>
  addUnreadMentions(entries: { userId: string; documentId: string; commentId: string }[]): Promise<void>
  markMentionsRead(userId: string, commentIds: string[]): Promise<void>

  /** Versions of a document, oldest first. */
  listVersions(documentId: string): Promise<Version[]>
  /** Adds a version description; throws when the number is taken. */
  addVersion(version: Version): Promise<void>

  listSubmissions(documentId: string): Promise<Submission[]>
  /** Submissions without a decision, across documents. */
  listPendingSubmissions(): Promise<Submission[]>
  putSubmission(submission: Submission): Promise<void>

  /** The audit chain of a document, in order. */
  listAudit(documentId: string): Promise<AuditEntry[]>
  /** Appends the entry `make` returns; throws when its `seq` is not the next one (the chain must not fork). */
  appendAudit(documentId: string, make: AuditMaker): Promise<AuditEntry>
  /** The anchor stored with the chain's last entry; null when none was ever stored. */
  getAuditAnchor(documentId: string): Promise<AuditAnchor | null>
  /** Stores an anchor for a chain that has none (chains written before anchors existed); false if it has one. */
  addAuditAnchor(documentId: string, anchor: AuditAnchor): Promise<boolean>
  /** Every document id with an audit chain or anchor, deleted documents included. */
  listAuditedDocuments(): Promise<string[]>

  /**
   * Applies a workflow step atomically: false (and nothing changed) when the document's status is
   * no longer `step.from`; throws (and nothing changed) when the version number is taken.
   */
  commitStep(step: WorkflowStep): Promise<boolean>
  /**
   * Runs `task` while no other task locked on the same document runs, in any instance: a step that
   * changes the live text (approve, restore) must not interleave with another.
   */
  lockDocument<T>(documentId: string, task: () => Promise<T>): Promise<T>

  /** The 报送登记, oldest first. */
  listRegister(): Promise<RegisterEntry[]>
  addRegisterEntry(entry: RegisterEntry): Promise<void>

  /** 办理跟踪: a document's follow-up entries (批示, 转办, 办理反馈, 成果转化), in the order recorded. */
  listFollowUp(documentId: string): Promise<FollowUpEntry[]>
  /**
   * Stores an entry with its file (`file` when `entry.file` describes one) — both, durably, or
   * neither. Throws when the id exists.
   */
  addFollowUp(entry: FollowUpEntry, file: Uint8Array | null): Promise<void>
  /** The file of that document's entry, or null when there is none. */
  getFollowUpFile(documentId: string, entryId: string): Promise<Uint8Array | null>
  /** Removes the entry and its file; false when that document has no such entry. */
  deleteFollowUp(documentId: string, entryId: string): Promise<boolean>

  listNotifications(userId: string): Promise<Notification[]>
  addNotifications(notifications: Notification[]): Promise<void>
  markNotificationsRead(userId: string, ids: string[]): Promise<void>

  close(): Promise<void>
}

/**
 * An uploaded file while it arrives, kept where the store keeps files (the data directory: a
 * temporary file beside the materials; PostgreSQL: one buffer, as its bytea column needs the bytes),
 * before anyone knows whether it is taken. Its bytes are written once, in order.
 */
export interface StagedFile {
  /** Bytes written so far. */
  readonly size: number
  write(chunk: Uint8Array): Promise<void>
  /** Up to `length` bytes from `offset` of what was written (fewer past the end). */
  read(offset: number, length: number): Promise<Uint8Array>
  /** Removes what was written (the upload was refused). Does nothing once the file was added, or twice. */
  discard(): Promise<void>
}

/**
 * 调研材料: a group's files with their descriptions. A material is stored whole — its file and its
 * description together — or not at all; it is never changed, only removed.
 */
export interface MaterialStore {
  /** The descriptions of a group's materials, in the order they were added. */
  list(groupId: string): Promise<Material[]>
  get(id: string): Promise<Material | null>
  /** Stores the file and its description; resolves once both are durable. Throws when the id exists. */
  add(material: Material, bytes: Uint8Array): Promise<void>
  /**
   * A place for an upload of at most about `sizeHint` bytes (the request's length, when it said) to
   * arrive in; `addStaged` keeps it, `discard` drops it.
   */
  stage(sizeHint?: number): Promise<StagedFile>
  /** As `add`, with the file staged here; the staged file is taken over (or discarded when this throws). */
  addStaged(material: Material, file: StagedFile): Promise<void>
  /** The file's bytes, or null when there is no such material. */
  file(id: string): Promise<Uint8Array | null>
  /** The cached picture of a material (a PDF's first page as PNG), or null when none was kept. */
  preview(id: string): Promise<Uint8Array | null>
  /** Keeps a picture for a material; does nothing when the material no longer exists. */
  putPreview(id: string, png: Uint8Array): Promise<void>
  /** Removes the description, the file and its picture; false when there was no such material. */
  remove(id: string): Promise<boolean>
}

/** Documents a search must read: those whose indexed text holds the words, and those not indexed as they are now. */
export interface SearchCandidates {
  /** Documents whose indexed text holds the words (as indexed: it may be stale, see `stale`). */
  matching: string[]
  /**
   * Documents whose text is not indexed as their content is now (never indexed, or updated since),
   * each with the stamp of its current content: read them, and index them at that stamp (`put`).
   */
  stale: { docId: string; stamp: string }[]
}

/**
 * Plain text of each document's live content, kept to narrow a search down before its text is
 * decoded (PostgreSQL: a trigram index). Text and words are given already folded (shared/search.ts
 * foldForSearch); the store matches them as plain substrings.
 */
export interface SearchTextStore {
  /**
   * The documents of `groupIds` that a search for `words` must read, or null when this store keeps
   * no index and every document must be read (the embedded store).
   */
  candidates(groupIds: string[], words: string): Promise<SearchCandidates | null>
  /**
   * Whether the document's indexed text is older than its content now: if so its group and the stamp
   * of its current content (read it after asking, and `put` it at that stamp); null when the text is
   * current, the document does not exist, or this store keeps no index.
   */
  staleStamp(docId: string): Promise<{ groupId: string; stamp: string } | null>
  /** Keeps `text` as the document's text at `stamp` (from `candidates` or `staleStamp`); does nothing without an index. */
  put(docId: string, groupId: string, text: string, stamp: string): Promise<void>
}

/** One deployment's stores, opened together by open.ts. */
export interface Stores {
  metadata: MetadataStore
  content: DocumentStore
  versions: VersionStore
  materials: MaterialStore
  searchText: SearchTextStore
  /** Throws when the stores cannot be reached (a database server down); absent for local files. */
  check?(): Promise<void>
  /** Flushes and closes every store and releases the data directory. */
  close(): Promise<void>
}
