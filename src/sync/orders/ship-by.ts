// The promised ship-by instant, pure: an order placed before the warehouse's local cut-off on a
// working day ships that day; otherwise on the next working day. The promise is the end of that
// local day, returned in UTC.
import { localToUtc, zonedParts } from '../../model/time.ts'

export interface ShipCalendar {
  timeZone: string
  /** local hour (0–23) after which an order counts for the next working day */
  cutoffHour: number
  /** 0 = Sunday … 6 = Saturday */
  workingDays: number[]
  /** local dates (YYYY-MM-DD) the warehouse is closed */
  holidays?: string[]
}

function addDays(y: number, m: number, d: number, n: number): { year: number; month: number; day: number } {
  const t = new Date(Date.UTC(y, m - 1, d + n))
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() }
}

function iso(d: { year: number; month: number; day: number }): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`
}

export function shipBy(placedAt: Date, cal: ShipCalendar): Date {
  if (cal.workingDays.length === 0) throw new RangeError('a warehouse needs at least one working day')
  const local = zonedParts(placedAt, cal.timeZone)
  let day = { year: local.year, month: local.month, day: local.day }
  const isWorking = (d: typeof day) => {
    const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()
    return cal.workingDays.includes(weekday) && !(cal.holidays ?? []).includes(iso(d))
  }
  if (!isWorking(day) || local.hour >= cal.cutoffHour) day = addDays(day.year, day.month, day.day, 1)
  for (let i = 0; i < 366 && !isWorking(day); i++) day = addDays(day.year, day.month, day.day, 1)
  const next = addDays(day.year, day.month, day.day, 1)
  // end of the ship day = the start of the next local day, minus one second
  return new Date(localToUtc({ ...next, hour: 0 }, cal.timeZone).getTime() - 1000)
}
