import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import type { Connection } from '../../server/collab/connection.js'
import { serverOrigin } from '../../server/collab/origins.js'
import { Room } from '../../server/collab/room.js'
import { Health } from '../../server/domain/health.js'
import type { DocumentStore } from '../../server/store/types.js'
import { FileDocumentStore } from '../../server/store/embedded/file-document-store.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A store in memory that records every append. */
function memoryStore() {
  const appended: Uint8Array[] = []
  const store: DocumentStore = {
    load: async () => [...appended],
    append: async (_docId, updates) => {
      appended.push(...updates)
      return true
    },
    delete: async () => {},
    flush: async () => {},
    close: async () => {},
  }
  return { store, appended }
}

/** Just what a room uses of a socket: the frames it is sent. */
function socket(label: string) {
  const sent: Uint8Array[] = []
  const conn = {
    label,
    readOnly: false,
    closed: false,
    awarenessClients: new Set<number>(),
    lastSentAt: Date.now(),
    send: (frame: Uint8Array) => sent.push(frame),
    sendAll(frames: { frame: Uint8Array; origin: unknown }[]) {
      for (const { frame, origin } of frames) if (origin !== conn) sent.push(frame)
    },
    startAnswer: () => true,
    finishAnswer: () => {},
    close: () => {},
  }
  return { conn: conn as unknown as Connection, sent }
}

function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** Two edits of one peer: the second depends on the first. */
function twoEdits() {
  const peer = new Y.Doc()
  const updates: Uint8Array[] = []
  peer.on('update', (u: Uint8Array) => updates.push(u))
  peer.getText('t').insert(0, 'ab')
  peer.getText('t').insert(2, 'cd')
  return updates
}

/** A room on `store` alone: no other instance, every edit accepted. */
const loadRoom = (store: DocumentStore) =>
  Room.load('doc', { store, fanout: null, health: new Health(), log: () => {}, acceptsEdits: async () => true })

async function openRoom() {
  const { store, appended } = memoryStore()
  const room = await loadRoom(store)
  const a = socket('a')
  const b = socket('b')
  room.join(a.conn)
  room.join(b.conn)
  a.sent.length = 0
  b.sent.length = 0
  return { room, store, appended, a, b }
}

describe('a room storing and relaying what sockets send', () => {
  it('stores and relays an update as it arrived, and an update bringing nothing new not at all', async () => {
    const { room, appended, a, b } = await openRoom()
    const [first] = twoEdits()
    room.receive(a.conn, updateFrame(first))
    await room.whenStored()
    expect(appended.map((u) => [...u])).toEqual([[...first]])
    expect(b.sent.map((f) => [...f])).toEqual([[...updateFrame(first)]])
    expect(a.sent).toEqual([])

    room.receive(b.conn, updateFrame(first))
    await room.whenStored()
    expect(appended).toHaveLength(1)
    expect(a.sent).toEqual([])
    room.destroy()
  })

  it('sends the updates of one turn to each socket but their sender, one frame each and in order', async () => {
    const { room, appended, a, b } = await openRoom()
    const c = socket('c')
    room.join(c.conn)
    c.sent.length = 0
    const [first, second] = twoEdits()
    const [other] = twoEdits()
    room.receive(a.conn, updateFrame(first))
    room.receive(b.conn, updateFrame(other))
    room.receive(a.conn, updateFrame(second))
    await room.whenStored()
    const bytes = (frames: Uint8Array[]) => frames.map((f) => [...f])
    expect(bytes(appended)).toEqual(bytes([first, other, second]))
    expect(bytes(a.sent)).toEqual(bytes([updateFrame(other)]))
    expect(bytes(b.sent)).toEqual(bytes([updateFrame(first), updateFrame(second)]))
    expect(bytes(c.sent)).toEqual(bytes([updateFrame(first), updateFrame(other), updateFrame(second)]))
    room.destroy()
  })

  it('stores an update still missing its predecessor, so that a reload holds both once it comes', async () => {
    const { room, store, appended, a } = await openRoom()
    const [first, second] = twoEdits()
    room.receive(a.conn, updateFrame(second))
    await room.whenStored()
    expect(appended.map((u) => [...u])).toEqual([[...second]])
    expect(room.doc.getText('t').toString()).toBe('')
    room.receive(a.conn, updateFrame(first))
    await room.whenStored()
    expect(room.doc.getText('t').toString()).toBe('abcd')

    const reloaded = new Y.Doc()
    for (const update of await store.load('doc')) Y.applyUpdate(reloaded, update)
    expect(reloaded.getText('t').toString()).toBe('abcd')
    room.destroy()
  })

  it("stores the server's own change and relays it to every socket", async () => {
    const { room, store, a, b } = await openRoom()
    room.changeAsServer(serverOrigin('restore'), (doc) => doc.getText('t').insert(0, 'restored'))
    await room.whenStored()
    expect(a.sent).toHaveLength(1)
    expect(b.sent).toEqual(a.sent)
    const reloaded = new Y.Doc()
    for (const update of await store.load('doc')) Y.applyUpdate(reloaded, update)
    expect(reloaded.getText('t').toString()).toBe('restored')
    room.destroy()
  })

  it('folds the log into the state its Y.Doc holds, and a reload has every edit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jianyi-room-fold-'))
    try {
      const store = new FileDocumentStore({ dir, compactRecords: 10 })
      const room = await loadRoom(store)
      const a = socket('a')
      room.join(a.conn)
      const peer = new Y.Doc()
      peer.on('update', (update: Uint8Array) => room.receive(a.conn, updateFrame(update)))
      for (let i = 0; i < 25; i++) {
        peer.getText('t').insert(0, `${i},`)
        await room.whenStored()
      }
      room.destroy()
      await store.close()
      const reopened = new FileDocumentStore({ dir, compactRecords: 1_000_000 })
      const stored = await reopened.load('doc')
      // The state folded after the 20th edit, then the 5 since.
      expect(stored).toHaveLength(6)
      const reloaded = new Y.Doc()
      for (const update of stored) Y.applyUpdate(reloaded, update)
      expect(reloaded.getText('t').toString()).toBe(peer.getText('t').toString())
      await reopened.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
