import { describe, expect, it } from 'vitest'
import { shipBy } from '../../src/sync/orders/ship-by.ts'

const weekdays = [1, 2, 3, 4, 5]

describe('shipBy', () => {
  it('ships today when placed before the local cut-off on a working day', () => {
    // Tue 2026-11-24 10:00 in New York (15:00Z), cut-off 14:00 → end of Tue local = Wed 04:59:59Z
    expect(
      shipBy(new Date('2026-11-24T15:00:00Z'), {
        timeZone: 'America/New_York',
        cutoffHour: 14,
        workingDays: weekdays,
      }).toISOString(),
    ).toBe('2026-11-25T04:59:59.000Z')
  })
  it('ships the next working day after the cut-off', () => {
    // Tue 15:30 New York → Wed
    expect(
      shipBy(new Date('2026-11-24T20:30:00Z'), {
        timeZone: 'America/New_York',
        cutoffHour: 14,
        workingDays: weekdays,
      }).toISOString(),
    ).toBe('2026-11-26T04:59:59.000Z')
  })
  it('skips the weekend', () => {
    // Fri 2026-11-27 16:00 Tokyo (07:00Z) after a 15:00 cut-off → Mon 30th, end of day JST = 14:59:59Z
    expect(
      shipBy(new Date('2026-11-27T07:00:00Z'), {
        timeZone: 'Asia/Tokyo',
        cutoffHour: 15,
        workingDays: weekdays,
      }).toISOString(),
    ).toBe('2026-11-30T14:59:59.000Z')
    // Saturday morning → Monday
    expect(
      shipBy(new Date('2026-11-28T01:00:00Z'), {
        timeZone: 'Asia/Tokyo',
        cutoffHour: 15,
        workingDays: weekdays,
      }).toISOString(),
    ).toBe('2026-11-30T14:59:59.000Z')
  })
  it('uses the warehouse zone, not UTC, to decide the day', () => {
    // 23:30Z Monday is already Tuesday 08:30 in Tokyo
    expect(
      shipBy(new Date('2026-11-23T23:30:00Z'), {
        timeZone: 'Asia/Tokyo',
        cutoffHour: 15,
        workingDays: weekdays,
      }).toISOString(),
    ).toBe('2026-11-24T14:59:59.000Z')
  })
  it('skips holidays and handles DST (Berlin, last Sunday of March)', () => {
    expect(
      shipBy(new Date('2026-12-24T08:00:00Z'), {
        timeZone: 'Europe/Berlin',
        cutoffHour: 12,
        workingDays: weekdays,
        holidays: ['2026-12-24', '2026-12-25'],
      }).toISOString(),
    ).toBe('2026-12-28T22:59:59.000Z')
    // Fri 27 Mar 2026 after cut-off → Mon 30 Mar, now CEST (UTC+2)
    expect(
      shipBy(new Date('2026-03-27T16:00:00Z'), {
        timeZone: 'Europe/Berlin',
        cutoffHour: 12,
        workingDays: weekdays,
      }).toISOString(),
    ).toBe('2026-03-30T21:59:59.000Z')
  })
})
