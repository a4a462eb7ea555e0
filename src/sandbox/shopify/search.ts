// The `query:` argument in Shopify search syntax: `field:value`, comparators (`:>`, `:>=`, `:<`,
// `:<=`), quoted values, AND / OR / NOT / `-`, parentheses, `*` prefix wildcards.
//
// One live quirk is kept on purpose because connectors trip on it: an UNQUOTED timestamp is cut
// at its first colon, the cut date is read in the shop's time zone, and the rest becomes a bogus
// term with an "Invalid search field" warning. Recorded: `updated_at:>=2026-01-01T00:00:00Z`
// parsed as updated_at >= 2026-01-01T00:00:00-05:00 plus {"field":"00","match_all":"00Z"}
// (captures 2026-04/shipping-fulfillments/fulfillment-order-mixed-catalog-lifecycle.json).
// Quote timestamps: updated_at:>='2026-01-01T00:00:00Z'.
import { zonedParts } from '../../model/index.ts'

export type FieldValue = string | number | boolean | null | undefined | (string | number | null | undefined)[]
export type FieldMap<T> = Record<string, (item: T) => FieldValue>

type Node =
  | { and: Node[] }
  | { or: Node[] }
  | { not: Node }
  | { field: string; op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte'; value: string; quoted: boolean }
  | { text: string }

export interface SearchWarning {
  field: string
  message: string
  code: string
}

function tokenize(q: string): string[] {
  const out: string[] = []
  const re = /\s*(\(|\)|(?:-?[\w.]+:(?:[<>]=?)?(?:'[^']*'|"[^"]*"|[^\s()]*))|'[^']*'|"[^"]*"|[^\s()]+)/y
  let m: RegExpExecArray | null
  while ((m = re.exec(q)) !== null) {
    if (m[1] === undefined) break
    out.push(m[1])
  }
  return out
}

function parseTerm(tok: string, extra: string[]): Node {
  const m = /^(-?)([\w.]+):([<>]=?)?(.*)$/s.exec(tok)
  if (!m) return { text: tok.replace(/^['"]|['"]$/g, '') }
  let raw = m[4] ?? ''
  const quoted = /^(['"]).*\1$/s.test(raw)
  if (quoted) raw = raw.slice(1, -1)
  else if (raw.includes(':')) {
    const at = raw.indexOf(':')
    extra.push(raw.slice(at + 1))
    raw = raw.slice(0, at)
  }
  const op = ({ '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' } as const)[m[3] as '>' | '>=' | '<' | '<='] ?? 'eq'
  const term: Node = { field: m[2]!, op, value: raw, quoted }
  return m[1] === '-' ? { not: term } : term
}

function parseExpr(tokens: string[]): Node {
  let i = 0
  const extra: string[] = []
  const orList = (): Node => {
    const parts = [andList()]
    while (tokens[i] === 'OR') {
      i++
      parts.push(andList())
    }
    return parts.length === 1 ? parts[0]! : { or: parts }
  }
  const andList = (): Node => {
    const parts: Node[] = []
    while (i < tokens.length && tokens[i] !== ')' && tokens[i] !== 'OR') {
      if (tokens[i] === 'AND') {
        i++
        continue
      }
      parts.push(unary())
    }
    return parts.length === 1 ? parts[0]! : { and: parts }
  }
  const unary = (): Node => {
    const t = tokens[i++]!
    if (t === 'NOT') return { not: unary() }
    if (t === '(') {
      const inner = orList()
      if (tokens[i] === ')') i++
      return inner
    }
    return parseTerm(t, extra)
  }
  const root = orList()
  const extras = extra.map((e) => parseTerm(e, []))
  return extras.length ? { and: [...('and' in root ? root.and : [root]), ...extras] } : root
}

/** A date-only or truncated timestamp without offset is read in the shop's zone, as Shopify does. */
function toInstant(value: string, timeZone: string): number {
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return Date.parse(value)
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}))?/.exec(value)
  if (!m) return Number.NaN
  const guess = Date.UTC(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1), Number(m[4] ?? 0))
  const p = zonedParts(new Date(guess), timeZone)
  const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - guess
  return guess - offset
}

function matches<T>(node: Node, item: T, fields: FieldMap<T>, timeZone: string, warnings: SearchWarning[]): boolean {
  if ('and' in node) return node.and.every((n) => matches(n, item, fields, timeZone, warnings))
  if ('or' in node) return node.or.some((n) => matches(n, item, fields, timeZone, warnings))
  if ('not' in node) return !matches(node.not, item, fields, timeZone, warnings)
  if ('text' in node) {
    const any = fields.default
    return any
      ? String(any(item) ?? '')
          .toLowerCase()
          .includes(node.text.toLowerCase())
      : true
  }
  const get = fields[node.field]
  if (!get) return true
  const raw = get(item)
  const values = Array.isArray(raw) ? raw : [raw]
  return values.some((v) => compare(v, node, timeZone))
}

function compare(
  v: string | number | boolean | null | undefined,
  node: { op: string; value: string },
  timeZone: string,
): boolean {
  if (v === null || v === undefined) return false
  if (node.op === 'eq') {
    const want = node.value.toLowerCase()
    const have = String(v).toLowerCase()
    return want.endsWith('*') ? have.startsWith(want.slice(0, -1)) : have === want
  }
  const isTime = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)
  const a = isTime ? Date.parse(v as string) : Number(v)
  const b = isTime ? toInstant(node.value, timeZone) : Number(node.value)
  if (Number.isNaN(a) || Number.isNaN(b)) return false
  return node.op === 'gt' ? a > b : node.op === 'gte' ? a >= b : node.op === 'lt' ? a < b : a <= b
}

function collectFields(node: Node, out: string[] = []): string[] {
  if ('and' in node) node.and.forEach((n) => collectFields(n, out))
  else if ('or' in node) node.or.forEach((n) => collectFields(n, out))
  else if ('not' in node) collectFields(node.not, out)
  else if ('field' in node) out.push(node.field)
  return out
}

export interface CompiledSearch<T> {
  test(item: T): boolean
  warnings: SearchWarning[]
}

export function compileSearch<T>(
  query: string | null | undefined,
  fields: FieldMap<T>,
  timeZone: string,
): CompiledSearch<T> {
  if (!query || !query.trim()) return { test: () => true, warnings: [] }
  const ast = parseExpr(tokenize(query))
  const warnings: SearchWarning[] = collectFields(ast)
    .filter((f) => !fields[f])
    .map((field) => ({ field, message: 'Invalid search field for this query.', code: 'invalid_field' }))
  return { test: (item) => matches(ast, item, fields, timeZone, []), warnings }
}
