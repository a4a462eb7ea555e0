// The transforms a field rule chains: each takes the value so far and returns the next, or throws
// a RuleFailure that the field evaluator turns into a per-record error naming the field.
// Transforms that consume several values (concat, first, sum, difference) take the array a
// multi-source rule or a repeated element gives; every other transform applies to each value.
import { toDecimalString } from '../../model/money.ts'
import { isValidTimeZone, parseLocalTime, toUtcIso, zonedParts } from '../../model/time.ts'
import { decimalNegate, decimalSum, decimalToInteger, toDecimalText } from './decimal.ts'
import { selectValues, scalarOf, type PathContext } from './path.ts'
import type { ErpMapping, Transform } from './schema.ts'

export class RuleFailure extends Error {
  constructor(
    readonly code: 'VALIDATION_FAILED' | 'MAPPING_FIELD_MISSING',
    message: string,
  ) {
    super(message)
  }
}

export interface TransformContext {
  mapping: Pick<ErpMapping, 'lookups' | 'timeZone'>
  /** where `fromPath` of a unit transform is read (the record) */
  path: PathContext
}

const WEIGHT_G: Record<string, number> = { g: 1, kg: 1000, lb: 453.59237, oz: 28.349523125 }
const LENGTH_MM: Record<string, number> = { mm: 1, cm: 10, m: 1000, in: 25.4 }

const TRUE_WORDS = ['true', '1', 'yes', 'y', 'tyes', 't', 'on', 'x']
const FALSE_WORDS = ['false', '0', 'no', 'n', 'tno', 'f', 'off', '']

const regexCache = new Map<string, RegExp>()
function regex(pattern: string, flags = ''): RegExp {
  const key = `${flags}/${pattern}`
  let r = regexCache.get(key)
  if (!r) {
    r = new RegExp(pattern, flags)
    regexCache.set(key, r)
  }
  return r
}

const reversed = new WeakMap<Record<string, string>, Record<string, string>>()
function reverseTable(table: Record<string, string>): Record<string, string> {
  let r = reversed.get(table)
  if (!r) {
    r = Object.create(null) as Record<string, string>
    for (const [k, v] of Object.entries(table)) if (!(v in r)) r[v] = k
    reversed.set(table, r)
  }
  return r
}

function text(v: unknown): string {
  const s = scalarOf(v)
  if (s === null || s === undefined) return ''
  if (typeof s === 'object') throw new RuleFailure('VALIDATION_FAILED', 'expected a single value, found a structure')
  return String(s)
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return s.length > 60 ? s.slice(0, 60) + '…' : s
}

export function isAbsent(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    (typeof v === 'string' && v.trim() === '') ||
    (Array.isArray(v) && v.every(isAbsent))
  )
}

function decimal(v: unknown, separator: '.' | ',' = '.'): string {
  const s = scalarOf(v)
  const d = typeof s === 'number' || typeof s === 'string' ? toDecimalText(s, separator) : undefined
  if (d === undefined) throw new RuleFailure('VALIDATION_FAILED', `"${show(s)}" is not a number`)
  return d
}

function unitFactor(unit: string): { kind: 'weight' | 'length'; factor: number } | undefined {
  const u = unit.trim().toLowerCase()
  if (u in WEIGHT_G) return { kind: 'weight', factor: WEIGHT_G[u]! }
  if (u in LENGTH_MM) return { kind: 'length', factor: LENGTH_MM[u]! }
  return undefined
}

function convertUnit(v: unknown, t: Extract<Transform, { op: 'unit' }>, ctx: TransformContext): number {
  let from: string | undefined = t.from
  if (t.fromPath) {
    const raw = selectValues(t.fromPath, ctx.path)
      .map(scalarOf)
      .find((x) => !isAbsent(x))
    if (raw !== undefined) {
      from = String(raw)
      if (t.fromLookup) {
        const mapped = ctx.mapping.lookups?.[t.fromLookup]?.[from]
        if (mapped === undefined)
          throw new RuleFailure(
            'VALIDATION_FAILED',
            `unit code "${from}" (from ${t.fromPath}) has no entry in lookup "${t.fromLookup}"`,
          )
        from = mapped
      }
    }
  }
  if (!from) throw new RuleFailure('VALIDATION_FAILED', `no source unit${t.fromPath ? ` at ${t.fromPath}` : ''}`)
  const a = unitFactor(from)
  const b = unitFactor(t.to)
  if (!a) throw new RuleFailure('VALIDATION_FAILED', `unknown unit "${from}"`)
  if (!b || a.kind !== b.kind) throw new RuleFailure('VALIDATION_FAILED', `cannot convert ${from} to ${t.to}`)
  const n = Number(decimal(v))
  const out = (n * a.factor) / b.factor
  return Number(out.toFixed(t.decimals ?? 3))
}

function parseDate(v: unknown, t: Extract<Transform, { op: 'date' }>, ctx: TransformContext): string {
  const tz = t.timeZone ?? ctx.mapping.timeZone
  if (!isValidTimeZone(tz)) throw new RuleFailure('VALIDATION_FAILED', `unknown time zone ${tz}`)
  const raw = scalarOf(v)
  const format = t.format ?? 'auto'
  try {
    if (format === 'unix') {
      const n = Number(decimal(raw))
      return new Date(n > 1e11 ? n : n * 1000).toISOString()
    }
    let s = text(raw).trim()
    if (format === 'YYYYMMDD' || format === 'YYYYMMDDHHmmss' || (format === 'auto' && /^\d{8}(\d{6})?$/.test(s))) {
      const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/.exec(s)
      if (!m) throw new RangeError('not YYYYMMDD')
      s = `${m[1]}-${m[2]}-${m[3]}${m[4] ? ` ${m[4]}:${m[5]}:${m[6]}` : ''}`
    } else if (format === 'xmlrpc' || (format === 'auto' && /^\d{8}T\d{2}:\d{2}:\d{2}$/.test(s))) {
      // XML-RPC dateTime.iso8601 is 20260810T09:15:00 with no zone (xmlrpc.com/spec.md)
      const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}:\d{2}:\d{2})$/.exec(s)
      if (!m) throw new RangeError('not an XML-RPC dateTime')
      s = `${m[1]}-${m[2]}-${m[3]} ${m[4]}`
    } else if (format === 'MM/DD/YYYY') {
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{2}:\d{2}(?::\d{2})?))?$/.exec(s)
      if (!m) throw new RangeError('not MM/DD/YYYY')
      s = `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}${m[4] ? ` ${m[4]}` : ''}`
    }
    s = s.replace(/(\d{2}:\d{2}:\d{2})\.\d+/, '$1')
    if (/(Z|[+-]\d{2}:?\d{2})$/i.test(s) && /T|\s/.test(s)) return toUtcIso(s)
    return parseLocalTime(s, tz).toISOString()
  } catch (err) {
    if (err instanceof RuleFailure) throw err
    throw new RuleFailure('VALIDATION_FAILED', `"${show(raw)}" is not a date (${format}, ${tz})`)
  }
}

function formatDate(v: unknown, t: Extract<Transform, { op: 'format_date' }>, ctx: TransformContext): string {
  const d = new Date(text(v))
  if (Number.isNaN(d.getTime())) throw new RuleFailure('VALIDATION_FAILED', `"${show(v)}" is not a timestamp`)
  if (t.format === 'iso') return d.toISOString()
  const p = zonedParts(d, t.timeZone ?? ctx.mapping.timeZone)
  const two = (n: number) => String(n).padStart(2, '0')
  const date = `${p.year}-${two(p.month)}-${two(p.day)}`
  if (t.format === 'YYYY-MM-DD') return date
  if (t.format === 'YYYYMMDD') return date.replaceAll('-', '')
  return `${date} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`
}

function lookup(v: unknown, t: Extract<Transform, { op: 'lookup' }>, ctx: TransformContext): unknown {
  const table = ctx.mapping.lookups?.[t.table]
  if (!table) throw new RuleFailure('VALIDATION_FAILED', `lookup table "${t.table}" does not exist`)
  const key = text(v)
  const source = t.reverse ? reverseTable(table) : table
  if (Object.hasOwn(source, key)) return source[key]
  if (t.onMissing === 'keep') return v
  if (t.onMissing === 'drop') return undefined
  throw new RuleFailure('VALIDATION_FAILED', `"${show(key)}" has no entry in lookup "${t.table}"`)
}

function toBoolean(v: unknown, t: Extract<Transform, { op: 'boolean' }>): boolean {
  const s = scalarOf(v)
  if (typeof s === 'boolean') return s
  const word = text(s).trim().toLowerCase()
  const yes = (t.true ?? TRUE_WORDS).map((w) => w.toLowerCase())
  const no = (t.false ?? FALSE_WORDS).map((w) => w.toLowerCase())
  if (yes.includes(word)) return true
  if (no.includes(word)) return false
  throw new RuleFailure('VALIDATION_FAILED', `"${show(s)}" is not a yes/no value`)
}

function money(v: unknown): string {
  if (v && typeof v === 'object' && 'amount' in v && 'currency' in v) {
    const m = v as { amount: unknown; currency: unknown }
    if (typeof m.amount === 'number' && typeof m.currency === 'string')
      return toDecimalString({ amount: m.amount, currency: m.currency })
  }
  throw new RuleFailure('VALIDATION_FAILED', `"${show(v)}" is not a money value`)
}

/** One transform on one value (not an array). */
function applyOne(v: unknown, t: Transform, ctx: TransformContext): unknown {
  // absent stays absent (an empty XML element, JSON null): defaults and required checks decide
  if (isAbsent(v)) return t.op === 'null_if' ? undefined : v
  switch (t.op) {
    case 'trim':
      return text(v).trim()
    case 'upper':
      return text(v).toUpperCase()
    case 'lower':
      return text(v).toLowerCase()
    case 'number':
      return decimal(v, t.decimalSeparator)
    case 'integer': {
      const d = decimal(v)
      const n = decimalToInteger(d, t.round)
      if (n === undefined) throw new RuleFailure('VALIDATION_FAILED', `"${d}" is not a whole number`)
      return n
    }
    case 'unit':
      return convertUnit(v, t, ctx)
    case 'lookup':
      return lookup(v, t, ctx)
    case 'date':
      return parseDate(v, t, ctx)
    case 'format_date':
      return formatDate(v, t, ctx)
    case 'match': {
      const s = text(v)
      const m = regex(t.pattern).exec(s)
      if (!m) throw new RuleFailure('VALIDATION_FAILED', `"${show(s)}" does not match /${t.pattern}/`)
      return m[t.group ?? (m.length > 1 ? 1 : 0)] ?? undefined
    }
    case 'replace':
      return text(v).replace(regex(t.pattern, 'g'), t.with)
    case 'boolean':
      return toBoolean(v, t)
    case 'null_if': {
      const s = scalarOf(v)
      const same = (x: unknown): boolean => {
        if (x === s) return true
        if (x === null || typeof x === 'boolean' || typeof s === 'boolean' || typeof s === 'object') return false
        if (String(x) === String(s)) return true
        const a = toDecimalText(x)
        const b = toDecimalText(s)
        return a !== undefined && b !== undefined && Number(a) === Number(b)
      }
      return t.values.some(same) ? undefined : v
    }
    case 'negate':
      return decimalNegate(decimal(v))
    case 'negate_if': {
      const flags = selectValues(t.path, ctx.path)
        .map(scalarOf)
        .filter((x) => x !== null && typeof x !== 'object')
        .map(String)
      const hit = flags.some(
        (f) => (t.equals ? t.equals.includes(f) : true) && (t.pattern ? regex(t.pattern).test(f) : true),
      )
      return hit && (t.equals || t.pattern) ? decimalNegate(decimal(v)) : decimal(v)
    }
    case 'money':
      return money(v)
    case 'concat':
    case 'first':
    case 'sum':
    case 'difference':
      return v
  }
}

/** Apply one transform to a value that may be several values. */
export function applyTransform(v: unknown, t: Transform, ctx: TransformContext): unknown {
  if (!Array.isArray(v)) {
    if (t.op === 'sum' || t.op === 'difference') return v === undefined ? v : decimal(v)
    return applyOne(v, t, ctx)
  }
  switch (t.op) {
    case 'concat': {
      const parts = v.filter((x) => !isAbsent(x)).map(text)
      return parts.length === 0 ? undefined : parts.join(t.separator ?? '')
    }
    case 'first':
      return v.find((x) => !isAbsent(x))
    case 'sum': {
      const parts = v.filter((x) => !isAbsent(x)).map((x) => decimal(x))
      return parts.length === 0 ? undefined : decimalSum(parts)
    }
    case 'difference': {
      if (v.length === 0 || isAbsent(v[0])) return undefined
      const [head, ...rest] = v
      return decimalSum([decimal(head), ...rest.filter((x) => !isAbsent(x)).map((x) => decimalNegate(decimal(x)))])
    }
    default:
      return v.map((x) => applyOne(x, t, ctx))
  }
}

export function applyTransforms(v: unknown, transforms: Transform[] | undefined, ctx: TransformContext): unknown {
  let value = v
  for (const t of transforms ?? []) value = applyTransform(value, t, ctx)
  return value
}
