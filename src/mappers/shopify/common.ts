// Small conversions every Shopify mapping uses: money strings to integer minor units, REST ids to
// GraphQL gids, timestamps to UTC, location gids to canonical location codes.
import { parseMoney, toUtcIso, type Money } from '../../model/index.ts'
import type { GqlMoney, GqlMoneyBag, MapContext, RestMoneySet } from './types.ts'

/**
 * A Shopify decimal ("13.5", "199.00", "1200.0") to integer minor units. Live amounts are not
 * padded and may carry more places than the currency in conversions, so they are rounded
 * half-even rather than refused.
 */
export function toMoney(m: GqlMoney): Money {
  return parseMoney(m.amount, m.currencyCode, 'half-even')
}

export function shop(bag: GqlMoneyBag | null | undefined, fallbackCurrency: string): Money {
  return bag ? toMoney(bag.shopMoney) : { amount: 0, currency: fallbackCurrency }
}

export function presentment(bag: GqlMoneyBag | null | undefined): Money | undefined {
  return bag?.presentmentMoney ? toMoney(bag.presentmentMoney) : undefined
}

export function restBag(set: RestMoneySet | null | undefined): GqlMoneyBag | null {
  if (!set) return null
  return {
    shopMoney: { amount: set.shop_money.amount, currencyCode: set.shop_money.currency_code },
    presentmentMoney: set.presentment_money
      ? { amount: set.presentment_money.amount, currencyCode: set.presentment_money.currency_code }
      : null,
  }
}

/** REST numeric id (a string when it was beyond 2^53) → GraphQL gid. */
export function gidOf(type: string, id: number | string | null | undefined, given?: string | null): string | undefined {
  if (given) return given
  if (id === null || id === undefined || id === '') return undefined
  return `gid://shopify/${type}/${id}`
}

export function legacyId(gid: string): string {
  return /\/(\d+)(?:\?.*)?$/.exec(gid)?.[1] ?? gid
}

export function utc(ts: string | null | undefined): string | undefined {
  return ts ? toUtcIso(ts) : undefined
}

export function locationCode(ctx: MapContext, locationGid: string): string {
  return ctx.locationCodes?.[locationGid] ?? `SHOPIFY-${legacyId(locationGid)}`
}

export function nodesOf<T>(c: { nodes: T[] } | T[] | null | undefined): T[] {
  if (!c) return []
  return Array.isArray(c) ? c : c.nodes
}

export function nonEmpty(s: string | null | undefined): string | undefined {
  const t = s?.trim()
  return t ? t : undefined
}
