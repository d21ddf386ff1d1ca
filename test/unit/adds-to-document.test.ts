/** When a refused update is worth telling its socket about: only when it holds something the room lacks. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addsToDocument } from '../../server/collab/protocol.js'

function roomAndCopy(): { room: Y.Doc; copy: Y.Doc } {
  const room = new Y.Doc()
  room.getText('content').insert(0, '建议加强农田管护工作')
  room.getText('content').delete(2, 2)
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(room))
  return { room, copy }
}

describe('addsToDocument', () => {
  it('finds nothing new in the sync answer of a client that holds what the room holds, deletions included', () => {
    const { room, copy } = roomAndCopy()
    expect(addsToDocument(room, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(room)))).toBe(false)
    expect(addsToDocument(room, Y.encodeStateAsUpdate(copy))).toBe(false)
  })

  it('finds a typed character', () => {
    const { room, copy } = roomAndCopy()
    copy.getText('content').insert(0, '再')
    expect(addsToDocument(room, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(room)))).toBe(true)
  })

  it('finds a deleted character, which brings no new struct', () => {
    const { room, copy } = roomAndCopy()
    copy.getText('content').delete(0, 1)
    expect(addsToDocument(room, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(room)))).toBe(true)
  })
})
