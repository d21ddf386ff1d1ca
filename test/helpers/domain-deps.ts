/**
 * The use cases' dependencies on real stores, with live documents kept in memory instead of rooms:
 * for tests that call domain functions directly, e.g. two "instances" on one PostgreSQL schema.
 */
import * as Y from 'yjs'
import { defaultStoredDataLimits, type StoredDataLimits } from '../../server/config.js'
import { LoginLimiter } from '../../server/auth/login-limiter.js'
import type { Deps, LiveSockets } from '../../server/domain/deps.js'
import { HeavyWork } from '../../server/domain/heavy-work.js'
import { DEFAULT_TIME_ZONE } from '../../shared/office-time.js'
import type { Actor } from '../../server/policy.js'
import type { DocumentStore, MaterialStore, MetadataStore, StoredUser, VersionStore } from '../../server/store/types.js'

/** The audit key of these tests' chains. */
export const testAuditKey = Buffer.alloc(32, 7)

/** Live documents shared by every Deps made with the same map, as rooms on one deployment would be. */
export type LiveDocs = Map<string, Y.Doc>

function liveSockets(docs: LiveDocs): LiveSockets {
  const docOf = (id: string) => {
    let doc = docs.get(id)
    if (!doc) docs.set(id, (doc = new Y.Doc()))
    return doc
  }
  return {
    async closeWhere() {},
    async statusChanged() {},
    openSockets: () => [],
    async closeDocument() {},
    async readDocument(id, read) {
      return read(docOf(id))
    },
    async changeDocument(id, _kind, change) {
      // A turn of the event loop, as a room's store-then-relay takes: concurrent steps interleave here.
      await new Promise((resolve) => setImmediate(resolve))
      const doc = docOf(id)
      doc.transact(() => change(doc))
    },
    async broadcast() {},
  }
}

export function domainDeps(
  stores: { metadata: MetadataStore; versions: VersionStore; content?: DocumentStore; materials?: MaterialStore },
  docs: LiveDocs,
  limits: Partial<StoredDataLimits> = {},
): Deps {
  return {
    metadata: stores.metadata,
    versions: stores.versions,
    content: stores.content ?? (undefined as unknown as DocumentStore),
    materials: stores.materials ?? (undefined as unknown as MaterialStore),
    sockets: liveSockets(docs),
    limiter: new LoginLimiter(),
    heavy: new HeavyWork(),
    sessions: { idleMs: 3_600_000, absoluteMs: 12 * 3_600_000 },
    limits: { ...defaultStoredDataLimits, ...limits },
    timeZone: DEFAULT_TIME_ZONE,
    followUpDays: 30,
    auditKey: testAuditKey,
    log: () => {},
  }
}

export const actorOf = (user: StoredUser): Actor => {
  const { passwordHash: _secret, ...publicUser } = user
  return { user: publicUser, sessionIdHash: `session-of-${user.id}` }
}
