import { describe, expect, it } from 'vitest'
import {
  canonicalTimeZone,
  DEFAULT_TIME_ZONE,
  formatOfficeDateTime,
  officeDate,
  officeMinute,
  wallClock,
} from '../../shared/office-time.js'
import { readConfig } from '../../server/config.js'

// 16:12 UTC on 4 December is 00:12 on 5 December in Shanghai (UTC+8, no summer time).
const nearMidnight = '2026-12-04T16:12:30.000Z'

describe('the office clock', () => {
  it('gives the next day in Shanghai for a UTC instant just before its midnight', () => {
    expect(officeDate(nearMidnight, 'Asia/Shanghai')).toBe('2026-12-05')
    expect(officeMinute(nearMidnight, 'Asia/Shanghai')).toBe('2026-12-05 00:12')
    expect(wallClock(nearMidnight, 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 12,
      day: 5,
      hour: 0,
      minute: 12,
      second: 30,
    })
  })

  it('gives another configured zone its own time, summer time included', () => {
    // New York is UTC−5 in December and UTC−4 in July.
    expect(officeMinute(nearMidnight, 'America/New_York')).toBe('2026-12-04 11:12')
    expect(officeMinute('2026-07-01T03:30:00Z', 'America/New_York')).toBe('2026-06-30 23:30')
    expect(officeMinute(nearMidnight, 'UTC')).toBe('2026-12-04 16:12')
    expect(officeDate(new Date(nearMidnight), 'Europe/London')).toBe('2026-12-04')
  })

  it('writes midnight as 00, never 24', () => {
    expect(officeMinute('2026-12-04T16:00:00Z', 'Asia/Shanghai')).toBe('2026-12-05 00:00')
  })

  it('formats for a reader in their language, on the office clock whatever the process’s zone', () => {
    expect(formatOfficeDateTime('2026-12-04T14:12:00Z', 'Asia/Shanghai', 'zh-CN')).toBe('2026年12月4日 22:12')
    expect(formatOfficeDateTime('2026-12-04T14:12:00Z', 'America/New_York', 'zh-CN')).toBe('2026年12月4日 09:12')
    expect(formatOfficeDateTime('2026-12-04T14:12:00Z', 'Asia/Shanghai', 'en')).toMatch(/^Dec 4, 2026,? 10:12\sPM$/)
    // What is no instant is shown as it came rather than as "Invalid Date".
    expect(formatOfficeDateTime('soon', 'Asia/Shanghai', 'zh-CN')).toBe('soon')
  })

  it('refuses what is not an instant', () => {
    expect(() => officeMinute('soon', 'Asia/Shanghai')).toThrow(RangeError)
  })

  it('knows a zone by its canonical name and refuses one Intl does not know', () => {
    expect(canonicalTimeZone('asia/shanghai')).toBe('Asia/Shanghai')
    expect(canonicalTimeZone('America/New_York')).toBe('America/New_York')
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull()
    expect(canonicalTimeZone('')).toBeNull()
  })
})

describe('TIME_ZONE', () => {
  it('is Asia/Shanghai unless set, and is read in its canonical spelling', () => {
    expect(readConfig({}).timeZone).toBe(DEFAULT_TIME_ZONE)
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Shanghai')
    expect(readConfig({ TIME_ZONE: 'europe/berlin' }).timeZone).toBe('Europe/Berlin')
  })

  it('stops the start with a message in both languages naming the setting', () => {
    expect(() => readConfig({ TIME_ZONE: 'Mars/Olympus' })).toThrow(
      /TIME_ZONE: “Mars\/Olympus” 不是时区名称.*is not a time zone/,
    )
  })
})
