// How Shopify writes money and times on the wire, so the sandbox writes them the same way:
//  - GraphQL MoneyV2.amount is a Decimal string NOT padded to the currency: "13.5", "9.0"
//    (captures 2025-01/orders/money-bag-presentment-parity.json, specs/shopify.md §7);
//  - GraphQL Money (variant price) and REST amounts are padded: "199.00";
//  - REST timestamps carry the shop's UTC offset ("2025-04-02T11:29:59-05:00"), GraphQL ones are UTC "Z".
import { convert, toDecimalString, zonedParts } from '../../model/index.ts'

export function decimalV2(minor: number, currency: string): string {
  const s = toDecimalString({ amount: minor, currency })
  if (!s.includes('.')) return `${s}.0`
  return s.replace(/(\.\d*?[0-9])0+$/, '$1')
}

export function padded(minor: number, currency: string): string {
  return toDecimalString({ amount: minor, currency })
}

export function moneyV2(minor: number, currency: string): { amount: string; currencyCode: string } {
  return { amount: decimalV2(minor, currency), currencyCode: currency }
}

export function moneyBag(shop: number, presentment: number, shopCurrency: string, presentmentCurrency: string) {
  return { shopMoney: moneyV2(shop, shopCurrency), presentmentMoney: moneyV2(presentment, presentmentCurrency) }
}

/** REST *_set: {shop_money:{amount,currency_code}, presentment_money:{…}} with padded amounts. */
export function restMoneySet(shop: number, presentment: number, shopCurrency: string, presentmentCurrency: string) {
  return {
    shop_money: { amount: padded(shop, shopCurrency), currency_code: shopCurrency },
    presentment_money: { amount: padded(presentment, presentmentCurrency), currency_code: presentmentCurrency },
  }
}

/** Shop amount → presentment amount at `rate` (presentment units per shop unit), half-even. */
export function toPresentment(minor: number, shopCurrency: string, presentmentCurrency: string, rate: string): number {
  if (shopCurrency === presentmentCurrency) return minor
  return convert(
    { amount: minor, currency: shopCurrency },
    { rate, base: shopCurrency, quote: presentmentCurrency, date: '2026-01-01', source: 'sandbox' },
  ).amount
}

/** A UTC instant written in the shop's zone with its offset, as REST payloads do. */
export function restTime(iso: string | null, timeZone: string): string | null {
  if (!iso) return null
  const d = new Date(iso)
  const p = zonedParts(d, timeZone)
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  const offsetMin = Math.round((local - Math.floor(d.getTime() / 1000) * 1000) / 60000)
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** JSON text with big integer ids written as numbers (BigInt values), the way Shopify's REST bodies carry them. */
export function jsonWithBigInts(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `__bigint__${v.toString()}__` : v)).replace(
    /"__bigint__(-?\d+)__"/g,
    '$1',
  )
}

/** A REST id: the numeric legacy id, as a BigInt so digits beyond 2^53 survive serialisation. */
export function restId(legacyId: string | null | undefined): bigint | null {
  return legacyId ? BigInt(legacyId) : null
}
