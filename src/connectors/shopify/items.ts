// External records as pulled items: raw payload, the canonical records the mapper made of it,
// and the binding hints that link them. Shared by pulls, the bulk import and webhook processing.
import {
  inventoryLevelFromShopify,
  locationFromShopify,
  orderFromShopify,
  productFromShopify,
  type GqlInventoryLevel,
  type GqlLocation,
  type GqlOrder,
  type GqlProduct,
  type MapContext,
} from '../../mappers/shopify/index.ts'
import type { PulledItem } from '../types.ts'

export function productItem(p: GqlProduct, m: MapContext): PulledItem {
  const r = productFromShopify(p, m)
  return {
    externalId: p.id,
    raw: p,
    bindings: r.bindings,
    ...(r.product ? { records: [{ type: 'product', value: r.product }] } : {}),
    ...(r.error ? { error: r.error } : {}),
  }
}

export function orderItem(o: GqlOrder, m: MapContext): PulledItem {
  const r = orderFromShopify(o, m)
  return {
    externalId: o.id,
    raw: o,
    bindings: r.bindings,
    ...(r.order ? { records: [{ type: 'order', value: r.order }] } : {}),
    ...(r.error ? { error: r.error } : {}),
  }
}

export function levelItem(l: GqlInventoryLevel, m: MapContext): PulledItem {
  // only the location is bound here: a level knows its inventory item, not its variant (the
  // catalog pull binds variants, with the inventory item as their scope)
  const r = inventoryLevelFromShopify(l, m)
  return {
    externalId: l.id ?? `${l.item.id}@${l.location.id}`,
    raw: l,
    bindings: r.bindings,
    ...(r.level ? { records: [{ type: 'inventory_level', value: r.level }] } : {}),
    ...(r.error ? { error: r.error } : {}),
  }
}

export function locationItem(l: GqlLocation, m: MapContext): PulledItem {
  const r = locationFromShopify(l, m)
  return {
    externalId: l.id,
    raw: l,
    bindings: r.bindings,
    ...(r.location ? { records: [{ type: 'location', value: r.location }] } : {}),
    ...(r.error ? { error: r.error } : {}),
  }
}
