// Shopify fulfillments → canonical Shipment (what left, with tracking), from a fulfillments/create
// webhook (REST) or a GraphQL Fulfillment. The shipment references the channel order by its gid.
import { check, ShipmentSchema, type Shipment } from '../../model/index.ts'
import type { RecordError } from '../../connectors/types.ts'
import { gidOf, nonEmpty, utc } from './common.ts'
import type { GqlFulfillment, RestFulfillment } from './types.ts'

export interface MappedShipment {
  shipment?: Shipment
  orderExternalId?: string
  error?: RecordError
}

export function shipmentFromShopify(f: GqlFulfillment): MappedShipment {
  const orderExternalId = f.order?.id
  const tracking = (f.trackingInfo ?? []).find((t) => nonEmpty(t.number)) ?? f.trackingInfo?.[0]
  const number = nonEmpty(tracking?.number)
  if (!number)
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
  const url = nonEmpty(tracking?.url)
  const shipment: Shipment = {
    externalId: f.id,
    carrier: nonEmpty(tracking?.company) ?? 'Other',
    trackingNumber: number,
    ...(url && /^https?:\/\//.test(url) ? { trackingUrl: url } : {}),
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
