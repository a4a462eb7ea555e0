// FBA stock: getInventorySummaries per marketplace (granularity Marketplace, details=true so the
// fulfillable/reserved split is there) → inventory_level records in FBA-<country>, preceded by
// that location's record. A full snapshot each pull: startDateTime would miss inbound changes
// [M-fba], and a nextToken dies 30 s after it is issued, so pages are read back to back.
import { fbaLocation, mapFbaSummary, type FbaMarketplace, type InventorySummary } from '../../mappers/amazon/index.ts'
import type { Page, PulledItem } from '../types.ts'
import { queryString, spApiFor, type AmazonContext } from './client.ts'
import type { Marketplace } from './marketplaces.ts'
import { canonicalSkuFor } from './settings.ts'

interface GetInventorySummariesResponse {
  payload?: {
    granularity: { granularityType?: string; granularityId?: string }
    inventorySummaries: InventorySummary[]
  }
  pagination?: { nextToken?: string }
}

export function fbaMarketplace(m: Marketplace): FbaMarketplace {
  return { id: m.id, code: m.code, country: m.country, timeZone: m.timeZone, domain: m.domain }
}

export function locationItem(ctx: AmazonContext, m: Marketplace): PulledItem {
  const location = fbaLocation(fbaMarketplace(m), ctx.connectionId)
  return {
    externalId: location.code,
    raw: { marketplaceId: m.id },
    records: [{ type: 'location', value: location }],
    bindings: [{ entity: 'location', canonicalKey: location.code, externalId: m.id, scope: m.id }],
  }
}

export async function* pullLocations(ctx: AmazonContext): AsyncIterable<Page> {
  const s = spApiFor(ctx).settings
  yield { items: s.marketplaces.map((m) => locationItem(ctx, m)), nextCursor: null }
}

export async function* pullFbaInventory(ctx: AmazonContext): AsyncIterable<Page> {
  const api = spApiFor(ctx)
  const s = api.settings
  const asOf = ctx.now().toISOString()
  for (const m of s.marketplaces) {
    const fm = fbaMarketplace(m)
    let token: string | undefined
    let first = true
    do {
      const res = await api.call<GetInventorySummariesResponse>(m.region, 'getInventorySummaries', {
        method: 'GET',
        url:
          '/fba/inventory/v1/summaries' +
          queryString({
            details: true,
            granularityType: 'Marketplace',
            granularityId: m.id,
            marketplaceIds: [m.id],
            nextToken: token,
          }),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      })
      const items: PulledItem[] = first ? [locationItem(ctx, m)] : []
      first = false
      for (const summary of res.payload?.inventorySummaries ?? []) {
        const r = mapFbaSummary(summary, fm, (sku) => canonicalSkuFor(s, m.id, sku).sku, asOf)
        const externalId = `${m.id}:${r.sellerSku}`
        if (!r.ok) {
          items.push({ externalId, raw: summary, error: r.error })
          continue
        }
        items.push({
          externalId,
          raw: summary,
          records: [{ type: 'inventory_level', value: r.level }],
          bindings: [
            {
              entity: 'variant',
              canonicalKey: r.level.sku,
              externalId: r.sellerSku,
              externalSku: r.sellerSku,
              scope: m.id,
            },
          ],
        })
      }
      token = res.pagination?.nextToken
      yield { items, nextCursor: null }
    } while (token)
  }
}
