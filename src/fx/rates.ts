// Conversion rates for a date: the latest published on or before it, directly, inverted, or
// crossed through EUR (the ECB publishes EUR→X only). The rates themselves are in db/fx-rates.ts.
import { latestRate as direct, saveRates } from '../db/fx-rates.ts'
import type { Db } from '../db/knex.ts'
import { invertRate, type FxRate } from '../model/money.ts'

export { saveRates }

function multiply(a: FxRate, b: FxRate): FxRate {
  // exact decimal product via BigInt, trimmed to 10 places
  const scale = (s: string) => (s.split('.')[1] ?? '').length
  const toBig = (s: string) => BigInt(s.replace('.', ''))
  const sa = scale(a.rate),
    sb = scale(b.rate)
  const product = toBig(a.rate) * toBig(b.rate)
  const total = sa + sb
  const target = 10
  const shifted = total > target ? product / 10n ** BigInt(total - target) : product * 10n ** BigInt(target - total)
  const s = shifted.toString().padStart(target + 1, '0')
  return {
    base: a.base,
    quote: b.quote,
    rate: `${s.slice(0, -target)}.${s.slice(-target)}`,
    date: a.date < b.date ? a.date : b.date,
    source: a.source === b.source ? a.source : `${a.source}+${b.source}`,
  }
}

/** Rate for base→quote on `date` (YYYY-MM-DD), or undefined when none is loaded. */
export async function findRate(db: Db, base: string, quote: string, date: string): Promise<FxRate | undefined> {
  if (base === quote) return { base, quote, rate: '1', date, source: 'identity' }
  const d = await direct(db, base, quote, date)
  if (d) return d
  const inv = await direct(db, quote, base, date)
  if (inv) return invertRate(inv)
  // cross through EUR (ECB publishes EUR→X only)
  if (base === 'EUR' || quote === 'EUR') return undefined
  const eurToBase = await direct(db, 'EUR', base, date)
  const eurToQuote = await direct(db, 'EUR', quote, date)
  if (eurToBase && eurToQuote) return multiply(invertRate(eurToBase), eurToQuote)
  return undefined
}
