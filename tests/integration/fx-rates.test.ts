import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT_DIR } from '../../src/config.ts'
import { parseEcbDailyXml } from '../../src/fx/ecb.ts'
import { findRate, saveRates } from '../../src/fx/rates.ts'
import { convert, parseMoney } from '../../src/model/money.ts'
import { createTestDatabase, type TestDatabase } from '../support/db.ts'

describe('FX rates table', () => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await createTestDatabase()
    await saveRates(
      t.db,
      await parseEcbDailyXml(readFileSync(path.join(ROOT_DIR, 'config/fx/ecb-eurofxref-daily.sample.xml'), 'utf8')),
    )
  })
  afterAll(async () => {
    await t.drop()
  })

  it('finds direct, inverse and cross rates on or before a date', async () => {
    expect(await findRate(t.db, 'EUR', 'USD', '2026-11-25')).toMatchObject({
      rate: '1.0842',
      date: '2026-11-24',
      source: 'ECB',
    })
    expect((await findRate(t.db, 'USD', 'EUR', '2026-11-25'))?.rate).toBe('0.9223390518')
    const usdJpy = await findRate(t.db, 'USD', 'JPY', '2026-11-25')
    expect(usdJpy?.rate).toMatch(/^150\.81165/)
    expect(await findRate(t.db, 'EUR', 'USD', '2026-11-01')).toBeUndefined()
  })

  it('loading the same day twice keeps one row per pair', async () => {
    await saveRates(t.db, [{ base: 'EUR', quote: 'USD', rate: '1.0842', date: '2026-11-24', source: 'ECB' }])
    const rows = await t.db('fx_rates').where({ base: 'EUR', quote: 'USD' }).select('rate_date')
    expect(rows).toHaveLength(1)
  })

  it('converts a JPY order total into USD with the rate recorded', async () => {
    const rate = (await findRate(t.db, 'JPY', 'USD', '2026-11-24'))!
    const usd = convert(parseMoney('16351', 'JPY'), rate)
    expect(usd.currency).toBe('USD')
    expect(usd.amount).toBe(10842)
    expect(usd.fx.date).toBe('2026-11-24')
  })
})
