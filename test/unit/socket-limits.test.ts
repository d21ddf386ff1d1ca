import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SendBudget } from '../../server/collab/socket-limits.js'

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['performance'] })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('SendBudget', () => {
  it('lets one second’s worth of frames through at once, then asks to wait for each further one', () => {
    const budget = new SendBudget({ messagesPerSecond: 10, bytesPerSecond: 1_000_000 })
    for (let i = 0; i < 10; i++) expect(budget.charge(1)).toBe(0)
    expect(budget.charge(1)).toBe(100)
    vi.advanceTimersByTime(100)
    expect(budget.charge(1)).toBe(100)
  })

  it('asks a socket that sent more bytes than its rate to wait until they are paid for', () => {
    const budget = new SendBudget({ messagesPerSecond: 1000, bytesPerSecond: 1000 })
    expect(budget.charge(3000)).toBe(2000)
    vi.advanceTimersByTime(2000)
    expect(budget.charge(0)).toBe(0)
  })

  it('refills no further than one second’s worth, however long the socket was quiet', () => {
    const budget = new SendBudget({ messagesPerSecond: 5, bytesPerSecond: 1_000_000 })
    vi.advanceTimersByTime(60_000)
    for (let i = 0; i < 5; i++) expect(budget.charge(1)).toBe(0)
    expect(budget.charge(1)).toBeGreaterThan(0)
  })
})
