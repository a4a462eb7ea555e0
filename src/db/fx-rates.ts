// FX reference rates (a global table: rates are the same for every tenant). A rate is an exact
// decimal string, never a float.
import type { FxRate } from '../model/money.ts'
import type { Queryable } from './knex.ts'

export async function saveRates(q: Queryable, rates: FxRate[]): Promise<number> {
  if (rates.length === 0) return 0
  const rows = rates.map((r) => ({ base: r.base, quote: r.quote, rate_date: r.date, rate: r.rate, source: r.source }))
  await q('fx_rates').insert(rows).onConflict(['base', 'quote', 'rate_date', 'source']).merge(['rate', 'loaded_at'])
  return rows.length
}

/** The latest rate base→quote published on or before `date` (YYYY-MM-DD). */
export async function latestRate(q: Queryable, base: string, quote: string, date: string): Promise<FxRate | undefined> {
  const row = await q('fx_rates')
    .where({ base, quote })
    .andWhere('rate_date', '<=', date)
    .orderBy('rate_date', 'desc')
    .first()
  if (!row) return undefined
  const d = row.rate_date instanceof Date ? row.rate_date.toISOString().slice(0, 10) : String(row.rate_date)
  return { base, quote, rate: String(row.rate).replace(/\.?0+$/, '') || '0', date: d, source: row.source }
}
