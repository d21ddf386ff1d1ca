import { describe, expect, it } from 'vitest'
import { RecentAdmissions } from '../../server/collab/recent-admissions.js'

describe('RecentAdmissions', () => {
  const counting = <T>(answer: T) => {
    const read = async () => {
      read.calls++
      return answer
    }
    read.calls = 0
    return read
  }

  it('reads a session and a session × document once within a second, and again after it', async () => {
    let clock = 0
    const recent = new RecentAdmissions<string, string>(() => clock)
    const actor = counting('actor')
    const access = counting('access')
    expect(await Promise.all([recent.actor('c', actor), recent.actor('c', actor)])).toEqual(['actor', 'actor'])
    expect(await recent.access('s', 'd1', access)).toBe('access')
    expect(await recent.access('s', 'd1', access)).toBe('access')
    await recent.access('s', 'd2', access)
    expect([actor.calls, access.calls]).toEqual([1, 2])
    clock = 999
    await recent.actor('c', actor)
    expect(actor.calls).toBe(1)
    clock = 1000
    await recent.actor('c', actor)
    await recent.access('s', 'd1', access)
    expect([actor.calls, access.calls]).toEqual([2, 3])
  })

  it('forgets everything when rights change, and never remembers a refusal or a failure', async () => {
    const recent = new RecentAdmissions<string, string>(() => 0)
    const actor = counting('actor')
    await recent.actor('c', actor)
    recent.forget()
    await recent.actor('c', actor)
    expect(actor.calls).toBe(2)

    const refused = counting(null)
    await recent.access('s', 'd', refused)
    await recent.access('s', 'd', refused)
    expect(refused.calls).toBe(2)

    let failures = 0
    const failing = async () => {
      failures++
      throw new Error('store down')
    }
    await expect(recent.actor('x', failing)).rejects.toThrow('store down')
    await expect(recent.actor('x', failing)).rejects.toThrow('store down')
    expect(failures).toBe(2)
  })
})
