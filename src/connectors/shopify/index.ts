// The Shopify connector: GraphQL Admin API (pinned to 2026-07) for catalog, locations, inventory,
// orders and fulfillments; signed webhooks in. Files: settings (what a seller configures),
// client (the adapter over the shared HTTP client) + throttle (cost-based pacing), paging,
// documents (every GraphQL document sent), pull + bulk (streams in), push-* (streams out),
// webhooks (verify/parse/process), register (webhook subscriptions). Mapping lives in
// src/mappers/shopify/. Imports: model, mappers/shopify, connectors/http, errors.
import { CrossdockError } from '../../errors.ts'
import type {
  CatalogPushItem,
  Connector,
  InventoryPushItem,
  PushResult,
  ShipmentPushItem,
  TestResult,
} from '../types.ts'
import { shopifyClient, shopifyHttp, type ShopifyContext } from './client.ts'
import { INVENTORY_BATCH } from './push-inventory.ts'
import { pushCatalog } from './push-catalog.ts'
import { pushInventory } from './push-inventory.ts'
import { pushShipments } from './push-shipments.ts'
import { pull } from './pull.ts'
import { registerWebhooks } from './register.ts'
import {
  API_VERSION,
  origin,
  shopLabel,
  ShopifyCredentialsSchema,
  ShopifySettingsSchema,
  type ShopifyCredentials,
  type ShopifySettings,
} from './settings.ts'
import { shopInfo } from './shop.ts'
import { shopifyWebhooks } from './webhooks.ts'

export { API_VERSION } from './settings.ts'
export type { ShopifyCredentials, ShopifySettings } from './settings.ts'

async function testConnection(ctx: ShopifyContext): Promise<TestResult> {
  const label = shopLabel(ctx.settings)
  const version = ctx.settings.apiVersion ?? API_VERSION
  try {
    origin(ctx.settings) // names the missing setting before any call
    const info = await shopInfo(shopifyClient(ctx), { fresh: true, retry: false })
    return {
      ok: true,
      message: `connected to ${info.name} (${info.domain}), Admin API ${version}, currency ${info.currency}, plan ${info.plan}`,
      details: {
        shop: info.domain,
        currency: info.currency,
        timeZone: info.timeZone,
        plan: info.plan,
        apiVersion: version,
      },
    }
  } catch (err) {
    const e = err instanceof CrossdockError ? err : new CrossdockError('CONNECTOR_NETWORK', String(err))
    const status = e.details?.status as number | undefined
    const message =
      e.code === 'CONNECTOR_AUTH_FAILED'
        ? `token refused by shop ${label} (${status ?? 401}); check the Admin API access token`
        : e.code === 'CONNECTOR_NOT_FOUND'
          ? `no Shopify Admin API at ${label} for version ${version} (404); check the shop domain`
          : e.code === 'CONNECTOR_NETWORK' || e.code === 'CONNECTOR_TIMEOUT'
            ? `cannot reach ${label}: ${e.message}`
            : e.code === 'CONNECTOR_REJECTED'
              ? `shop ${label} refused the shop query: ${e.message}`
              : e.code === 'VALIDATION_FAILED'
                ? e.message
                : `shop ${label} answered an error: ${e.message}`
    return { ok: false, message, details: { code: e.code, ...(status ? { status } : {}) } }
  }
}

async function push(ctx: ShopifyContext, stream: string, batch: unknown[]): Promise<PushResult[]> {
  switch (stream) {
    case 'inventory':
      return pushInventory(ctx, batch as InventoryPushItem[])
    case 'catalog':
      return pushCatalog(ctx, batch as CatalogPushItem[])
    case 'shipments':
      return pushShipments(ctx, batch as ShipmentPushItem[])
    default:
      return (batch as { key: string }[]).map((b) => ({
        key: b.key,
        status: 'rejected',
        error: { code: 'UNSUPPORTED_STREAM', message: `the Shopify connector does not push ${stream}` },
      }))
  }
}

export const shopifyConnector: Connector<ShopifySettings, ShopifyCredentials> = {
  description: {
    kind: 'shopify',
    title: 'Shopify',
    configSchema: ShopifySettingsSchema,
    credentialsSchema: ShopifyCredentialsSchema,
    capabilities: { catalog: 'both', locations: 'pull', inventory: 'both', orders: 'pull', shipments: 'push' },
    // inventorySetQuantities takes at most 250 entries (Shopify's input-array cap); productSet
    // and fulfillmentCreate are one product / one shipment per call
    batchSizes: { inventory: INVENTORY_BATCH, catalog: 25, shipments: 25 },
    http: shopifyHttp,
  },
  testConnection,
  pull: (ctx, stream, cursor) => pull(ctx, stream, cursor),
  push: (ctx, stream, batch) => push(ctx, stream, batch as unknown[]),
  webhooks: shopifyWebhooks,
  registerWebhooks,
  hooks: { webhookSecret: { credential: 'appSecret' } },
}
