// Shopify webhooks: verify, parse, process (specs/shopify.md §5).
//  - verify: X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(app client secret, raw body bytes)),
//    compared in constant time, before the body is parsed; an empty body is invalid.
//  - parse: one event per delivery, keyed by X-Shopify-Webhook-Id (the delivery id Shopify says
//    to de-duplicate on); ids beyond 2^53 in the REST body are kept as strings.
//  - process: the same mappers a pull uses. inventory_levels/update carries neither a SKU nor the
//    other quantity states, so the level is re-read; app/uninstalled disconnects; the compliance
//    topics become privacy effects.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { CrossdockError } from '../../errors.ts'
import {
  fulfillmentFromRest,
  gidOf,
  levelRefFromRest,
  orderFromRest,
  privacyRequestFromShopify,
  productFromRest,
  shipmentFromShopify,
  type GqlInventoryLevel,
  type RestFulfillment,
  type RestInventoryLevel,
  type RestOrder,
  type RestProduct,
} from '../../mappers/shopify/index.ts'
import type { InboundEvent, PulledItem, RawWebhook, WebhookEffect, WebhookSpec } from '../types.ts'
import { shopifyClient, type ShopifyContext } from './client.ts'
import { LEVELS_BY_ITEMS } from './documents.ts'
import { levelItem, orderItem, productItem } from './items.ts'
import type { ShopifyCredentials, ShopifySettings } from './settings.ts'
import { mapContext, shopInfo } from './shop.ts'

export interface ShopifyWebhookPayload {
  topic: string
  shopDomain?: string
  apiVersion?: string
  triggeredAt?: string
  shopifyEventId?: string
  body: unknown
}

function header(req: RawWebhook, name: string): string | undefined {
  const want = name.toLowerCase()
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === want && v !== undefined) return v
  return undefined
}

export function verifyShopifyHmac(rawBody: Buffer, signature: string | undefined, secret: string | undefined): boolean {
  if (!secret || !signature || rawBody.length === 0) return false
  const expected = createHmac('sha256', secret).update(rawBody).digest()
  const given = Buffer.from(signature.trim(), 'base64')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** JSON.parse that keeps integers beyond 2^53 exact, as strings (Node ≥ 22: reviver source text). */
export function parseJsonKeepingBigInts(text: string): unknown {
  return JSON.parse(text, function (_key, value, context?: { source?: string }) {
    if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source))
      return context.source
    return value
  } as (this: unknown, key: string, value: unknown) => unknown)
}

const items = (item: PulledItem): WebhookEffect[] => [{ kind: 'records', items: [item] }]

interface LevelData {
  nodes: ({ id: string; sku: string | null; inventoryLevel: GqlInventoryLevel | null } | null)[]
}

async function processEvent(ctx: ShopifyContext, event: InboundEvent): Promise<WebhookEffect[]> {
  const p = event.payload as ShopifyWebhookPayload
  const body = p.body as Record<string, unknown>
  switch (event.topic) {
    case 'orders/create':
    case 'orders/updated':
    case 'orders/cancelled':
    case 'orders/fulfilled':
    case 'orders/partially_fulfilled':
    case 'orders/paid': {
      const client = shopifyClient(ctx)
      return items(orderItem(orderFromRest(body as unknown as RestOrder), mapContext(ctx, await shopInfo(client))))
    }
    case 'products/create':
    case 'products/update': {
      const client = shopifyClient(ctx)
      return items(
        productItem(productFromRest(body as unknown as RestProduct), mapContext(ctx, await shopInfo(client))),
      )
    }
    case 'products/delete': {
      // the canonical catalog has no deletion; the product stays in the hub and its binding goes stale
      return [
        {
          kind: 'ignored',
          reason: `product ${gidOf('Product', body.id as string | number)} was deleted in Shopify; the hub keeps it (unlink or archive it there)`,
        },
      ]
    }
    case 'inventory_levels/update': {
      const ref = levelRefFromRest(body as unknown as RestInventoryLevel)
      const client = shopifyClient(ctx)
      const m = mapContext(ctx, await shopInfo(client))
      const { data } = await client.call<LevelData>(
        'levelsByItems',
        LEVELS_BY_ITEMS,
        { ids: [ref.inventoryItemId], locationId: ref.locationId },
        { estimate: 10 },
      )
      const node = data.nodes[0]
      if (!node?.inventoryLevel)
        return [
          {
            kind: 'ignored',
            reason: `inventory item ${ref.inventoryItemId} is not stocked at ${ref.locationId} any more`,
          },
        ]
      if (node.inventoryLevel.item.tracked === false)
        return [{ kind: 'ignored', reason: `inventory item ${ref.inventoryItemId} is not tracked` }]
      return items(levelItem(node.inventoryLevel, m))
    }
    case 'fulfillments/create':
    case 'fulfillments/update': {
      const f = fulfillmentFromRest(body as unknown as RestFulfillment)
      const r = shipmentFromShopify(f)
      // a cancelled or failed fulfillment is not a shipment
      if (r.cancellation) return [{ kind: 'ignored', reason: r.cancellation.reason }]
      const item: PulledItem = r.shipment
        ? {
            externalId: f.id,
            raw: body,
            records: [
              {
                type: 'shipment',
                value: r.shipment,
                reference: { ...(r.orderExternalId ? { orderExternalId: r.orderExternalId } : {}) },
              },
            ],
            bindings: [{ entity: 'shipment', canonicalKey: f.id, externalId: f.id }],
          }
        : { externalId: f.id, raw: body, error: r.error! }
      return items(item)
    }
    case 'app/uninstalled':
      // the token is revoked with the app: the connection goes disconnected and nothing calls Shopify
      return [{ kind: 'connection_status', status: 'disconnected' }]
    case 'customers/data_request':
    case 'customers/redact':
    case 'shop/redact':
      return [{ kind: 'privacy', ...privacyRequestFromShopify(event.topic, body)! }]
    default:
      return [{ kind: 'ignored', reason: `topic ${event.topic} is not used by the hub` }]
  }
}

export const shopifyWebhooks: WebhookSpec<ShopifySettings, ShopifyCredentials> = {
  ackStatus: 200,
  verify(req, conn) {
    const signature = header(req, 'x-shopify-hmac-sha256')
    if (!conn.credentials.appSecret)
      throw new CrossdockError(
        'WEBHOOK_SIGNATURE_INVALID',
        'the Shopify connection has no app secret to verify webhooks with',
      )
    if (!signature) throw new CrossdockError('WEBHOOK_SIGNATURE_INVALID', 'X-Shopify-Hmac-Sha256 header missing')
    if (!verifyShopifyHmac(req.rawBody, signature, conn.credentials.appSecret))
      throw new CrossdockError('WEBHOOK_SIGNATURE_INVALID', 'X-Shopify-Hmac-Sha256 does not match the body')
  },
  parse(req) {
    const eventId = header(req, 'x-shopify-webhook-id')
    const topic = header(req, 'x-shopify-topic')
    if (!eventId || !topic)
      throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'X-Shopify-Webhook-Id and X-Shopify-Topic are required')
    let body: unknown
    try {
      body = parseJsonKeepingBigInts(req.rawBody.toString('utf8'))
    } catch {
      throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'the webhook body is not JSON')
    }
    const payload: ShopifyWebhookPayload = {
      topic,
      body,
      ...(header(req, 'x-shopify-shop-domain') ? { shopDomain: header(req, 'x-shopify-shop-domain')! } : {}),
      ...(header(req, 'x-shopify-api-version') ? { apiVersion: header(req, 'x-shopify-api-version')! } : {}),
      ...(header(req, 'x-shopify-triggered-at') ? { triggeredAt: header(req, 'x-shopify-triggered-at')! } : {}),
      ...(header(req, 'x-shopify-event-id') ? { shopifyEventId: header(req, 'x-shopify-event-id')! } : {}),
    }
    return [{ eventId, topic, payload }]
  },
  process: processEvent,
}
