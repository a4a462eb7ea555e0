// Money is an integer count of the currency's minor unit, never a float. Parsing, arithmetic,
// allocation and conversion are exact (BigInt where a product can overflow 2^53).
//
// Rounding, where it cannot be avoided (parsing a string with more decimals than the currency
// has, or converting between currencies), is half-even ("banker's") by default, and half-up on
// request: half-even does not bias a large sum of converted lines upwards.
import { currencyExponent } from './currency.ts'

export interface Money {
  /** integer minor units (cents, yen, fils) */
  amount: number
  /** ISO 4217 code */
  currency: string
}

export type Rounding = 'half-even' | 'half-up'

export class MoneyError extends Error {
  override name = 'MoneyError'
}

export function money(amount: number, currency: string): Money {
  currencyExponent(currency)
  if (!Number.isSafeInteger(amount)) throw new MoneyError(`amount must be a safe integer of minor units, got ${amount}`)
  return { amount, currency }
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/

/** Divide n by d (d > 0) rounding to an integer with the given mode. */
function divRound(n: bigint, d: bigint, mode: Rounding): bigint {
  const negative = n < 0n
  const abs = negative ? -n : n
  let q = abs / d
  const r = abs % d
  const twice = r * 2n
  if (twice > d || (twice === d && (mode === 'half-up' || q % 2n === 1n))) q += 1n
  return negative ? -q : q
}

function toSafeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyError(`amount ${v} is beyond the safe integer range`)
  }
  return Number(v)
}

/** Parse a decimal into a scaled BigInt: "12.345" at scale 2 → 1235n (rounded) or an error. */
function parseScaled(text: string, scale: number, rounding: Rounding | 'exact'): bigint {
  const m = DECIMAL.exec(text.trim())
  if (!m) throw new MoneyError(`"${text}" is not a decimal number`)
  const [, sign, whole, frac = ''] = m
  const kept = frac.slice(0, scale).padEnd(scale, '0')
  const dropped = frac.slice(scale)
  let value = BigInt(whole + kept)
  if (/[1-9]/.test(dropped)) {
    if (rounding === 'exact') throw new MoneyError(`"${text}" has more than ${scale} decimal places`)
    const d = 10n ** BigInt(dropped.length)
    value = divRound(value * d + BigInt(dropped), d, rounding)
  }
  return sign === '-' ? -value : value
}

/**
 * Parse a decimal string ("10.5", "-3.00", "1200") into minor units. By default a string with more
 * decimals than the currency allows (USD "1.005") is an error; pass a rounding mode to round it.
 * Numbers are refused: a float has already lost the exact value.
 */
export function parseMoney(text: string, currency: string, rounding: Rounding | 'exact' = 'exact'): Money {
  if (typeof text !== 'string') throw new MoneyError('money must be parsed from a decimal string, not a number')
  const exp = currencyExponent(currency)
  return { amount: toSafeNumber(parseScaled(text, exp, rounding)), currency }
}

/** Minor units back to a plain decimal string with exactly the currency's places: 1050 USD → "10.50". */
export function toDecimalString(m: Money): string {
  const exp = currencyExponent(m.currency)
  const negative = m.amount < 0
  const digits = Math.abs(m.amount)
    .toString()
    .padStart(exp + 1, '0')
  const whole = digits.slice(0, digits.length - exp)
  const frac = exp > 0 ? '.' + digits.slice(digits.length - exp) : ''
  return (negative ? '-' : '') + whole + frac
}

/** Human formatting with Intl (e.g. "$10.50", "￥1,200", "KWD 1.250"). */
export function formatMoney(m: Money, locale = 'en-US'): string {
  const exp = currencyExponent(m.currency)
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  }).format(Number(toDecimalString(m)))
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new MoneyError(`currency mismatch: ${a.currency} vs ${b.currency}`)
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b)
  return { amount: toSafeNumber(BigInt(a.amount) + BigInt(b.amount)), currency: a.currency }
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b)
  return { amount: toSafeNumber(BigInt(a.amount) - BigInt(b.amount)), currency: a.currency }
}

export function sum(items: Money[], currency: string): Money {
  let total = 0n
  for (const m of items) {
    if (m.currency !== currency) throw new MoneyError(`currency mismatch: ${m.currency} vs ${currency}`)
    total += BigInt(m.amount)
  }
  return { amount: toSafeNumber(total), currency }
}

/** Multiply by an integer quantity (a line's unit price × quantity). */
export function times(m: Money, quantity: number): Money {
  if (!Number.isInteger(quantity)) throw new MoneyError(`quantity must be an integer, got ${quantity}`)
  return { amount: toSafeNumber(BigInt(m.amount) * BigInt(quantity)), currency: m.currency }
}

export function negate(m: Money): Money {
  return { amount: -m.amount === 0 ? 0 : -m.amount, currency: m.currency }
}

export function isZero(m: Money): boolean {
  return m.amount === 0
}

/**
 * Split an amount over weights without losing or inventing a minor unit (largest remainder):
 * allocate(10.00 USD, [1,1,1]) → 3.34, 3.33, 3.33. The parts always sum to the whole; ties go to
 * the earliest weight. Works for negative amounts (refunds) symmetrically.
 */
export function allocate(m: Money, weights: number[]): Money[] {
  if (weights.length === 0) throw new MoneyError('allocate needs at least one weight')
  if (weights.some((w) => !Number.isInteger(w) || w < 0)) throw new MoneyError('weights must be non-negative integers')
  const totalWeight = weights.reduce((s, w) => s + w, 0)
  if (totalWeight === 0) throw new MoneyError('weights must not all be zero')
  const negative = m.amount < 0
  const whole = BigInt(Math.abs(m.amount))
  const tw = BigInt(totalWeight)
  const parts = weights.map((w) => (whole * BigInt(w)) / tw)
  const remainders = weights.map((w, i) => ({ i, r: (whole * BigInt(w)) % tw }))
  let left = whole - parts.reduce((s, p) => s + p, 0n)
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))
  for (const { i } of remainders) {
    if (left === 0n) break
    parts[i]! += 1n
    left -= 1n
  }
  return parts.map((p) => ({ amount: toSafeNumber(negative ? -p : p) || 0, currency: m.currency }))
}

export interface FxRate {
  /** units of `quote` for one unit of `base`, as an exact decimal string ("1.0842") */
  rate: string
  base: string
  quote: string
  /** the rate's reference date, YYYY-MM-DD */
  date: string
  source: string
}

export interface ConvertedMoney extends Money {
  fx: FxRate
}

/**
 * Convert with a recorded rate snapshot. The result keeps the rate, its date and its source so a
 * base-currency figure can always be explained and recomputed.
 */
export function convert(m: Money, fx: FxRate, rounding: Rounding = 'half-even'): ConvertedMoney {
  if (fx.base !== m.currency) throw new MoneyError(`rate is for ${fx.base}, money is ${m.currency}`)
  const fromExp = currencyExponent(fx.base)
  const toExp = currencyExponent(fx.quote)
  const RATE_SCALE = 12
  const rate = parseScaled(fx.rate, RATE_SCALE, 'half-even')
  if (rate <= 0n) throw new MoneyError(`rate must be positive, got ${fx.rate}`)
  // amount_minor_to = amount_minor_from × rate × 10^toExp / 10^fromExp / 10^RATE_SCALE
  const numerator = BigInt(m.amount) * rate * 10n ** BigInt(toExp)
  const denominator = 10n ** BigInt(fromExp + RATE_SCALE)
  return { amount: toSafeNumber(divRound(numerator, denominator, rounding)), currency: fx.quote, fx }
}

/** The inverse rate of a snapshot, as a decimal string with 10 places (for EUR-based ECB rates). */
export function invertRate(fx: FxRate): FxRate {
  const SCALE = 10
  const r = parseScaled(fx.rate, 12, 'half-even')
  const inv = divRound(10n ** BigInt(12 + SCALE), r, 'half-even')
  const s = inv.toString().padStart(SCALE + 1, '0')
  return { ...fx, base: fx.quote, quote: fx.base, rate: `${s.slice(0, -SCALE)}.${s.slice(-SCALE)}` }
}
