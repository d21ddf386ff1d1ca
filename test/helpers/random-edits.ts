/** Yjs documents edited at random by two peers, for store tests that must keep content identical. */
import * as Y from 'yjs'
import { seededRandom } from './seeded-random.js'

/** Two peers editing text, a map and an array at random; returns one peer and every update in order. */
export function randomlyEditedDoc(edits: number, seed = 42): { doc: Y.Doc; updates: Uint8Array[] } {
  const next = seededRandom(seed)
  const peers = [new Y.Doc(), new Y.Doc()]
  const updates: Uint8Array[] = []
  peers.forEach((peer, index) => {
    peer.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'peer') return
      updates.push(update)
      Y.applyUpdate(peers[1 - index], update, 'peer')
    })
  })
  for (let i = 0; i < edits; i++) {
    const peer = peers[Math.floor(next() * 2)]
    const text = peer.getText('text')
    const choice = next()
    if (choice < 0.5 || text.length === 0) {
      text.insert(Math.floor(next() * (text.length + 1)), `edit ${i} `)
    } else if (choice < 0.7) {
      const index = Math.floor(next() * text.length)
      text.delete(index, Math.min(1 + Math.floor(next() * 8), text.length - index))
    } else if (choice < 0.85) {
      peer.getMap('meta').set(`key${Math.floor(next() * 20)}`, i)
    } else {
      peer.getArray<number>('list').push([i])
    }
  }
  return { doc: peers[0], updates }
}

/** What a reader sees; a Y.Doc's own toJSON omits types that were not yet asked for by name. */
export function contentOf(doc: Y.Doc) {
  return {
    text: doc.getText('text').toString(),
    meta: doc.getMap('meta').toJSON(),
    list: doc.getArray('list').toJSON(),
  }
}

/** A fresh document holding the given updates. */
export function docFrom(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}
