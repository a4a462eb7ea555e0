// Amazon Selling Partner API connector: one seller account across its marketplaces (US, CA, UK,
// DE, FR, IT, ES, JP and the rest of marketplaces.ts), each with its currency and time zone, each
// region (NA, EU, FE) on its own host.
//   pull  orders     Orders 2026-01-01 searchOrders (or deprecated v0 reads behind ordersApi: 'v0')
//   pull  inventory  FBA getInventorySummaries → FBA-<country> levels
//   pull  locations  the FBA-<country> locations
//   push  inventory  MFN quantity: patchListingsItem (merge) or JSON_LISTINGS_FEED, by batch size
//   push  shipments  v0 confirmShipment for merchant-fulfilled orders
//   webhooks         EventBridge notifications as hints for a pull
// Files: client (HTTP adapter + LWA hooks), auth (LWA), limits (usage plans), marketplaces (the
// table), settings, orders, inventory + feeds (push), fba, shipments, webhooks. Imports the model,
// the mappers (src/mappers/amazon) and connectors/http only.
import type {
  Connector,
  ConnectorDescription,
  InventoryPushItem,
  PushResult,
  ShipmentPushItem,
  TestResult,
} from '../types.ts'
import { CrossdockError } from '../../errors.ts'
import { amazonHttp, queryString, spApiFor, type AmazonContext } from './client.ts'
import { pullFbaInventory, pullLocations } from './fba.ts'
import { pushInventory } from './inventory.ts'
import { pullOrders } from './orders.ts'
import {
  AmazonCredentialsSchema,
  AmazonSettingsSchema,
  type AmazonCredentials,
  type AmazonSettings,
} from './settings.ts'
import { pushShipments } from './shipments.ts'
import { amazonWebhooks } from './webhooks.ts'
import { MAX_FEED_MESSAGES } from './feeds.ts'

export const amazonDescription: ConnectorDescription = {
  kind: 'amazon',
  title: 'Amazon (Selling Partner API)',
  configSchema: AmazonSettingsSchema,
  credentialsSchema: AmazonCredentialsSchema,
  capabilities: { orders: 'pull', inventory: 'both', locations: 'pull', shipments: 'push' },
  batchSizes: { inventory: MAX_FEED_MESSAGES, shipments: 50 },
  http: amazonHttp,
}

interface Participation {
  marketplace: { id: string; countryCode: string; defaultCurrencyCode: string }
  participation: { isParticipating: boolean; hasSuspendedListings: boolean }
  storeName: string
}

async function testConnection(ctx: AmazonContext): Promise<TestResult> {
  let api
  try {
    api = spApiFor(ctx)
  } catch (err) {
    return { ok: false, message: (err as Error).message }
  }
  const s = api.settings
  const seen = new Map<string, Participation>()
  for (const r of s.regions) {
    try {
      const res = await api.call<{ payload?: Participation[] }>(r.region, 'getMarketplaceParticipations', {
        method: 'GET',
        url: '/sellers/v1/marketplaceParticipations' + queryString({}),
        retry: false,
      })
      for (const p of res.payload ?? []) seen.set(p.marketplace.id, p)
    } catch (err) {
      const e = err instanceof CrossdockError ? err : new CrossdockError('CONNECTOR_NETWORK', String(err))
      const where = `${r.region} (${r.endpoint})`
      const message =
        e.details?.source === 'lwa'
          ? e.message
          : e.code === 'CONNECTOR_AUTH_FAILED'
            ? `SP-API refused the access token in ${where}: check the app's roles and that the seller authorised it in this region`
            : `could not reach SP-API in ${where}: ${e.message}`
      return { ok: false, message, details: { region: r.region, code: e.code } }
    }
  }
  const missing = s.marketplaces.filter((m) => !seen.get(m.id)?.participation.isParticipating)
  const suspended = s.marketplaces.filter((m) => seen.get(m.id)?.participation.hasSuspendedListings)
  const names = s.marketplaces.map((m) => m.code).join(', ')
  if (missing.length > 0) {
    return {
      ok: false,
      message: `seller ${s.sellerId} does not sell in ${missing.map((m) => `${m.code} (${m.id})`).join(', ')}`,
      details: { participating: [...seen.keys()] },
    }
  }
  return {
    ok: true,
    message: `connected to seller ${s.sellerId} in ${names}${suspended.length ? `; suspended listings in ${suspended.map((m) => m.code).join(', ')}` : ''}`,
    details: {
      regions: s.regions.map((r) => r.region),
      stores: [...new Set([...seen.values()].map((p) => p.storeName))],
    },
  }
}

export const amazonConnector: Connector<AmazonSettings, AmazonCredentials> = {
  description: amazonDescription,
  testConnection,
  pull(ctx, stream, cursor) {
    if (stream === 'orders') return pullOrders(ctx, cursor)
    if (stream === 'inventory') return pullFbaInventory(ctx)
    if (stream === 'locations') return pullLocations(ctx)
    throw new CrossdockError('BAD_REQUEST', `the Amazon connector does not pull ${stream}`)
  },
  async push(ctx, stream, batch): Promise<PushResult[]> {
    if (stream === 'inventory') return pushInventory(ctx, batch as InventoryPushItem[])
    if (stream === 'shipments') return pushShipments(ctx, batch as ShipmentPushItem[])
    throw new CrossdockError('BAD_REQUEST', `the Amazon connector does not push ${stream}`)
  },
  webhooks: amazonWebhooks,
  hooks: { webhookSecret: { credential: 'notificationSecret' } },
}

export { pushInventory } from './inventory.ts'
export { spApiFor } from './client.ts'
export type { AmazonSettings, AmazonCredentials } from './settings.ts'
