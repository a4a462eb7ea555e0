import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT_DIR } from '../../src/config.ts'
import { parseEcbDailyXml } from '../../src/fx/ecb.ts'

describe('ECB daily reference rates', () => {
  it('parses the sample file into EUR-based rates with their date', async () => {
    const xml = readFileSync(path.join(ROOT_DIR, 'config/fx/ecb-eurofxref-daily.sample.xml'), 'utf8')
    const rates = await parseEcbDailyXml(xml)
    expect(rates.length).toBe(29)
    expect(rates.find((r) => r.quote === 'USD')).toEqual({
      base: 'EUR',
      quote: 'USD',
      rate: '1.0842',
      date: '2026-11-24',
      source: 'ECB',
    })
    expect(rates.find((r) => r.quote === 'JPY')?.rate).toBe('163.51')
  })
  it('refuses a document with a DTD, and one that is not the ECB shape', async () => {
    await expect(parseEcbDailyXml('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).rejects.toThrow(/DTD/)
    await expect(parseEcbDailyXml('<Envelope><Other/></Envelope>')).rejects.toThrow(/not an ECB/)
  })
})
