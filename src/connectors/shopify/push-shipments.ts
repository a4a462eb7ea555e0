// Shipments back to Shopify: fulfillmentCreate with tracking (company, number, URL, notify the
// buyer) on the order's open fulfillment orders. Lines are matched to fulfillment-order line
// items by the channel line id, else by SKU. Shopify wants all fulfillment orders of one call to
// share an order and a location, so lines split over locations make one call per location.
// fulfillmentCreate has no idempotency key: a retry first looks for a fulfillment with the same
// tracking number on the order and answers ok if one is there.
import { CrossdockError } from '../../errors.ts'
import type { PushResult, ShipmentPushItem } from '../types.ts'
import { shopifyClient, type ShopifyContext, type ShopifyGraphql } from './client.ts'
import { FULFILLMENT_CREATE, ORDER_FULFILLMENT_ORDERS } from './documents.ts'

interface FoLine {
  id: string
  sku: string | null
  remainingQuantity: number
  lineItem: { id: string; sku: string | null }
}
interface Fo {
  id: string
  status: string
  assignedLocation: { location: { id: string } | null }
  lineItems: { nodes: FoLine[] }
}
interface OrderData {
  order: {
    id: string
    name: string
    fulfillments: {
      id: string
      status: string
      trackingInfo: { number: string | null; company: string | null; url: string | null }[]
    }[]
    fulfillmentOrders: { nodes: Fo[] }
  } | null
}
type Pick = { fo: Fo; line: FoLine; quantity: number }

function plan(item: ShipmentPushItem, fos: Fo[]): { picks: Pick[]; missing: string[] } {
  const open = fos.filter((f) => f.status === 'OPEN' || f.status === 'IN_PROGRESS')
  const left = new Map<string, number>()
  for (const f of open) for (const l of f.lineItems.nodes) left.set(l.id, l.remainingQuantity)
  const picks: Pick[] = []
  const missing: string[] = []
  for (const want of item.lines) {
    let qty = want.quantity
    for (const f of open) {
      for (const l of f.lineItems.nodes) {
        if (qty <= 0) break
        const matches = want.externalLineId
          ? l.lineItem.id === want.externalLineId
          : (l.sku ?? l.lineItem.sku) === (want.externalSku ?? want.sku)
        const avail = left.get(l.id) ?? 0
        if (!matches || avail <= 0) continue
        const take = Math.min(avail, qty)
        picks.push({ fo: f, line: l, quantity: take })
        left.set(l.id, avail - take)
        qty -= take
      }
    }
    if (qty > 0) missing.push(`${want.sku} × ${qty}`)
  }
  return { picks, missing }
}

async function createFor(
  client: ShopifyGraphql,
  item: ShipmentPushItem,
  picks: Pick[],
): Promise<{ id?: string; error?: string }> {
  const byFo = new Map<
    string,
    { fulfillmentOrderId: string; fulfillmentOrderLineItems: { id: string; quantity: number }[] }
  >()
  for (const p of picks) {
    const g = byFo.get(p.fo.id) ?? { fulfillmentOrderId: p.fo.id, fulfillmentOrderLineItems: [] }
    g.fulfillmentOrderLineItems.push({ id: p.line.id, quantity: p.quantity })
    byFo.set(p.fo.id, g)
  }
  const s = item.shipment
  const fulfillment = {
    lineItemsByFulfillmentOrder: [...byFo.values()],
    notifyCustomer: item.notifyCustomer ?? false,
    trackingInfo: { company: s.carrier, number: s.trackingNumber, ...(s.trackingUrl ? { url: s.trackingUrl } : {}) },
  }
  const { data } = await client.call<{
    fulfillmentCreate: { fulfillment: { id: string } | null; userErrors: { field: string[] | null; message: string }[] }
  }>('fulfillmentCreate', FULFILLMENT_CREATE, { fulfillment }, { estimate: 15, retry: false })
  const r = data.fulfillmentCreate
  return r.fulfillment
    ? { id: r.fulfillment.id }
    : { error: r.userErrors.map((e) => e.message).join('; ') || 'fulfillmentCreate returned nothing' }
}

async function pushOne(client: ShopifyGraphql, item: ShipmentPushItem): Promise<PushResult> {
  const { data } = await client.call<OrderData>(
    'orderFulfillmentOrders',
    ORDER_FULFILLMENT_ORDERS,
    { id: item.orderExternalId },
    { estimate: 60 },
  )
  const order = data.order
  if (!order)
    return {
      key: item.key,
      status: 'rejected',
      error: { code: 'CONNECTOR_NOT_FOUND', message: `no Shopify order ${item.orderExternalId}` },
    }
  const done = order.fulfillments.find(
    (f) => f.status !== 'CANCELLED' && f.trackingInfo.some((t) => t.number === item.shipment.trackingNumber),
  )
  if (done)
    return {
      key: item.key,
      status: 'ok',
      externalId: done.id,
      bindings: [{ entity: 'shipment', canonicalKey: item.shipment.externalId, externalId: done.id }],
    }
  const { picks, missing } = plan(item, order.fulfillmentOrders.nodes)
  if (missing.length) {
    return {
      key: item.key,
      status: 'rejected',
      error: {
        code: 'CONNECTOR_REJECTED',
        message: `${order.name} has nothing left to fulfil for ${missing.join(', ')}`,
      },
    }
  }
  const byLocation = new Map<string, Pick[]>()
  for (const p of picks) {
    const loc = p.fo.assignedLocation.location?.id ?? 'none'
    byLocation.set(loc, [...(byLocation.get(loc) ?? []), p])
  }
  const ids: string[] = []
  for (const group of byLocation.values()) {
    const r = await createFor(client, item, group)
    if (r.error)
      return {
        key: item.key,
        status: ids.length ? 'retryable' : 'rejected',
        error: { code: 'CONNECTOR_REJECTED', message: r.error },
        ...(ids[0] ? { externalId: ids[0] } : {}),
      }
    ids.push(r.id!)
  }
  return {
    key: item.key,
    status: 'ok',
    externalId: ids[0]!,
    bindings: ids.map((id) => ({
      entity: 'shipment' as const,
      canonicalKey: item.shipment.externalId,
      externalId: id,
    })),
  }
}

export async function pushShipments(ctx: ShopifyContext, items: ShipmentPushItem[]): Promise<PushResult[]> {
  const client = shopifyClient(ctx)
  const out: PushResult[] = []
  for (const item of items) {
    try {
      out.push(await pushOne(client, item))
    } catch (err) {
      const e = err instanceof CrossdockError ? err : new CrossdockError('CONNECTOR_NETWORK', String(err))
      out.push({
        key: item.key,
        status: e.retryable ? 'retryable' : 'rejected',
        error: { code: e.code, message: e.message },
      })
    }
  }
  return out
}
