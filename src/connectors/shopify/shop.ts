// The shop's own facts the mappings need (its currency, its zone), read once and kept a while.
import type { MapContext } from '../../mappers/shopify/index.ts'
import type { ShopifyContext, ShopifyGraphql } from './client.ts'
import { SHOP } from './documents.ts'

export interface ShopInfo {
  id: string
  name: string
  domain: string
  currency: string
  timeZone: string
  plan: string
  presentmentCurrencies: string[]
}

const TTL_MS = 10 * 60_000

interface ShopData {
  shop: {
    id: string
    name: string
    myshopifyDomain: string
    currencyCode: string
    ianaTimezone: string
    enabledPresentmentCurrencies: string[]
    plan: { publicDisplayName: string }
  }
}

export async function shopInfo(
  client: ShopifyGraphql,
  o: { fresh?: boolean; retry?: boolean } = {},
): Promise<ShopInfo> {
  // kept with the connection's client state: one shop query per connection every 10 minutes
  const hit = client.state.shop
  if (hit && !o.fresh && Date.now() - hit.at < TTL_MS) return hit.info
  const { data } = await client.call<ShopData>(
    'shop',
    SHOP,
    {},
    { estimate: 2, ...(o.retry === false ? { retry: false } : {}) },
  )
  const s = data.shop
  const info: ShopInfo = {
    id: s.id,
    name: s.name,
    domain: s.myshopifyDomain,
    currency: s.currencyCode,
    timeZone: s.ianaTimezone,
    plan: s.plan.publicDisplayName,
    presentmentCurrencies: s.enabledPresentmentCurrencies,
  }
  client.state.shop = { at: Date.now(), info }
  return info
}

export function mapContext(ctx: ShopifyContext, shop: ShopInfo): MapContext {
  return {
    connectionId: ctx.connectionId,
    shopCurrency: shop.currency,
    shopTimeZone: shop.timeZone,
    ...(ctx.settings.locale ? { locale: ctx.settings.locale } : {}),
    ...(ctx.settings.locationCodes ? { locationCodes: ctx.settings.locationCodes } : {}),
  }
}
