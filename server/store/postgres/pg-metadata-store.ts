/**
 * MetadataStore on PostgreSQL, for the scale-out deployment: every instance sees every change as
 * soon as its promise resolves. It answers like LowdbMetadataStore (same order, same errors).
 */
import type { FollowUpEntry } from '../../../shared/follow-up.js'
import type { Activity } from '../../../shared/investigation.js'
import type { Pool, PoolClient } from 'pg'
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

const documentColumns = `id, title, group_id AS "groupId", status, created_at AS "createdAt", updated_at AS "updatedAt", recipients, kind`
/**
 * A document row as DocumentMeta: a column left NULL (no 主送机关 recognised; no kind, a document
 * made before kinds) is a field left out, as the embedded store keeps it.
 */
const documentOf = (
  row: DocumentMeta & { recipients?: string | null; kind?: DocumentMeta['kind'] | null },
): DocumentMeta => {
  const { recipients, kind, ...doc } = row
  return {
    ...doc,
    ...(recipients === null || recipients === undefined ? {} : { recipients }),
    ...(kind === null || kind === undefined ? {} : { kind }),
  }
}
const documentOrNull = (row: DocumentMeta | null): DocumentMeta | null => (row ? documentOf(row) : null)
const userColumns = `id, username, display_name AS "displayName", role, active, password_hash AS "passwordHash", created_at AS "createdAt"`
const sessionColumns = `id_hash AS "idHash", user_id AS "userId", created_at AS "createdAt", last_seen_at AS "lastSeenAt"`
const groupColumns = `id, name, members, chair_ids AS "chairIds", secretary_ids AS "secretaryIds", created_at AS "createdAt", topic`
/** A group row as Group: no topic set (NULL) is a field left out, as the embedded store keeps it. */
const groupOf = (row: Group & { topic?: string | null }): Group => {
  const { topic, ...group } = row
  return topic === null || topic === undefined ? group : { ...group, topic }
}
const groupOrNull = (row: Group | null): Group | null => (row ? groupOf(row) : null)
const invitationColumns = `document_id AS "documentId", user_id AS "userId", invited_by AS "invitedBy", until, created_at AS "createdAt"`
const versionColumns = `document_id AS "documentId", number, label, kind, author_id AS "authorId", created_at AS "createdAt",
  char_count AS "charCount", hash`
const submissionColumns = `id, document_id AS "documentId", version_number AS "versionNumber", hash, note,
  submitted_by AS "submittedBy", submitted_at AS "submittedAt", decision`
const auditColumns = `document_id AS "documentId", seq, action, actor_id AS "actorId", at, version_number AS "versionNumber",
  content_hash AS "contentHash", details, prev_hash AS "prevHash", hash`
const notificationColumns = `id, user_id AS "userId", document_id AS "documentId", kind, text, created_at AS "createdAt", read`

/** PostgreSQL's SQLSTATE for a unique or primary key violation. */
const UNIQUE_VIOLATION = '23505'

export class PgMetadataStore implements MetadataStore {
  /** The pool is shared with the caller, who ends it. */
  constructor(private readonly pool: Pool) {}

  // ── documents ──

  /** Most recently updated first; equal times in creation order. */
  async listDocuments(): Promise<DocumentMeta[]> {
    return (
      await this.rows<DocumentMeta>(
        `SELECT ${documentColumns} FROM documents ORDER BY updated_at COLLATE "C" DESC, position`,
      )
    ).map(documentOf)
  }

  async getDocument(id: string): Promise<DocumentMeta | null> {
    return documentOrNull(await this.row<DocumentMeta>(`SELECT ${documentColumns} FROM documents WHERE id = $1`, [id]))
  }

  async getDocumentStatus(id: string): Promise<DocumentMeta['status'] | null> {
    const row = await this.row<{ status: DocumentMeta['status'] }>('SELECT status FROM documents WHERE id = $1', [id])
    return row?.status ?? null
  }

  async createDocument(doc: DocumentMeta): Promise<DocumentMeta> {
    try {
      return documentOf(
        (await this.row<DocumentMeta>(
          `INSERT INTO documents (id, title, group_id, status, created_at, updated_at, recipients, kind)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${documentColumns}`,
          [
            doc.id,
            doc.title,
            doc.groupId,
            doc.status,
            doc.createdAt,
            doc.updatedAt,
            doc.recipients ?? null,
            doc.kind ?? null,
          ],
        ))!,
      )
    } catch (error) {
      if (isUniqueViolation(error)) throw new Error(`document ${doc.id} already exists`, { cause: error })
      throw error
    }
  }

  /** Keys left undefined in the patch keep their value (every column it patches is NOT NULL). */
  async updateDocument(
    id: string,
    patch: Partial<Pick<DocumentMeta, 'title' | 'updatedAt' | 'status' | 'kind'>>,
  ): Promise<DocumentMeta | null> {
    return documentOrNull(
      await this.row<DocumentMeta>(
        `UPDATE documents SET title = coalesce($2, title), updated_at = coalesce($3, updated_at), status = coalesce($4, status),
           kind = coalesce($5, kind)
       WHERE id = $1 RETURNING ${documentColumns}`,
        [id, patch.title ?? null, patch.updatedAt ?? null, patch.status ?? null, patch.kind ?? null],
      ),
    )
  }

  /** One statement, so no instance ever sees the invitations or threads of a document that is gone. */
  async deleteDocument(id: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ deleted: number }>(
      `WITH gone AS (DELETE FROM documents WHERE id = $1 RETURNING id),
            invitations AS (DELETE FROM invitations WHERE document_id IN (SELECT id FROM gone)),
            threads AS (DELETE FROM threads WHERE document_id IN (SELECT id FROM gone)),
            mentions AS (DELETE FROM unread_mentions WHERE document_id IN (SELECT id FROM gone))
       SELECT count(*)::int AS deleted FROM gone`,
      [id],
    )
    return rows[0].deleted > 0
  }

  // ── users ──

  async countUsers(): Promise<number> {
    const { rows } = await this.pool.query<{ count: number }>('SELECT count(*)::int AS count FROM users')
    return rows[0].count
  }

  /** In creation order. */
  async listUsers(): Promise<StoredUser[]> {
    return this.rows<StoredUser>(`SELECT ${userColumns} FROM users ORDER BY position`)
  }

  async getUser(id: string): Promise<StoredUser | null> {
    return this.row<StoredUser>(`SELECT ${userColumns} FROM users WHERE id = $1`, [id])
  }

  async getUserByUsername(username: string): Promise<StoredUser | null> {
    return this.row<StoredUser>(`SELECT ${userColumns} FROM users WHERE username = $1`, [username])
  }

  /** Throws when the username is taken, and (unlike the embedded store) when the id is. */
  async createUser(user: StoredUser): Promise<StoredUser> {
    try {
      return (await this.row<StoredUser>(
        `INSERT INTO users (id, username, display_name, role, active, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${userColumns}`,
        [user.id, user.username, user.displayName, user.role, user.active, user.passwordHash, user.createdAt],
      ))!
    } catch (error) {
      if (isUniqueViolation(error, 'users_username_key'))
        throw new Error(`username ${user.username} is taken`, { cause: error })
      if (isUniqueViolation(error)) throw new Error(`user ${user.id} already exists`, { cause: error })
      throw error
    }
  }

  async updateUser(
    id: string,
    patch: Partial<Pick<StoredUser, 'displayName' | 'role' | 'active' | 'passwordHash'>>,
  ): Promise<StoredUser | null> {
    return this.row<StoredUser>(
      `UPDATE users SET display_name = coalesce($2, display_name), role = coalesce($3, role),
                        active = coalesce($4, active), password_hash = coalesce($5, password_hash)
       WHERE id = $1 RETURNING ${userColumns}`,
      [id, patch.displayName ?? null, patch.role ?? null, patch.active ?? null, patch.passwordHash ?? null],
    )
  }

  // ── sessions ──

  /** Throws (unlike the embedded store) when a session with that hash exists. */
  async createSession(session: StoredSession): Promise<void> {
    await this.pool.query('INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4)', [
      session.idHash,
      session.userId,
      session.createdAt,
      session.lastSeenAt,
    ])
  }

  async getSession(idHash: string): Promise<StoredSession | null> {
    return this.row<StoredSession>(`SELECT ${sessionColumns} FROM sessions WHERE id_hash = $1`, [idHash])
  }

  async touchSession(idHash: string, lastSeenAt: string): Promise<void> {
    await this.pool.query('UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, lastSeenAt])
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash])
  }

  async deleteExpiredSessions(seenBefore: string, createdBefore: string): Promise<number> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM sessions WHERE last_seen_at COLLATE "C" < $1 OR created_at COLLATE "C" < $2',
      [seenBefore, createdBefore],
    )
    return rowCount ?? 0
  }

  /** The hashes come back in the sessions' creation order. */
  async deleteSessionsOfUser(userId: string, keepIdHash?: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ idHash: string }>(
      `WITH gone AS (
         DELETE FROM sessions WHERE user_id = $1 AND id_hash IS DISTINCT FROM $2 RETURNING id_hash, position
       )
       SELECT id_hash AS "idHash" FROM gone ORDER BY position`,
      [userId, keepIdHash ?? null],
    )
    return rows.map((row) => row.idHash)
  }

  // ── groups ──

  /** In creation order. */
  async listGroups(): Promise<Group[]> {
    return (await this.rows<Group>(`SELECT ${groupColumns} FROM groups ORDER BY position`)).map(groupOf)
  }

  async getGroup(id: string): Promise<Group | null> {
    return groupOrNull(await this.row<Group>(`SELECT ${groupColumns} FROM groups WHERE id = $1`, [id]))
  }

  /** Throws (unlike the embedded store) when the id is taken. */
  async createGroup(group: Group): Promise<Group> {
    try {
      return groupOf(
        (await this.row<Group>(
          `INSERT INTO groups (id, name, members, chair_ids, secretary_ids, created_at, topic) VALUES ($1, $2, $3, $4, $5, $6, $7)
           RETURNING ${groupColumns}`,
          [
            group.id,
            group.name,
            json(group.members),
            json(group.chairIds),
            json(group.secretaryIds),
            group.createdAt,
            group.topic ?? null,
          ],
        ))!,
      )
    } catch (error) {
      if (isUniqueViolation(error)) throw new Error(`group ${group.id} already exists`, { cause: error })
      throw error
    }
  }

  async updateGroup(id: string, patch: Partial<Omit<Group, 'id' | 'createdAt'>>): Promise<Group | null> {
    return groupOrNull(
      await this.row<Group>(
        `UPDATE groups SET name = coalesce($2, name), members = coalesce($3, members),
                           chair_ids = coalesce($4, chair_ids), secretary_ids = coalesce($5, secretary_ids),
                           topic = coalesce($6, topic)
         WHERE id = $1 RETURNING ${groupColumns}`,
        [
          id,
          patch.name ?? null,
          json(patch.members),
          json(patch.chairIds),
          json(patch.secretaryIds),
          patch.topic ?? null,
        ],
      ),
    )
  }

  // ── activities ──

  /** By date, then in the order they were added (a replaced activity keeps its place). */
  async listActivities(groupId: string): Promise<Activity[]> {
    const { rows } = await this.pool.query<{ activity: Activity }>(
      'SELECT activity FROM activities WHERE group_id = $1 ORDER BY day COLLATE "C", position',
      [groupId],
    )
    return rows.map((r) => r.activity)
  }

  async getActivity(id: string): Promise<Activity | null> {
    const { rows } = await this.pool.query<{ activity: Activity }>('SELECT activity FROM activities WHERE id = $1', [
      id,
    ])
    return rows[0]?.activity ?? null
  }

  async putActivity(activity: Activity): Promise<void> {
    await this.pool.query(
      `INSERT INTO activities (id, group_id, day, activity) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET day = EXCLUDED.day, activity = EXCLUDED.activity`,
      [activity.id, activity.groupId, activity.date, JSON.stringify(activity)],
    )
  }

  async deleteActivity(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM activities WHERE id = $1', [id])
    return (rowCount ?? 0) > 0
  }

  // ── invitations ──

  /** In the order they were put; putting one again moves it to the end, as in the embedded store. */
  async listInvitations(documentId: string): Promise<StoredInvitation[]> {
    return this.rows<StoredInvitation>(
      `SELECT ${invitationColumns} FROM invitations WHERE document_id = $1 ORDER BY position`,
      [documentId],
    )
  }

  async listInvitationsOfUser(userId: string): Promise<StoredInvitation[]> {
    return this.rows<StoredInvitation>(
      `SELECT ${invitationColumns} FROM invitations WHERE user_id = $1 ORDER BY position`,
      [userId],
    )
  }

  async putInvitation(invitation: StoredInvitation): Promise<void> {
    await this.pool.query(
      `INSERT INTO invitations (document_id, user_id, invited_by, until, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (document_id, user_id) DO UPDATE
         SET invited_by = EXCLUDED.invited_by, until = EXCLUDED.until, created_at = EXCLUDED.created_at, position = DEFAULT`,
      [invitation.documentId, invitation.userId, invitation.invitedBy, invitation.until, invitation.createdAt],
    )
  }

  async deleteInvitation(documentId: string, userId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM invitations WHERE document_id = $1 AND user_id = $2', [
      documentId,
      userId,
    ])
    return (rowCount ?? 0) > 0
  }

  // ── threads ──

  /** In creation order; replacing a thread keeps its place. */
  async listThreads(documentId: string): Promise<Thread[]> {
    const { rows } = await this.pool.query<{ thread: Thread }>(
      'SELECT thread FROM threads WHERE document_id = $1 ORDER BY position',
      [documentId],
    )
    return rows.map((row) => row.thread)
  }

  async getThread(id: string): Promise<Thread | null> {
    const { rows } = await this.pool.query<{ thread: Thread }>('SELECT thread FROM threads WHERE id = $1', [id])
    return rows[0]?.thread ?? null
  }

  async putThread(thread: Thread): Promise<void> {
    await this.pool.query(
      `INSERT INTO threads (id, document_id, thread) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET document_id = EXCLUDED.document_id, thread = EXCLUDED.thread`,
      [thread.id, thread.documentId, JSON.stringify(thread)],
    )
  }

  /** The document's threads are counted under an advisory lock of the document's threads, so two instances cannot both add the last one. */
  async addThread(thread: Thread, max: number): Promise<boolean> {
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`jianyi:threads:${thread.documentId}`])
      const { rows } = await client.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM threads WHERE document_id = $1',
        [thread.documentId],
      )
      if (rows[0].count >= max) return false
      await client.query('INSERT INTO threads (id, document_id, thread) VALUES ($1, $2, $3)', [
        thread.id,
        thread.documentId,
        JSON.stringify(thread),
      ])
      return true
    })
  }

  /**
   * SELECT … FOR UPDATE: a concurrent change of the same thread (a reply on another instance)
   * waits for this transaction and then reads its result, instead of overwriting it.
   */
  async updateThread(id: string, change: (thread: Thread) => void): Promise<Thread | null> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ thread: Thread }>('SELECT thread FROM threads WHERE id = $1 FOR UPDATE', [
        id,
      ])
      if (rows.length === 0) return null
      const thread = rows[0].thread
      change(thread)
      await client.query('UPDATE threads SET thread = $2 WHERE id = $1', [id, JSON.stringify(thread)])
      return thread
    })
  }

  // ── unread mentions ──

  /** In the order they were added. */
  async listUnreadMentions(userId: string, documentId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ commentId: string }>(
      'SELECT comment_id AS "commentId" FROM unread_mentions WHERE user_id = $1 AND document_id = $2 ORDER BY position',
      [userId, documentId],
    )
    return rows.map((row) => row.commentId)
  }

  /** A mention of a user in a comment that is already unread (even under another document) is skipped. */
  async addUnreadMentions(entries: { userId: string; documentId: string; commentId: string }[]): Promise<void> {
    if (entries.length === 0) return
    await this.pool.query(
      `INSERT INTO unread_mentions (user_id, document_id, comment_id)
       SELECT e.user_id, e.document_id, e.comment_id
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS e(user_id, document_id, comment_id, n)
        ORDER BY e.n
       ON CONFLICT (user_id, comment_id) DO NOTHING`,
      [entries.map((e) => e.userId), entries.map((e) => e.documentId), entries.map((e) => e.commentId)],
    )
  }

  async markMentionsRead(userId: string, commentIds: string[]): Promise<void> {
    if (commentIds.length === 0) return
    await this.pool.query('DELETE FROM unread_mentions WHERE user_id = $1 AND comment_id = ANY($2::text[])', [
      userId,
      commentIds,
    ])
  }

  // ── versions ──

  /** By number. */
  async listVersions(documentId: string): Promise<Version[]> {
    return this.rows<Version>(`SELECT ${versionColumns} FROM versions WHERE document_id = $1 ORDER BY number`, [
      documentId,
    ])
  }

  async addVersion(version: Version): Promise<void> {
    await this.insertVersion(this.pool, version)
  }

  private async insertVersion(db: Pool | PoolClient, version: Version): Promise<void> {
    try {
      await db.query(
        `INSERT INTO versions (document_id, number, label, kind, author_id, created_at, char_count, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          version.documentId,
          version.number,
          version.label,
          version.kind,
          version.authorId,
          version.createdAt,
          version.charCount,
          version.hash,
        ],
      )
    } catch (error) {
      if (isUniqueViolation(error))
        throw new Error(`version ${version.number} of ${version.documentId} already exists`, { cause: error })
      throw error
    }
  }

  // ── submissions ──

  /** In the order they were first put; replacing one keeps its place. */
  async listSubmissions(documentId: string): Promise<Submission[]> {
    return this.rows<Submission>(
      `SELECT ${submissionColumns} FROM submissions WHERE document_id = $1 ORDER BY position`,
      [documentId],
    )
  }

  async listPendingSubmissions(): Promise<Submission[]> {
    return this.rows<Submission>(
      `SELECT ${submissionColumns} FROM submissions WHERE decision IS NULL ORDER BY position`,
    )
  }

  async putSubmission(submission: Submission): Promise<void> {
    await this.upsertSubmission(this.pool, submission)
  }

  private async upsertSubmission(db: Pool | PoolClient, submission: Submission): Promise<void> {
    await db.query(
      `INSERT INTO submissions (id, document_id, version_number, hash, note, submitted_by, submitted_at, decision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET document_id = EXCLUDED.document_id, version_number = EXCLUDED.version_number,
         hash = EXCLUDED.hash, note = EXCLUDED.note, submitted_by = EXCLUDED.submitted_by,
         submitted_at = EXCLUDED.submitted_at, decision = EXCLUDED.decision`,
      [
        submission.id,
        submission.documentId,
        submission.versionNumber,
        submission.hash,
        submission.note,
        submission.submittedBy,
        submission.submittedAt,
        submission.decision === null ? null : JSON.stringify(submission.decision),
      ],
    )
  }

  // ── audit log ──

  /** By seq. */
  async listAudit(documentId: string): Promise<AuditEntry[]> {
    return this.rows<AuditEntry>(`SELECT ${auditColumns} FROM audit_entries WHERE document_id = $1 ORDER BY seq`, [
      documentId,
    ])
  }

  /**
   * The chain's last entry is read and the next one inserted under a transaction-scoped advisory
   * lock of the document's chain, so appends from several instances queue instead of forking.
   */
  async appendAudit(documentId: string, make: AuditMaker): Promise<AuditEntry> {
    return this.transaction(async (client) => (await this.insertAudit(client, documentId, [make]))[0])
  }

  /**
   * One transaction; the conditional UPDATE takes the document's row lock, so of two steps from
   * the same status the second waits, finds the status moved, and changes nothing.
   */
  async commitStep(step: WorkflowStep): Promise<boolean> {
    return this.transaction(async (client) => {
      const { rowCount } = await client.query(
        'UPDATE documents SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2',
        [step.documentId, step.from, step.to, step.updatedAt],
      )
      if (rowCount !== 1) return false
      if (step.submission) await this.upsertSubmission(client, step.submission)
      if (step.version) await this.insertVersion(client, step.version)
      await this.insertAudit(client, step.documentId, step.audit)
      return true
    })
  }

  /** A session-level advisory lock on a connection of its own, held while `task` runs. */
  async lockDocument<T>(documentId: string, task: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    const key = `jianyi:document:${documentId}`
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [key])
      try {
        return await task()
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key])
      }
    } finally {
      client.release()
    }
  }

  private async insertAudit(client: PoolClient, documentId: string, makers: AuditMaker[]): Promise<AuditEntry[]> {
    if (makers.length === 0) return []
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`jianyi:audit:${documentId}`])
    const { rows } = await client.query<AuditEntry>(
      `SELECT ${auditColumns} FROM audit_entries WHERE document_id = $1 ORDER BY seq DESC LIMIT 1`,
      [documentId],
    )
    let last: AuditEntry | null = rows[0] ?? null
    const made: AuditEntry[] = []
    let anchor: AuditAnchor | null = null
    for (const make of makers) {
      const sealed = make(last)
      const entry = sealed.entry
      anchor = sealed.anchor
      const next = last ? last.seq + 1 : 0
      if (entry.seq !== next || entry.documentId !== documentId)
        throw new Error(`audit entry ${entry.seq} of ${entry.documentId} is not the next one (${next})`)
      await client.query(
        `INSERT INTO audit_entries (document_id, seq, action, actor_id, at, version_number, content_hash, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          entry.documentId,
          entry.seq,
          entry.action,
          entry.actorId,
          entry.at,
          entry.versionNumber,
          entry.contentHash,
          entry.details,
          entry.prevHash,
          entry.hash,
        ],
      )
      made.push(entry)
      last = entry
    }
    if (anchor) {
      await client.query(
        `INSERT INTO audit_anchors (document_id, length, head, mac) VALUES ($1, $2, $3, $4)
         ON CONFLICT (document_id) DO UPDATE SET length = EXCLUDED.length, head = EXCLUDED.head, mac = EXCLUDED.mac`,
        [documentId, anchor.length, anchor.head, anchor.mac],
      )
    }
    return made
  }

  async getAuditAnchor(documentId: string): Promise<AuditAnchor | null> {
    return this.row<AuditAnchor>('SELECT length, head, mac FROM audit_anchors WHERE document_id = $1', [documentId])
  }

  async addAuditAnchor(documentId: string, anchor: AuditAnchor): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO audit_anchors (document_id, length, head, mac) VALUES ($1, $2, $3, $4)
       ON CONFLICT (document_id) DO NOTHING`,
      [documentId, anchor.length, anchor.head, anchor.mac],
    )
    return rowCount === 1
  }

  async listAuditedDocuments(): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT document_id AS id FROM audit_entries GROUP BY document_id
       UNION SELECT document_id FROM audit_anchors ORDER BY id`,
    )
    return rows.map((r) => r.id)
  }

  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      try {
        const result = await work(client)
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
    } finally {
      client.release()
    }
  }

  // ── register ──

  async listRegister(): Promise<RegisterEntry[]> {
    const { rows } = await this.pool.query<{ entry: RegisterEntry }>(
      'SELECT entry FROM register_entries ORDER BY position',
    )
    return rows.map((r) => r.entry)
  }

  async addRegisterEntry(entry: RegisterEntry): Promise<void> {
    await this.pool.query('INSERT INTO register_entries (id, entry) VALUES ($1, $2)', [entry.id, JSON.stringify(entry)])
  }

  // ── 办理跟踪 ──

  async listFollowUp(documentId: string): Promise<FollowUpEntry[]> {
    const { rows } = await this.pool.query<{ entry: FollowUpEntry }>(
      'SELECT entry FROM follow_up_entries WHERE document_id = $1 ORDER BY position',
      [documentId],
    )
    return rows.map((r) => r.entry)
  }

  /** The entry and its file are one row: stored together or not at all. */
  async addFollowUp(entry: FollowUpEntry, file: Uint8Array | null): Promise<void> {
    const bytes = entry.file && file ? Buffer.from(file.buffer, file.byteOffset, file.byteLength) : null
    await this.pool.query('INSERT INTO follow_up_entries (id, document_id, entry, file) VALUES ($1, $2, $3, $4)', [
      entry.id,
      entry.documentId,
      JSON.stringify(entry),
      bytes,
    ])
  }

  async getFollowUpFile(documentId: string, entryId: string): Promise<Uint8Array | null> {
    const { rows } = await this.pool.query<{ file: Buffer | null }>(
      'SELECT file FROM follow_up_entries WHERE id = $1 AND document_id = $2',
      [entryId, documentId],
    )
    return rows[0]?.file ? new Uint8Array(rows[0].file) : null
  }

  async deleteFollowUp(documentId: string, entryId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM follow_up_entries WHERE id = $1 AND document_id = $2', [
      entryId,
      documentId,
    ])
    return (rowCount ?? 0) > 0
  }

  // ── notifications ──

  /** Newest first; of equal times, the one added last first (as the embedded store's sort leaves them). */
  async listNotifications(userId: string): Promise<Notification[]> {
    return this.rows<Notification>(
      `SELECT ${notificationColumns} FROM notifications WHERE user_id = $1 ORDER BY created_at COLLATE "C" DESC, position DESC`,
      [userId],
    )
  }

  /** Throws (unlike the embedded store) when an id is taken, and then adds none of them. */
  async addNotifications(notifications: Notification[]): Promise<void> {
    if (notifications.length === 0) return
    const column = <K extends keyof Notification>(key: K) => notifications.map((n) => n[key])
    await this.pool.query(
      `INSERT INTO notifications (id, user_id, document_id, kind, text, created_at, read)
       SELECT n.id, n.user_id, n.document_id, n.kind, n.text, n.created_at, n.read
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[])
              WITH ORDINALITY AS n(id, user_id, document_id, kind, text, created_at, read, ordinal)
        ORDER BY n.ordinal`,
      [
        column('id'),
        column('userId'),
        column('documentId'),
        column('kind'),
        column('text'),
        column('createdAt'),
        column('read'),
      ],
    )
  }

  async markNotificationsRead(userId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return
    await this.pool.query(
      'UPDATE notifications SET read = true WHERE user_id = $1 AND id = ANY($2::text[]) AND NOT read',
      [userId, ids],
    )
  }

  /** Nothing to release: the pool belongs to whoever opened the store. */
  async close(): Promise<void> {}

  private async rows<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, values)).rows as T[]
  }

  private async row<T>(sql: string, values: unknown[] = []): Promise<T | null> {
    return ((await this.pool.query(sql, values)).rows[0] as T | undefined) ?? null
  }
}

/**
 * Arrays go to jsonb as JSON text: pg would otherwise send a JS array as a PostgreSQL array.
 * Undefined stays null, which the update statements read as "keep".
 */
function json(value: unknown[] | undefined): string | null {
  return value === undefined ? null : JSON.stringify(value)
}

function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown }
  return e?.code === UNIQUE_VIOLATION && (constraint === undefined || e.constraint === constraint)
}
