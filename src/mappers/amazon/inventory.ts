// FBA inventory summaries (getInventorySummaries with details=true [M-fba]) → canonical levels in
// one location per marketplace (FBA-US, FBA-DE…), and those locations themselves.
//
// What counts: units physically in Amazon's fulfilment centres that belong to buyers or are for
// sale. onHand = fulfillable + reserved (reserved = units held for pending orders, transshipment
// and FC processing); `reserved` is Amazon's own hold, `available` the fulfillable units.
// Inbound (working, shipped, receiving) and unfulfillable units are not stock that can sell.
// Without details Amazon gives only totalQuantity, which includes inbound: we refuse to guess.
import type { InventoryLevel, Location } from '../../model/index.ts'
import type { InventorySummary } from './types.ts'

export interface FbaMarketplace {
  id: string
  /** Amazon's code: US, UK, DE… */
  code: string
  /** ISO 3166: GB for UK */
  country: string
  timeZone: string
  domain: string
}

export function fbaLocation(m: FbaMarketplace, connectionId?: string): Location {
  return {
    code: `FBA-${m.code}`,
    name: `Amazon FBA ${m.code} (${m.domain})`,
    type: 'fba',
    country: m.country,
    timeZone: m.timeZone,
    ...(connectionId ? { connectionId } : {}),
  }
}

export type FbaLevelResult =
  | { ok: true; sellerSku: string; level: InventoryLevel }
  | { ok: false; sellerSku: string; error: { code: 'MAPPING_FIELD_MISSING'; message: string; field: string } }

/**
 * One summary → one level. `canonicalSku` resolves the seller SKU to ours (aliases); identity
 * when the connection has no alias for it.
 */
export function mapFbaSummary(
  s: InventorySummary,
  m: FbaMarketplace,
  canonicalSku: (sellerSku: string) => string,
  asOf: string,
): FbaLevelResult {
  const sellerSku = s.sellerSku ?? ''
  if (!sellerSku)
    return {
      ok: false,
      sellerSku,
      error: { code: 'MAPPING_FIELD_MISSING', message: 'summary without sellerSku', field: 'sellerSku' },
    }
  const d = s.inventoryDetails
  if (!d || d.fulfillableQuantity === undefined) {
    return {
      ok: false,
      sellerSku,
      error: {
        code: 'MAPPING_FIELD_MISSING',
        message: 'summary without inventoryDetails (call with details=true)',
        field: 'inventoryDetails',
      },
    }
  }
  const fulfillable = Math.max(0, d.fulfillableQuantity)
  const reserved = Math.max(0, d.reservedQuantity?.totalReservedQuantity ?? 0)
  return {
    ok: true,
    sellerSku,
    level: {
      sku: canonicalSku(sellerSku),
      locationCode: `FBA-${m.code}`,
      onHand: fulfillable + reserved,
      reserved,
      available: fulfillable,
      // the time we read it: lastUpdatedTime is when the summary last changed, often weeks ago (facts §10.7)
      asOf,
    },
  }
}
