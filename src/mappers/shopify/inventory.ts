// Shopify locations and inventory levels → canonical Location and InventoryLevel.
// Shopify's quantity states (captures 2025-01/products/inventory-quantity-roots-parity.json):
// on_hand = available + committed + damaged + quality_control + reserved + safety_stock, and
// `committed` is what open orders hold. Canonically: onHand = on_hand, reserved = committed,
// available = available (informational; the hub computes its own ATS).
import { check, InventoryLevelSchema, LocationSchema, type InventoryLevel, type Location } from '../../model/index.ts'
import type { BindingHint, RecordError } from '../../connectors/types.ts'
import { gidOf, locationCode, utc } from './common.ts'
import type { GqlInventoryLevel, GqlLocation, MapContext, RestInventoryLevel } from './types.ts'

export function locationFromShopify(
  l: GqlLocation,
  ctx: MapContext,
): { location?: Location; bindings: BindingHint[]; error?: RecordError } {
  const code = locationCode(ctx, l.id)
  const bindings: BindingHint[] = [{ entity: 'location', canonicalKey: code, externalId: l.id }]
  const country = l.address?.countryCode
  if (!country)
    return {
      bindings,
      error: { code: 'MAPPING_FIELD_MISSING', field: '/country', message: `location ${l.name} has no country` },
    }
  const location: Location = { code, name: l.name, type: 'store', country, timeZone: ctx.shopTimeZone ?? 'UTC' }
  const valid = check(LocationSchema, location)
  if (!valid.ok)
    return {
      bindings,
      error: { code: 'MAPPING_INVALID', field: valid.errors[0]!.field, message: valid.errors[0]!.message },
    }
  return { location, bindings }
}

function quantity(level: GqlInventoryLevel, name: string): number | undefined {
  return level.quantities.find((q) => q.name === name)?.quantity
}

export function inventoryLevelFromShopify(
  level: GqlInventoryLevel,
  ctx: MapContext,
  sku?: string | null,
): { level?: InventoryLevel; bindings: BindingHint[]; error?: RecordError } {
  const code = locationCode(ctx, level.location.id)
  const theSku = sku ?? level.item.sku
  if (!theSku)
    return {
      bindings: [],
      error: { code: 'MAPPING_FIELD_MISSING', field: '/sku', message: `inventory item ${level.item.id} has no SKU` },
    }
  const available = quantity(level, 'available') ?? 0
  const committed = Math.max(0, quantity(level, 'committed') ?? 0)
  const onHand = quantity(level, 'on_hand') ?? available + committed
  const out: InventoryLevel = {
    sku: theSku,
    locationCode: code,
    onHand,
    reserved: committed,
    available,
    ...(level.updatedAt ? { asOf: utc(level.updatedAt)! } : {}),
  }
  const valid = check(InventoryLevelSchema, out)
  if (!valid.ok)
    return {
      bindings: [],
      error: { code: 'MAPPING_INVALID', field: valid.errors[0]!.field, message: valid.errors[0]!.message },
    }
  return { level: out, bindings: [{ entity: 'location', canonicalKey: code, externalId: level.location.id }] }
}

/**
 * An inventory_levels/update body carries only `available` and numeric ids (no SKU, no other
 * states: community.shopify.dev feature request 33113), so the connector re-reads the level; this
 * gives the ids it needs to. The item id is taken from admin_graphql_api_id when present, which
 * keeps ids above 2^53 exact (Shopify's own sample id is 271878346596884015).
 */
export function levelRefFromRest(r: RestInventoryLevel): {
  inventoryItemId: string
  locationId: string
  available: number | null
} {
  const fromGid = r.admin_graphql_api_id ? /[?&]inventory_item_id=(\d+)/.exec(r.admin_graphql_api_id)?.[1] : undefined
  return {
    inventoryItemId: gidOf('InventoryItem', fromGid ?? r.inventory_item_id)!,
    locationId: gidOf('Location', r.location_id)!,
    available: r.available,
  }
}
