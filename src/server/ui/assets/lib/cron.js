// A five-field cron expression (minute hour day-of-month month day-of-week, as the hub's
// schedules use) in plain words: "*/2 * * * *" → "Every 2 minutes". The next run times come
// from the API (computed in the seller's time zone by the same parser the scheduler uses); this
// only helps the reader while they type. Returns null for what it cannot read.

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const DAY_NAMES = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 }
const MONTH_NAMES = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
}

function value(text, min, max, names) {
  const t = text.toUpperCase()
  const n = names && t in names ? names[t] : /^\d+$/.test(t) ? Number(t) : NaN
  if (Number.isNaN(n) || n < min || n > max) return null
  return n
}

/** One field → {any} | {step, from} | {list: [[a, b]…]} (ranges inclusive), or null. */
function field(text, min, max, names) {
  if (text === '*' || text === '?') return { any: true }
  const step = /^(\*|\d+)\/(\d+)$/.exec(text)
  if (step) {
    const s = Number(step[2])
    const from = step[1] === '*' ? min : value(step[1], min, max, names)
    if (!s || from === null) return null
    return { step: s, from }
  }
  const list = []
  for (const part of text.split(',')) {
    const r = /^([A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?$/.exec(part)
    if (!r) return null
    const a = value(r[1], min, max, names)
    const b = r[2] === undefined ? a : value(r[2], min, max, names)
    if (a === null || b === null || b < a) return null
    list.push([a, b])
  }
  return { list }
}

const two = (n) => String(n).padStart(2, '0')

function listWords(f, name) {
  return f.list.map(([a, b]) => (a === b ? name(a) : `${name(a)} to ${name(b)}`)).join(', ')
}

function times(min, hour) {
  // minute and hour both plain numbers or lists: enumerate "at 09:00, 13:30"
  const mins = min.list.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i))
  const hours = hour.list.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i))
  if (mins.length * hours.length > 6) return null
  return hours.flatMap((hh) => mins.map((mm) => `${two(hh)}:${two(mm)}`)).join(', ')
}

function timePart(min, hour) {
  if (min.any && hour.any) return 'Every minute'
  if (min.step && hour.any)
    return min.step === 1 ? 'Every minute' : `Every ${min.step} minutes${min.from ? ` from minute ${min.from}` : ''}`
  if (min.list && hour.any)
    return min.list.length === 1 && min.list[0][0] === 0 && min.list[0][1] === 0
      ? 'Every hour, on the hour'
      : `Every hour at minute ${listWords(min, String)}`
  if (min.list && hour.step)
    return `Every ${hour.step === 1 ? '' : `${hour.step} `}hour${hour.step === 1 ? '' : 's'} at minute ${listWords(min, String)}${hour.from ? ` from ${two(hour.from)}:00` : ''}`
  if (min.list && hour.list) {
    const t = times(min, hour)
    if (t) return `At ${t}`
    return `At minute ${listWords(min, String)} of hours ${listWords(hour, (h) => two(h))}`
  }
  if (min.step && hour.list)
    return `Every ${min.step} minutes during hour${hour.list.length > 1 || hour.list[0][0] !== hour.list[0][1] ? 's' : ''} ${listWords(hour, (h) => `${two(h)}:00`)}`
  if (min.any && hour.list) return `Every minute during ${listWords(hour, (h) => `${two(h)}:00`)}`
  return null
}

export function describeCron(expr) {
  const parts = String(expr ?? '')
    .trim()
    .split(/\s+/)
  if (parts.length !== 5) return null
  const [mi, ho, dm, mo, dw] = parts
  const min = field(mi, 0, 59)
  const hour = field(ho, 0, 23)
  const dom = field(dm, 1, 31)
  const month = field(mo, 1, 12, MONTH_NAMES)
  const dow = field(dw.replace(/\b7\b/g, '0'), 0, 6, DAY_NAMES)
  if (!min || !hour || !dom || !month || !dow) return null
  let words = timePart(min, hour)
  if (!words) return null
  if (words.startsWith('At ') && dow.any && dom.any) words += ' every day'
  if (!dow.any) {
    words += dow.step ? `, every ${dow.step} days of the week` : `, on ${listWords(dow, (d) => DAYS[d])}`
  }
  if (!dom.any) {
    words += dom.step ? `, every ${dom.step} days of the month` : `, on day ${listWords(dom, String)} of the month`
  }
  if (!month.any) {
    words += month.step ? `, every ${month.step} months` : `, in ${listWords(month, (m) => MONTHS[m - 1])}`
  }
  return words
}
