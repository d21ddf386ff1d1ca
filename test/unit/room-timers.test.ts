import { describe, expect, it } from 'vitest'
import { Room } from '../../server/collab/room.js'
import { Health } from '../../server/domain/health.js'
import type { DocumentStore } from '../../server/store/types.js'

const store: DocumentStore = {
  load: async () => [],
  append: async () => true,
  delete: async () => {},
  flush: async () => {},
  close: async () => {},
}

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length

describe('an open room while nothing happens', () => {
  it('keeps no timer running: open documents cost no CPU while nobody types or moves a caret', async () => {
    const before = timers()
    const rooms = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        Room.load(`doc${i}`, {
          store,
          fanout: null,
          health: new Health(),
          log: () => {},
          acceptsEdits: async () => true,
        }),
      ),
    )
    expect(timers()).toBe(before)
    for (const room of rooms) room.destroy()
  })
})
