// Exact decimal text for quantities and prices read from ERP documents: JSON numbers arrive as
// their source text (the body parser keeps it), XML values are text anyway, and neither is ever
// turned into a float on the way to money (src/model/money.ts takes decimal strings).

const DECIMAL = /^-?\d+(\.\d+)?$/

/** "1.5e-7" → "0.00000015", "12E3" → "12000"; plain decimals unchanged. */
export function expandExponent(text: string): string {
  const m = /^([+-]?)(\d+)(?:\.(\d*))?[eE]([+-]?\d+)$/.exec(text)
  if (!m) return text
  const [, sign, whole, frac = '', expText] = m
  const exp = Number(expText)
  const digits = whole! + frac
  const point = whole!.length + exp
  let out: string
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length)
  else out = digits.slice(0, point) + '.' + digits.slice(point)
  out = out.replace(/^0+(?=\d)/, '')
  return (sign === '-' ? '-' : '') + out
}

/**
 * Decimal text from a JSON number or ERP text. With '.' as the decimal separator, commas are
 * accepted only as thousands groups ("1,234.50"); with ',' the reverse ("1.234,50", "12,5").
 * Anything else is refused rather than guessed: "12,5" read with '.' would otherwise become 125.
 */
export function toDecimalText(v: unknown, separator: '.' | ',' = '.'): string | undefined {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined
    return normalize(expandExponent(String(v)))
  }
  if (typeof v !== 'string') return undefined
  let s = v.trim().replace(/[\u00a0\u202f ]/g, '')
  if (s.startsWith('+')) s = s.slice(1)
  const group = separator === '.' ? ',' : '.'
  if (s.includes(group)) {
    const grouped = separator === '.' ? /^-?\d{1,3}(,\d{3})+(\.\d+)?$/ : /^-?\d{1,3}(\.\d{3})+(,\d+)?$/
    if (!grouped.test(s)) return undefined
    s = s.split(group).join('')
  }
  if (separator === ',') s = s.replace(',', '.')
  s = expandExponent(s)
  if (s.startsWith('.')) s = '0' + s
  if (s.startsWith('-.')) s = '-0' + s.slice(1)
  return DECIMAL.test(s) ? normalize(s) : undefined
}

function normalize(s: string): string {
  const negative = s.startsWith('-')
  let body = negative ? s.slice(1) : s
  body = body.replace(/^0+(?=\d)/, '')
  if (/^0(\.0*)?$/.test(body)) return body
  return (negative ? '-' : '') + body
}

export function isDecimalText(s: unknown): s is string {
  return typeof s === 'string' && DECIMAL.test(s)
}

function toScaled(s: string): { n: bigint; scale: number } {
  const negative = s.startsWith('-')
  const [whole, frac = ''] = (negative ? s.slice(1) : s).split('.')
  const n = BigInt(whole! + frac)
  return { n: negative ? -n : n, scale: frac.length }
}

function fromScaled(n: bigint, scale: number): string {
  const negative = n < 0n
  const digits = (negative ? -n : n).toString().padStart(scale + 1, '0')
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits
  return normalize((negative ? '-' : '') + text)
}

/** Exact a + b + … over decimal text. */
export function decimalSum(values: string[]): string {
  const parts = values.map(toScaled)
  const scale = Math.max(0, ...parts.map((p) => p.scale))
  let total = 0n
  for (const p of parts) total += p.n * 10n ** BigInt(scale - p.scale)
  return fromScaled(total, scale)
}

export function decimalNegate(s: string): string {
  if (/^-?0(\.0*)?$/.test(s)) return s.replace(/^-/, '')
  return s.startsWith('-') ? s.slice(1) : '-' + s
}

/** Whole number from decimal text, by rule; undefined when refused. */
export function decimalToInteger(
  s: string,
  round: 'refuse' | 'half-up' | 'floor' | 'ceil' = 'refuse',
): number | undefined {
  const { n, scale } = toScaled(s)
  const d = 10n ** BigInt(scale)
  let q = n / d
  const r = n % d
  if (r !== 0n) {
    if (round === 'refuse') return undefined
    if (round === 'floor' && n < 0n) q -= 1n
    else if (round === 'ceil' && n > 0n) q += 1n
    else if (round === 'half-up') {
      const twice = (r < 0n ? -r : r) * 2n
      if (twice >= d) q += n < 0n ? -1n : 1n
    }
  }
  if (q > BigInt(Number.MAX_SAFE_INTEGER) || q < BigInt(Number.MIN_SAFE_INTEGER)) return undefined
  return Number(q)
}
