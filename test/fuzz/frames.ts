/**
 * Hostile collaboration frames: random bytes, truncated and oversized messages, and well-formed
 * y-protocols messages with hostile content (sync steps with garbage, updates into foreign types,
 * awareness for other clients, unknown message types). Deterministic for a seed.
 */
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import type { Random } from '../helpers/seeded-random.js'

export type FrameKind =
  | 'random'
  | 'truncated'
  | 'oversized'
  | 'syncStep1'
  | 'syncStep2Garbage'
  | 'update'
  | 'updateGarbage'
  | 'awareness'
  | 'awarenessGarbage'
  | 'queryAwareness'
  | 'unknownType'
  | 'varintOverflow'

/** Kinds and weights: frames that make the server close the socket are rarer, so sockets live a while. */
const weights: [FrameKind, number][] = [
  ['random', 4],
  ['truncated', 4],
  ['oversized', 1],
  ['syncStep1', 10],
  ['syncStep2Garbage', 3],
  ['update', 30],
  ['updateGarbage', 3],
  ['awareness', 25],
  ['awarenessGarbage', 3],
  ['queryAwareness', 8],
  ['unknownType', 8],
  ['varintOverflow', 1],
]
const totalWeight = weights.reduce((sum, [, w]) => sum + w, 0)

const int = (random: Random, n: number) => Math.floor(random() * n)
const bytes = (random: Random, n: number) => Uint8Array.from({ length: n }, () => int(random, 256))
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]

const hostileStrings = ['', '\u0000', '\uD800', '𠀀'.repeat(50), '<script>', '"}]', 'a'.repeat(2000), '__proto__']

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** A valid Yjs update with hostile content: foreign types, non-schema elements, big inserts, deletes. */
function hostileUpdate(random: Random): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = int(random, 2 ** 31)
  const choice = int(random, 6)
  if (choice === 0) doc.getText(pick(random, ['content', 'x', '', '__proto__'])).insert(0, pick(random, hostileStrings))
  else if (choice === 1)
    doc
      .getMap(pick(random, ['meta', 'default', 'constructor']))
      .set(pick(random, hostileStrings), { a: [1, null, 'x'] })
  else if (choice === 2) {
    const element = new Y.XmlElement(pick(random, ['script', 'paragraph', 'heading', '', 'iframe']))
    element.setAttribute(pick(random, ['onclick', 'level', 'href']), pick(random, hostileStrings))
    element.insert(0, [new Y.XmlText(pick(random, hostileStrings))])
    doc.getXmlFragment('default').insert(0, [element])
  } else if (choice === 3) {
    const text = doc.getText('content')
    text.insert(0, 'x'.repeat(1 + int(random, 500)))
    text.delete(0, int(random, 400))
  } else if (choice === 4)
    doc.getArray('items').insert(
      0,
      Array.from({ length: int(random, 100) }, (_, i) => i),
    )
  else doc.getXmlFragment('default').insert(0, [new Y.XmlText(pick(random, hostileStrings))])
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

function awarenessMessage(random: Random): Uint8Array {
  return message((encoder) => {
    encoding.writeVarUint(encoder, 1)
    const update = message((inner) => {
      const n = 1 + int(random, 3)
      encoding.writeVarUint(inner, n)
      for (let i = 0; i < n; i++) {
        encoding.writeVarUint(inner, int(random, 2 ** 31))
        encoding.writeVarUint(inner, int(random, 2 ** 31))
        const state = pick(random, [
          null,
          { user: { name: pick(random, hostileStrings), color: pick(random, hostileStrings) } },
          { cursor: { anchor: bytes(random, 8).join(), head: -1 } },
          { deep: JSON.parse('['.repeat(200) + ']'.repeat(200)) },
        ])
        encoding.writeVarString(inner, JSON.stringify(state))
      }
    })
    encoding.writeVarUint8Array(encoder, update)
  })
}

/** One frame of the given kind (or of a weighted random kind). */
export function hostileFrame(random: Random, oversizedBytes: number): { kind: FrameKind; frame: Uint8Array } {
  let roll = random() * totalWeight
  let kind: FrameKind = 'random'
  for (const [k, w] of weights) {
    if ((roll -= w) < 0) {
      kind = k
      break
    }
  }
  return { kind, frame: frameOf(kind, random, oversizedBytes) }
}

function frameOf(kind: FrameKind, random: Random, oversizedBytes: number): Uint8Array {
  switch (kind) {
    case 'random':
      return bytes(random, int(random, 64))
    case 'truncated': {
      const whole = frameOf(pick(random, ['syncStep1', 'update', 'awareness'] as const), random, oversizedBytes)
      return whole.subarray(0, int(random, whole.length))
    }
    case 'oversized':
      return message((encoder) => {
        encoding.writeVarUint(encoder, 0)
        encoding.writeVarUint(encoder, 2)
        encoding.writeVarUint8Array(encoder, new Uint8Array(oversizedBytes))
      })
    case 'syncStep1':
      return message((encoder) => {
        encoding.writeVarUint(encoder, 0)
        encoding.writeVarUint(encoder, 0)
        // A state vector claiming clocks nobody has, for clients nobody is.
        const vector = message((inner) => {
          const n = int(random, 4)
          encoding.writeVarUint(inner, n)
          for (let i = 0; i < n; i++) {
            encoding.writeVarUint(inner, int(random, 2 ** 31))
            encoding.writeVarUint(inner, int(random, 2 ** 31))
          }
        })
        encoding.writeVarUint8Array(encoder, vector)
      })
    case 'syncStep2Garbage':
    case 'updateGarbage':
      return message((encoder) => {
        encoding.writeVarUint(encoder, 0)
        encoding.writeVarUint(encoder, kind === 'syncStep2Garbage' ? 1 : 2)
        encoding.writeVarUint8Array(encoder, bytes(random, int(random, 200)))
      })
    case 'update':
      return message((encoder) => {
        encoding.writeVarUint(encoder, 0)
        encoding.writeVarUint(encoder, random() < 0.5 ? 2 : 1)
        encoding.writeVarUint8Array(encoder, hostileUpdate(random))
      })
    case 'awareness':
      return awarenessMessage(random)
    case 'awarenessGarbage':
      return message((encoder) => {
        encoding.writeVarUint(encoder, 1)
        encoding.writeVarUint8Array(encoder, bytes(random, int(random, 100)))
      })
    case 'queryAwareness':
      return Uint8Array.of(3)
    case 'unknownType':
      return message((encoder) => {
        encoding.writeVarUint(encoder, pick(random, [2, 4, 5, 99, 100, 127, 128, 255, 65535, 2 ** 31]))
        encoding.writeUint8Array(encoder, bytes(random, int(random, 40)))
      })
    case 'varintOverflow':
      return new Uint8Array(10 + int(random, 20)).fill(0xff)
  }
}
