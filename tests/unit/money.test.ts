import { describe, expect, it } from 'vitest'
import { currencyExponent } from '../../src/model/currency.ts'
import {
  add,
  allocate,
  convert,
  formatMoney,
  invertRate,
  money,
  parseMoney,
  subtract,
  sum,
  times,
  toDecimalString,
} from '../../src/model/money.ts'

describe('parseMoney', () => {
  it.each([
    ['10.00', 'USD', 1000],
    ['10.5', 'USD', 1050],
    ['0.01', 'USD', 1],
    ['-3.25', 'EUR', -325],
    ['1200', 'JPY', 1200],
    ['1200.0', 'JPY', 1200],
    ['1.250', 'KWD', 1250],
    ['0.005', 'KWD', 5],
    ['12345678901.23', 'USD', 1234567890123],
  ])('%s %s → %d minor units', (text, cur, minor) => {
    expect(parseMoney(text, cur)).toEqual({ amount: minor, currency: cur })
  })

  it('refuses more decimals than the currency has, unless a rounding mode is given', () => {
    expect(() => parseMoney('1.005', 'USD')).toThrow(/more than 2 decimal places/)
    expect(() => parseMoney('1200.5', 'JPY')).toThrow(/more than 0 decimal places/)
    expect(parseMoney('1.005', 'USD', 'half-up').amount).toBe(101)
    expect(parseMoney('1.005', 'USD', 'half-even').amount).toBe(100)
    expect(parseMoney('1.015', 'USD', 'half-even').amount).toBe(102)
    expect(parseMoney('-1.005', 'USD', 'half-up').amount).toBe(-101)
    expect(parseMoney('1200.5', 'JPY', 'half-even').amount).toBe(1200)
    expect(parseMoney('1201.5', 'JPY', 'half-even').amount).toBe(1202)
  })

  it('refuses floats, garbage and unknown currencies', () => {
    expect(() => parseMoney(10.5 as unknown as string, 'USD')).toThrow(/decimal string/)
    expect(() => parseMoney('ten', 'USD')).toThrow(/not a decimal/)
    expect(() => parseMoney('1e3', 'USD')).toThrow(/not a decimal/)
    expect(() => parseMoney('1.00', 'XXZ')).toThrow(/unknown ISO 4217/)
  })
})

describe('exponents and formatting', () => {
  it('knows JPY 0, USD 2, KWD 3', () => {
    expect([currencyExponent('JPY'), currencyExponent('USD'), currencyExponent('KWD')]).toEqual([0, 2, 3])
  })
  it('prints exact decimal strings', () => {
    expect(toDecimalString(money(1050, 'USD'))).toBe('10.50')
    expect(toDecimalString(money(-5, 'USD'))).toBe('-0.05')
    expect(toDecimalString(money(1200, 'JPY'))).toBe('1200')
    expect(toDecimalString(money(1250, 'KWD'))).toBe('1.250')
  })
  it('formats with the currency', () => {
    expect(formatMoney(money(123456, 'USD'))).toBe('$1,234.56')
    expect(formatMoney(money(1200, 'JPY'), 'en-US')).toBe('¥1,200')
    expect(formatMoney(money(1250, 'KWD'), 'en-US')).toMatch(/KWD\s?1\.250/)
  })
})

describe('arithmetic', () => {
  it('adds, subtracts, sums and multiplies exactly', () => {
    expect(add(money(10, 'USD'), money(20, 'USD'))).toEqual(money(30, 'USD'))
    expect(subtract(money(10, 'USD'), money(25, 'USD'))).toEqual(money(-15, 'USD'))
    expect(sum([money(1, 'EUR'), money(2, 'EUR'), money(-3, 'EUR')], 'EUR')).toEqual(money(0, 'EUR'))
    expect(times(money(333, 'USD'), 3)).toEqual(money(999, 'USD'))
  })
  it('refuses mixing currencies', () => {
    expect(() => add(money(1, 'USD'), money(1, 'EUR'))).toThrow(/mismatch/)
  })
  it('0.1 + 0.2 is 0.3 (no float drift)', () => {
    expect(add(parseMoney('0.1', 'USD'), parseMoney('0.2', 'USD'))).toEqual(parseMoney('0.3', 'USD'))
  })
})

describe('allocate', () => {
  it('splits 10.00 over 3 lines without losing a cent', () => {
    const parts = allocate(parseMoney('10.00', 'USD'), [1, 1, 1])
    expect(parts.map((p) => p.amount)).toEqual([334, 333, 333])
    expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(1000)
  })
  it('splits by weights (line totals)', () => {
    expect(allocate(money(100, 'USD'), [1, 2, 3]).map((p) => p.amount)).toEqual([17, 33, 50])
    expect(allocate(money(1000, 'JPY'), [3, 3, 1]).map((p) => p.amount)).toEqual([429, 428, 143])
  })
  it('splits a negative refund symmetrically', () => {
    const parts = allocate(parseMoney('-10.00', 'EUR'), [1, 1, 1])
    expect(parts.map((p) => p.amount)).toEqual([-334, -333, -333])
  })
  it('refuses zero or negative weights', () => {
    expect(() => allocate(money(1, 'USD'), [0, 0])).toThrow()
    expect(() => allocate(money(1, 'USD'), [1, -1])).toThrow()
  })
})

describe('convert', () => {
  const eurUsd = { base: 'EUR', quote: 'USD', rate: '1.0842', date: '2026-11-24', source: 'ECB' }
  it('converts with the rate snapshot attached', () => {
    const c = convert(parseMoney('100.00', 'EUR'), eurUsd)
    expect(c.amount).toBe(10842)
    expect(c.currency).toBe('USD')
    expect(c.fx).toEqual(eurUsd)
  })
  it('converts across exponents (EUR → JPY, USD → KWD)', () => {
    expect(convert(parseMoney('10.00', 'EUR'), { ...eurUsd, quote: 'JPY', rate: '163.51' }).amount).toBe(1635)
    expect(
      convert(parseMoney('1.00', 'USD'), { base: 'USD', quote: 'KWD', rate: '0.3075', date: '2026-11-24', source: 'x' })
        .amount,
    ).toBe(308)
  })
  it('rounds half-even by default and half-up on request', () => {
    // 0.125 USD → exactly 12.5 cents at rate 1
    const r = { base: 'EUR', quote: 'USD', rate: '0.125', date: '2026-11-24', source: 'x' }
    expect(convert(money(100, 'EUR'), r).amount).toBe(12)
    expect(convert(money(100, 'EUR'), r, 'half-up').amount).toBe(13)
    expect(convert(money(-100, 'EUR'), r, 'half-up').amount).toBe(-13)
  })
  it('refuses a rate for another currency', () => {
    expect(() => convert(money(1, 'GBP'), eurUsd)).toThrow(/rate is for EUR/)
  })
  it('inverts a rate', () => {
    const inv = invertRate(eurUsd)
    expect(inv.base).toBe('USD')
    expect(inv.rate).toBe('0.9223390518')
    expect(convert(parseMoney('108.42', 'USD'), inv).amount).toBe(10000)
  })
})
