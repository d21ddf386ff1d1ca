import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WebSocket } from 'ws'
import { Connection } from '../../server/collab/connection.js'
import { SendBudget } from '../../server/collab/socket-limits.js'
import { defaultSocketLimits } from '../../server/config.js'

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

describe('full answers to one socket', () => {
  /** A socket that takes every frame at once, as a kernel with room in its buffers does. */
  const takingSocket = () => ({
    readyState: 1,
    bufferedAmount: 0,
    sent: 0,
    send(_message: Uint8Array, done?: () => void) {
      this.sent++
      done?.()
    },
  })

  it('answers a socket that keeps asking for the whole document once per interval, and the last request late rather than never', () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] })
    const socket = takingSocket()
    const conn = new Connection(
      socket as unknown as WebSocket,
      'doc',
      'user',
      'session',
      true,
      '#1 test',
      { ...defaultSocketLimits, fullAnswerIntervalMs: 2000 },
      () => {},
    )
    const ask = () => {
      if (conn.startAnswer('sync', ask)) conn.finishAnswer('sync', new Uint8Array(10))
    }
    // A hundred requests a second for three seconds: the kernel takes every answer at once.
    for (let i = 0; i < 300; i++) {
      ask()
      vi.advanceTimersByTime(10)
    }
    expect(socket.sent).toBe(2)
    // The repeats since the last answer were joined into one, answered when the interval is over.
    vi.advanceTimersByTime(2000)
    expect(socket.sent).toBe(3)
    vi.advanceTimersByTime(10_000)
    expect(socket.sent).toBe(3)
  })
})
