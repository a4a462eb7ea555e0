// Shopify locations and inventory levels → canonical Location and InventoryLevel.
// Shopify's quantity states (specs/shopify.md §2.3; captures 2025-01
// products/inventory-quantity-roots-parity.json): on_hand = available + committed + damaged +
// quality_control + reserved + safety_stock, and `incoming` is outside on_hand. damaged,
// quality_control and safety_stock "are tracked as part of on_hand but are unavailable for sale"
// (shopify.dev changelog new-inventory-states-safety-stock-damaged-and-quality-control, 2023-08-28);
// `reserved` holds units for draft orders and other apps, which the hub never sees. All four are
// the level's unsellable part. `committed` ("units that are part of a placed order but aren't
// fulfilled", shopify.dev InventoryQuantity) is not: those are Shopify orders, which the hub
// imports and reserves in its own ledger, so subtracting them would count them twice. They stay in
// the level as `reserved`, for display.
import {
  applyNegativePolicy,
  check,
  InventoryLevelSchema,
  LocationSchema,
  type InventoryLevel,
  type Location,
  type NegativeCountPolicy,
  type Unsellable,
} from '../../model/index.ts'
import type { BindingHint, RecordError } from '../../model/records.ts'
import { gidOf, locationCode, nonEmpty, utc } from './common.ts'
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

/** Every quantity name a level read should ask for (the connector's LevelFields selection). */
export const SHOPIFY_QUANTITY_NAMES = [
  'available',
  'on_hand',
  'committed',
  'damaged',
  'quality_control',
  'reserved',
  'safety_stock',
  'incoming',
] as const

/**
 * on_hand below 0 happens when Shopify fulfils units its count did not have (a variant sold with
 * inventory policy CONTINUE): physically there are none, so the hub counts 0 and keeps what
 * Shopify said in clampedFrom.
 */
export const SHOPIFY_NEGATIVE_POLICY: NegativeCountPolicy = 'clamp'

function quantity(level: GqlInventoryLevel, name: string): number | undefined {
  return level.quantities.find((q) => q.name === name)?.quantity
}

function unsellableOf(level: GqlInventoryLevel): Unsellable | undefined {
  const states = {
    damaged: quantity(level, 'damaged'),
    qualityControl: quantity(level, 'quality_control'),
    safetyStock: quantity(level, 'safety_stock'),
    reservedElsewhere: quantity(level, 'reserved'),
  }
  const present = Object.entries(states).filter(([, n]) => n !== undefined && n > 0)
  return present.length ? (Object.fromEntries(present) as Unsellable) : undefined
}

/**
 * A level of one inventory item at one location. A variant without a SKU (most real ones) still
 * maps: its level names the inventory item (externalItemId, and as the SKU the source knows), and
 * the engine finds the canonical SKU through the variant binding whose scope is that item.
 */
export function inventoryLevelFromShopify(
  level: GqlInventoryLevel,
  ctx: MapContext,
  sku?: string | null,
): { level?: InventoryLevel; bindings: BindingHint[]; error?: RecordError } {
  const code = locationCode(ctx, level.location.id)
  const theSku = nonEmpty(sku) ?? nonEmpty(level.item.sku) ?? level.item.id
  const unsellable = unsellableOf(level)
  const available = quantity(level, 'available') ?? 0
  const committed = Math.max(0, quantity(level, 'committed') ?? 0)
  const incoming = quantity(level, 'incoming')
  const counted =
    quantity(level, 'on_hand') ?? available + committed + Object.values(unsellable ?? {}).reduce((s, n) => s + n, 0)
  const onHand = applyNegativePolicy(counted, SHOPIFY_NEGATIVE_POLICY)
  const out: InventoryLevel = {
    sku: theSku,
    locationCode: code,
    onHand: onHand.count,
    reserved: committed,
    available,
    ...(unsellable ? { unsellable } : {}),
    ...(incoming !== undefined && incoming > 0 ? { incoming } : {}),
    externalItemId: level.item.id,
    ...(onHand.clampedFrom !== undefined ? { clampedFrom: onHand.clampedFrom } : {}),
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
