// Times are stored as UTC instants (ISO 8601 with Z, timestamptz in Postgres); each place that
// has a local clock (a warehouse, a marketplace, a buyer) carries its IANA time zone beside it.

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** Parse any ISO 8601 timestamp with an offset into a UTC ISO string; refuses a naive local time. */
export function toUtcIso(text: string): string {
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) {
    throw new RangeError(`timestamp "${text}" has no offset; give a zone or use parseLocalTime`)
  }
  const d = new Date(text)
  if (Number.isNaN(d.getTime())) throw new RangeError(`"${text}" is not a timestamp`)
  return d.toISOString()
}

/** The wall-clock parts of an instant in a zone. */
export function zonedParts(
  instant: Date,
  timeZone: string,
): {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  weekday: number
} {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
  })
  const parts: Record<string, string> = {}
  for (const p of fmt.formatToParts(instant)) parts[p.type] = p.value
  const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: weekdays.indexOf(parts.weekday ?? ''),
  }
}

/** Offset of a zone from UTC at an instant, in minutes (Tokyo → 540, New York in winter → -300). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000)
}

/**
 * A local wall-clock time in a zone ("2026-03-08 02:30" in New York) to the UTC instant. Gaps (DST
 * spring-forward) move forward by the gap; overlaps take the earlier instant.
 */
export function localToUtc(
  local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0)
  let offset = zoneOffsetMinutes(new Date(guess), timeZone)
  let instant = guess - offset * 60_000
  const second = zoneOffsetMinutes(new Date(instant), timeZone)
  if (second !== offset) {
    offset = second
    instant = guess - offset * 60_000
  }
  return new Date(instant)
}

/** Parse a local date/time string ("2026-11-25", "2026-11-25T14:00", "25.11.2026 14:00") in a zone. */
export function parseLocalTime(text: string, timeZone: string): Date {
  const t = text.trim()
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(t) && /T|\s/.test(t)) return new Date(toUtcIso(t))
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(t)
  if (m) {
    return localToUtc(
      { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) },
      timeZone,
    )
  }
  m = /^(\d{2})\.(\d{2})\.(\d{4})(?:\s+(\d{2}):(\d{2}))?$/.exec(t)
  if (m)
    return localToUtc({ year: +m[3]!, month: +m[2]!, day: +m[1]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0) }, timeZone)
  throw new RangeError(`cannot parse local time "${text}"`)
}

/**
 * Whether a record the source changed at `incoming` is older than the copy the hub holds (changed
 * at `held`), so applying it would go back in time: webhooks are retried with their original
 * payload for hours and arrive out of order. Unknown on either side is not stale (apply it); the
 * same instant is not stale either (the content hash decides).
 */
export function isStale(held: string | Date | null | undefined, incoming: string | null | undefined): boolean {
  if (!held || !incoming) return false
  const h = typeof held === 'string' ? Date.parse(held) : held.getTime()
  const i = Date.parse(incoming)
  if (Number.isNaN(h) || Number.isNaN(i)) return false
  return i < h
}
