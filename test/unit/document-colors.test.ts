/**
 * One colour per person in a document (client/collab/document-colors.ts), decided alike by every
 * reader from the awareness states, and kept by the person it was given to (client/collab/presence.ts).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import { documentColors, type PresentPerson } from '../../client/collab/document-colors.js'
import { PALETTE } from '../../client/collab/identity.js'
import { keepGivenColor, presenceColors, presenceUser } from '../../client/collab/presence.js'

const red = '#c0392b'
const blue = '#2471a3'
const green = '#1e8449'
const person = (key: string, color: string | null, since: number): PresentPerson => ({ key, color, since })

describe('documentColors', () => {
  it('lets whoever arrived first keep a colour two chose, and gives the later one the first colour still free', () => {
    const colors = documentColors([person('zhang', red, 20), person('li', red, 10), person('wang', red, 30)])
    expect(Object.fromEntries(colors)).toEqual({ li: red, zhang: blue, wang: green })
  })

  it('gives everyone the same colours whatever order the states arrive in', () => {
    const people = PALETTE.map((color, i) => person(`user${i}`, i % 2 ? red : color, 100 + i))
    const expected = documentColors(people)
    expect(new Set(expected.values()).size).toBe(people.length)
    for (const order of [[...people].reverse(), [...people.slice(3), ...people.slice(0, 3)]])
      expect(documentColors(order)).toEqual(expected)
  })

  it('counts the tabs of one person once, present since the first of them', () => {
    const colors = documentColors([person('li', blue, 50), person('zhang', blue, 20), person('li', red, 10)])
    expect(Object.fromEntries(colors)).toEqual({ li: red, zhang: blue })
  })

  it('gives authors who are not present the colours nobody present shows', () => {
    const colors = documentColors([person('li', red, 10), person('zhang', blue, 20)], ['zhao', 'chen', 'li'])
    expect(Object.fromEntries(colors)).toEqual({ li: red, zhang: blue, chen: green, zhao: '#6c3483' })
  })

  it('lets two people share a colour only once there are more people than colours', () => {
    const present = Array.from({ length: PALETTE.length + 1 }, (_, i) => person(`user${i}`, red, i))
    const colors = documentColors(present)
    expect(new Set([...colors.values()].slice(0, PALETTE.length)).size).toBe(PALETTE.length)
    expect(colors.get(`user${PALETTE.length}`)).toBe(red)
  })
})

/** Two tabs' awareness, each seeing the other's state as the server would relay it. */
function connected(...tabs: Awareness[]): void {
  for (const from of tabs) {
    from.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin === 'relayed') return
      const changed = [...added, ...updated, ...removed]
      for (const to of tabs) if (to !== from) applyAwarenessUpdate(to, encodeAwarenessUpdate(from, changed), 'relayed')
    })
  }
}

describe('keepGivenColor', () => {
  it('publishes the colour a later arrival was given, and keeps it when the first one leaves', () => {
    const li = new Awareness(new Y.Doc())
    const zhang = new Awareness(new Y.Doc())
    const wang = new Awareness(new Y.Doc())
    connected(li, zhang, wang)
    const stops = [li, zhang, wang].map((tab) => keepGivenColor(tab))
    li.setLocalStateField('user', presenceUser({ userId: 'li', name: '李委员', color: red }, 10))
    zhang.setLocalStateField('user', presenceUser({ userId: 'zhang', name: '张委员', color: red }, 20))
    wang.setLocalStateField('user', presenceUser({ userId: 'wang', name: '王组长', color: red }, 30))

    for (const tab of [li, zhang, wang])
      expect(Object.fromEntries(presenceColors(tab))).toEqual({ li: red, zhang: blue, wang: green })
    expect((zhang.getLocalState()?.user as { color: string }).color).toBe(blue)
    expect((wang.getLocalState()?.user as { color: string }).color).toBe(green)

    // 李委员 closes the document: the others keep the colours they had, nobody shifts.
    removeAwarenessStates(zhang, [li.clientID], 'gone')
    removeAwarenessStates(wang, [li.clientID], 'gone')
    for (const tab of [zhang, wang])
      expect(Object.fromEntries(presenceColors(tab))).toEqual({ zhang: blue, wang: green })
    for (const stop of stops) stop()
  })
})
