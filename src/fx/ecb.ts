// ECB daily reference rates (euro foreign exchange reference rates): units of each currency per
// one euro, published once per working day. Parsed with xml2js; rates kept as exact decimal
// strings. Cross rates (USD→JPY) go through EUR.
import { parseStringPromise } from 'xml2js'
import type { FxRate } from '../model/money.ts'

export const ECB_SOURCE = 'ECB'

export async function parseEcbDailyXml(xml: string): Promise<FxRate[]> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new Error('refusing an XML document with a DTD')
  const doc = await parseStringPromise(xml, {
    explicitArray: true,
    tagNameProcessors: [(n: string) => n.replace(/^.*:/, '')],
  })
  const days = doc?.Envelope?.Cube?.[0]?.Cube
  if (!Array.isArray(days)) throw new Error('not an ECB eurofxref document: no Cube/Cube[time]')
  const out: FxRate[] = []
  for (const day of days) {
    const date = day?.$?.time
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date ?? '')) throw new Error(`bad ECB date "${date}"`)
    for (const c of day.Cube ?? []) {
      const currency = c?.$?.currency
      const rate = c?.$?.rate
      if (!/^[A-Z]{3}$/.test(currency ?? '') || !/^\d+(\.\d+)?$/.test(rate ?? '')) {
        throw new Error(`bad ECB rate entry ${JSON.stringify(c?.$)}`)
      }
      out.push({ base: 'EUR', quote: currency, rate, date, source: ECB_SOURCE })
    }
  }
  return out
}
