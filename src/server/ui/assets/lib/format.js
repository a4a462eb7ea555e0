// Display formats, all in the viewer's locale and time zone (Intl picks them up from the
// browser) unless a zone is named: dates, relative times, durations, counts, and money — integer
// minor units turned into a decimal string by the currency's ISO 4217 exponent (JPY 0, USD 2,
// KWD 3; the table is generated from the server's model) and formatted by Intl.NumberFormat,
// which takes the decimal string as it is (no float on the way).
import { EXPONENTS } from '../gen/currencies.js'

export const viewerTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone

const dateTime = new Map()

export function formatDate(iso, opts = {}) {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const key = `${opts.timeZone ?? ''}|${opts.style ?? 'medium'}|${opts.seconds ? 1 : 0}`
  let f = dateTime.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      ...(opts.seconds ? { second: '2-digit' } : {}),
      ...(opts.timeZone ? { timeZone: opts.timeZone, timeZoneName: 'short' } : {}),
    })
    dateTime.set(key, f)
  }
  return f.format(d)
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

export function formatRelative(iso, now = Date.now()) {
  if (!iso) return '—'
  const diff = (new Date(iso).getTime() - now) / 1000
  const abs = Math.abs(diff)
  if (abs < 45) return relative.format(Math.round(diff), 'second')
  if (abs < 45 * 60) return relative.format(Math.round(diff / 60), 'minute')
  if (abs < 22 * 3600) return relative.format(Math.round(diff / 3600), 'hour')
  return relative.format(Math.round(diff / 86400), 'day')
}

export function formatDuration(ms) {
  if (ms === null || ms === undefined) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h} h ${m % 60} min`
  return `${Math.floor(h / 24)} d ${h % 24} h`
}

const integer = new Intl.NumberFormat()

export function formatCount(n) {
  return n === null || n === undefined ? '—' : integer.format(n)
}

export function exponentOf(currency) {
  return EXPONENTS[currency] ?? 2
}

/** 1234 (minor units) + 2 → "12.34"; −5 + 3 → "-0.005". Exact: string arithmetic only. */
export function minorToDecimal(amount, exponent) {
  const negative = amount < 0
  const digits = String(Math.abs(Math.trunc(amount))).padStart(exponent + 1, '0')
  const whole = exponent ? digits.slice(0, -exponent) : digits
  const frac = exponent ? digits.slice(-exponent) : ''
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`
}

const moneyFormats = new Map()

/** {amount: 1250, currency: 'USD'} → "$12.50"; JPY 1500 → "¥1,500"; KWD 1250 → "KWD 1.250". */
export function formatMoney(m) {
  if (!m || typeof m.amount !== 'number' || !m.currency) return '—'
  const exp = exponentOf(m.currency)
  let f = moneyFormats.get(m.currency)
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency: m.currency,
        minimumFractionDigits: exp,
        maximumFractionDigits: exp,
      })
    } catch {
      f = { format: (v) => `${v} ${m.currency}` }
    }
    moneyFormats.set(m.currency, f)
  }
  return f.format(minorToDecimal(m.amount, exp))
}

export function plural(n, one, many) {
  return `${formatCount(n)} ${n === 1 ? one : (many ?? `${one}s`)}`
}

/** Titles come per locale ({"en-US": "Blue mug"}): the viewer's language if there, else the first. */
export function localized(title, fallback = '') {
  if (!title) return fallback
  if (typeof title !== 'object') return String(title)
  const lang = (Intl.DateTimeFormat().resolvedOptions().locale ?? '').split('-')[0]
  const key = Object.keys(title).find((k) => k.split('-')[0] === lang)
  return title[key ?? Object.keys(title)[0]] ?? fallback
}
