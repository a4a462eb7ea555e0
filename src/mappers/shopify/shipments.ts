// Shopify fulfillments → canonical Shipment (what left, with every tracking number), from a
// fulfillments/create|update webhook (REST) or a GraphQL Fulfillment. The shipment references the
// channel order by its gid.
import { check, isHttpUrl, ShipmentSchema, type Shipment, type Tracking } from '../../model/index.ts'
import type { RecordError } from '../../model/records.ts'
import { gidOf, nonEmpty, utc } from './common.ts'
import type { GqlFulfillment, RestFulfillment } from './types.ts'

export interface MappedShipment {
  shipment?: Shipment
  orderExternalId?: string
  error?: RecordError
  /**
   * The fulfillment is not (or no longer) a shipment: cancelled, or failed at the carrier or the
   * fulfillment service. Nothing left; a shipment the hub recorded for it must be reversed.
   */
  cancellation?: { externalId: string; status: string; reason: string }
}

/** Fulfillment statuses that mean nothing left [SDL FulfillmentStatus; REST status]. */
const NOT_SHIPPED = new Set(['cancelled', 'error', 'failure'])

/** Every parcel with a number, once each, in Shopify's order; only http(s) URLs are kept. */
function parcels(f: GqlFulfillment): Tracking[] {
  const seen = new Set<string>()
  const out: Tracking[] = []
  for (const t of f.trackingInfo ?? []) {
    const number = nonEmpty(t.number)
    if (!number || seen.has(number)) continue
    seen.add(number)
    const carrier = nonEmpty(t.company)
    const url = nonEmpty(t.url)
    out.push({ number, ...(carrier ? { carrier } : {}), ...(url && isHttpUrl(url) ? { url } : {}) })
  }
  return out
}

/**
 * A fulfillment (GraphQL, or a fulfillments/create|update body through fulfillmentFromRest) →
 * a shipment with every tracking number it carries. Tracking added after the fulfillment was
 * created arrives as fulfillments/update and maps the same way (same externalId: the engine
 * updates the shipment). A cancelled or failed fulfillment is not a shipment.
 */
export function shipmentFromShopify(f: GqlFulfillment): MappedShipment {
  const orderExternalId = f.order?.id
  const status = f.status?.toLowerCase()
  if (status && NOT_SHIPPED.has(status))
    return {
      orderExternalId,
      cancellation: {
        externalId: f.id,
        status,
        reason:
          status === 'cancelled'
            ? `fulfillment ${f.id} was cancelled in Shopify: nothing shipped`
            : `fulfillment ${f.id} ended in ${status}: nothing shipped`,
      },
    }
  const tracking = parcels(f)
  const first = tracking[0]
  if (!first)
    return {
      orderExternalId,
      error: {
        code: 'MAPPING_FIELD_MISSING',
        field: '/trackingNumber',
        message: `fulfillment ${f.id} has no tracking number`,
      },
    }
  const lines = new Map<string, number>()
  for (const n of f.fulfillmentLineItems?.nodes ?? []) {
    // a variant without a SKU is named by its gid, as order lines are
    const sku = nonEmpty(n.lineItem.sku) ?? nonEmpty(n.lineItem.variant?.id)
    if (sku && (n.quantity ?? 0) > 0) lines.set(sku, (lines.get(sku) ?? 0) + (n.quantity ?? 0))
  }
  if (lines.size === 0)
    return {
      orderExternalId,
      error: { code: 'MAPPING_FIELD_MISSING', field: '/lines', message: `fulfillment ${f.id} has no line with a SKU` },
    }
  const shipment: Shipment = {
    externalId: f.id,
    carrier: first.carrier ?? 'Other',
    trackingNumber: first.number,
    ...(first.url ? { trackingUrl: first.url } : {}),
    tracking,
    shippedAt: utc(f.createdAt)!,
    lines: [...lines].map(([sku, quantity]) => ({ sku, quantity })),
  }
  const valid = check(ShipmentSchema, shipment)
  if (!valid.ok)
    return {
      orderExternalId,
      error: { code: 'MAPPING_INVALID', field: valid.errors[0]!.field, message: valid.errors[0]!.message },
    }
  return { shipment, orderExternalId }
}

/** A fulfillments/create webhook body (REST Fulfillment) in the GraphQL shape. */
export function fulfillmentFromRest(r: RestFulfillment): GqlFulfillment {
  const numbers = r.tracking_numbers?.length ? r.tracking_numbers : r.tracking_number ? [r.tracking_number] : []
  const urls = r.tracking_urls?.length ? r.tracking_urls : r.tracking_url ? [r.tracking_url] : []
  return {
    id: gidOf('Fulfillment', r.id, r.admin_graphql_api_id)!,
    createdAt: r.created_at,
    status: r.status ?? null,
    order: { id: gidOf('Order', r.order_id)! },
    trackingInfo: (numbers.length ? numbers : [null]).map((n, i) => ({
      company: r.tracking_company ?? null,
      number: n,
      url: urls[i] ?? null,
    })),
    fulfillmentLineItems: {
      nodes: (r.line_items ?? []).map((li) => ({
        quantity: li.quantity,
        lineItem: {
          id: gidOf('LineItem', li.id, li.admin_graphql_api_id)!,
          sku: li.sku ?? null,
          ...(li.variant_id !== undefined && li.variant_id !== null
            ? { variant: { id: gidOf('ProductVariant', li.variant_id)! } }
            : {}),
        },
      })),
    },
  }
}
