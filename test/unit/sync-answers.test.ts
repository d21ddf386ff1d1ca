import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { SyncAnswers } from '../../server/collab/sync-answers.js'

/** A room's document with its answers, told of every update as the room tells them. */
function room() {
  const doc = new Y.Doc()
  const answers = new SyncAnswers(doc)
  doc.on('update', (update: Uint8Array) => answers.changed(update.length))
  return { doc, answers, text: doc.getText('t') }
}

/** Applies frames as the official provider does (message type 0, then a sync message). */
function receive(peer: Y.Doc, frames: Uint8Array[]): void {
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame)
    expect(decoding.readVarUint(decoder)).toBe(0)
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), peer, 'server')
  }
}

const nothing = Y.encodeStateVector(new Y.Doc())

describe('answers to a sync step 1', () => {
  it('encodes the whole document once for every peer that holds nothing, until the document changes', () => {
    const { doc, answers, text } = room()
    text.insert(0, '高标准农田建设'.repeat(1000))
    const first = answers.syncStep2(nothing)
    const again = answers.syncStep2(nothing)
    expect(again).toHaveLength(1)
    expect(again[0]).toBe(first[0])
    // A state vector that names only clients the document has never seen asks for the whole of it too.
    const stranger = new Y.Doc()
    stranger.getText('t').insert(0, '离线输入')
    expect(answers.syncStep2(Y.encodeStateVector(stranger))[0]).toBe(first[0])

    const peer = new Y.Doc()
    receive(peer, again)
    expect(peer.getText('t').toString()).toBe(doc.getText('t').toString())
    expect(answers.syncStep1()).toBe(answers.syncStep1())
  })

  it('sends the earlier encoding and one update of the changes since; a fresh peer gets everything', () => {
    const { answers, text } = room()
    text.insert(0, '近年来，我市深入实施藏粮于地、藏粮于技战略。'.repeat(500))
    const [whole] = answers.syncStep2(nothing)
    const stepOne = answers.syncStep1()
    text.insert(5, '甲')
    text.delete(40, 3)
    text.insert(100, '乙')
    expect(answers.syncStep1()).not.toBe(stepOne)
    const frames = answers.syncStep2(nothing)
    expect(frames).toHaveLength(2)
    expect(frames[0]).toBe(whole)
    // Encoded once for all who ask until the document changes again.
    expect(answers.syncStep2(nothing)[1]).toBe(frames[1])
    expect(frames[1].length).toBeLessThan(200)
    const peer = new Y.Doc()
    receive(peer, frames)
    expect(peer.getText('t').toString()).toBe(text.toString())
  })

  it('encodes the document anew once the changes since add up to a quarter of it', () => {
    const { answers, text } = room()
    text.insert(0, '管护主体、管护责任和管护经费落实不到位。'.repeat(100))
    const [whole] = answers.syncStep2(nothing)
    text.insert(0, '部分灌排设施损毁后长期得不到修复。'.repeat(100))
    const frames = answers.syncStep2(nothing)
    expect(frames).toHaveLength(1)
    expect(frames[0]).not.toBe(whole)
    const peer = new Y.Doc()
    receive(peer, frames)
    expect(peer.getText('t').toString()).toBe(text.toString())
  })

  it('sends a peer that holds part of the document only what it lacks', () => {
    const { doc, answers, text } = room()
    text.insert(0, '统筹整合涉农资金。'.repeat(1000))
    const peer = new Y.Doc()
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc))
    text.insert(0, '新增一句。')
    const frames = answers.syncStep2(Y.encodeStateVector(peer))
    expect(frames).toHaveLength(1)
    expect(frames[0].length).toBeLessThan(100)
    receive(peer, frames)
    expect(peer.getText('t').toString()).toBe(text.toString())
  })
})
