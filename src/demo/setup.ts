// Setting the demo seller up through the hub's API, as a seller would through the UI:
// connections to every sandbox, the warehouses' locations, routing rules, which warehouses serve
// which channel, the ERP's field mapping (the SAP B1 preset with this seller's warehouse codes),
// the catalog and stock sent by the ERP, the store's catalog pulled, and the Amazon listings
// bound per marketplace.
import { marketplaceByCode } from '../connectors/amazon/marketplaces.ts'
import { presetMapping } from '../mappers/erp/index.ts'
import { SANDBOX_DEFAULTS } from '../sandbox/amazon/index.ts'
import { setProduct, addLocation } from '../sandbox/shopify/catalog-ops.ts'
import { ARTICLES } from './catalog.ts'
import { until, type HubClient } from './client.ts'
import { DEMO_SECRETS, EU_FACILITY, US_FACILITY, type DemoSandboxes } from './sandboxes.ts'

export const US_MARKETPLACE = marketplaceByCode('US')!.id
export const DE_MARKETPLACE = marketplaceByCode('DE')!.id

export interface DemoConnections {
  shopify: string
  amazon: string
  erp: string
  warehouseUs: string
  warehouseEu: string
  shopifyLocation: string
}

async function create(hub: HubClient, body: Record<string, unknown>): Promise<string> {
  const existing = (await hub.call<{ items: { id: string; name: string }[] }>('GET', '/connections')).items.find(
    (c) => c.name === body.name,
  )
  if (existing) return existing.id
  return (await hub.call<{ id: string }>('POST', '/connections', body)).id
}

/** Test a new connection before anything runs on it, as a seller would; stop the demo if it fails. */
async function tested(hub: HubClient, connectionId: string, name: string): Promise<string> {
  const r = await hub.call<{ ok: boolean; message: string }>('POST', `/connections/${connectionId}/test`)
  if (!r.ok) throw new Error(`demo: the ${name} connection does not work: ${r.message}`)
  return connectionId
}

async function syncAndWait(hub: HubClient, connectionId: string, stream: string): Promise<void> {
  const since = new Date(Date.now() - 1000).toISOString()
  await hub.call('POST', `/connections/${connectionId}/streams/${stream}/sync`)
  await until(
    `${stream} sync of ${connectionId}`,
    async () => {
      const runs = await hub.call<{ items: { status: string; startedAt: string }[] }>(
        'GET',
        `/runs?connectionId=${connectionId}&stream=${stream}&direction=pull&limit=5`,
      )
      const done = runs.items.find((r) => r.startedAt >= since && r.status !== 'running')
      if (done?.status === 'failed') throw new Error(`${stream} sync failed`)
      return done
    },
    60_000,
  )
}

/** The SAP B1 preset, told this seller's warehouse codes and product handles. */
function demoMapping() {
  const m = presetMapping('sap-b1')
  m.name = 'Kettle & Co. — SAP Business One'
  m.lookups!.warehouses = { US1: 'US-EAST', EU1: 'EU-DE' }
  m.documents.item_master!.fields.handle = { from: 'ItemCode', transforms: [{ op: 'trim' }, { op: 'lower' }] }
  // deliveries are booked against the ERP's own sales order, which channel orders are not: drop the base document link
  const lines = (m.outbound!.shipments!.body as { DocumentLines: { item: Record<string, unknown> } }).DocumentLines.item
  delete lines.BaseType
  delete lines.BaseEntry
  delete lines.BaseLine
  return m
}

export async function setUpSeller(hub: HubClient, sb: DemoSandboxes): Promise<DemoConnections> {
  // ---- the warehouses, and their locations -----------------------------------------------------
  const facility = (f: typeof US_FACILITY, code: string, timeZone: string) => ({
    [String(f.id)]: { code, name: `ShipBob ${f.city} (${f.country})`, country: f.country, timeZone, cutoffHour: 14 },
  })
  const warehouseUs = await tested(
    hub,
    await create(hub, {
      kind: 'warehouse',
      name: 'ShipBob US',
      timeZone: 'America/New_York',
      settings: {
        provider: 'shipbob',
        baseUrl: sb.warehouseUs.url,
        facilities: facility(US_FACILITY, 'US-EAST', 'America/New_York'),
      },
      credentials: { apiToken: DEMO_SECRETS.warehouseToken, webhookSecret: DEMO_SECRETS.warehouseWebhookSecret },
    }),
    'ShipBob US',
  )
  const warehouseEu = await tested(
    hub,
    await create(hub, {
      kind: 'warehouse',
      name: 'ShipBob EU',
      timeZone: 'Europe/Berlin',
      settings: {
        provider: 'shipbob',
        baseUrl: sb.warehouseEu.url,
        facilities: facility(EU_FACILITY, 'EU-DE', 'Europe/Berlin'),
      },
      credentials: { apiToken: DEMO_SECRETS.warehouseToken, webhookSecret: DEMO_SECRETS.warehouseWebhookSecret },
    }),
    'ShipBob EU',
  )
  // the ERP is the stock source of both locations (it claims them with its first snapshot); the
  // warehouses' own counts are not pulled, or the hub would refuse them as a second source
  for (const w of [warehouseUs, warehouseEu])
    await hub.call('PATCH', `/connections/${w}/streams/inventory`, { enabled: false })
  await syncAndWait(hub, warehouseUs, 'locations')
  await syncAndWait(hub, warehouseEu, 'locations')
  await hub.call('PUT', '/routing-rules', {
    routes: {
      US: ['US-EAST', 'EU-DE'],
      NA: ['US-EAST', 'EU-DE'],
      EU: ['EU-DE', 'US-EAST'],
      EUROPE: ['EU-DE', 'US-EAST'],
      '*': ['US-EAST', 'EU-DE'],
    },
  })

  // ---- the ERP: mapping, then the catalog and stock it sends ------------------------------------
  const erp = await tested(
    hub,
    await create(hub, {
      kind: 'erp',
      name: 'SAP Business One',
      timeZone: 'Europe/Berlin',
      settings: { preset: 'sap-b1', outbound: { url: sb.erp.url, format: 'json', healthPath: '/' } },
      credentials: { inboundSecret: DEMO_SECRETS.erpInboundSecret },
    }),
    'ERP',
  )
  await hub.call('PUT', `/connections/${erp}/mapping`, { mapping: demoMapping() })
  const { url: erpWebhook } = await hub.call<{ url: string }>('GET', `/connections/${erp}/webhook`)
  sb.erp.control.setHubUrl(erpWebhook)
  await sb.erp.control.send({ type: 'item_master', format: 'json', documentId: 'ITEMS-1' })
  await sb.erp.control.send({ type: 'price_list', format: 'json', documentId: 'PRICES-1' })
  await until(
    'the catalog from the ERP',
    async () => (await hub.call<{ items: unknown[] }>('GET', '/skus?limit=100')).items.length >= ARTICLES.length,
  )
  await sb.erp.control.send({ type: 'stock_snapshot', format: 'json', documentId: 'STOCK-1' })

  // ---- the Shopify store: same articles, one location ------------------------------------------
  const store = sb.shopify.store
  const location = store.silently(() =>
    addLocation(store, { name: 'Kettle & Co. fulfilment', address: { countryCode: 'US', city: 'New York' } }),
  )
  store.silently(() => {
    for (const a of ARTICLES) {
      setProduct(store, {
        title: a.name,
        handle: a.sku.toLowerCase(),
        vendor: 'Kettle & Co.',
        productType: 'Kitchen',
        status: 'ACTIVE',
        options: [{ name: 'Title', values: ['Default Title'] }],
        variants: [
          {
            sku: a.sku,
            barcode: a.barcode,
            price: a.usd,
            optionValues: [{ optionName: 'Title', name: 'Default Title' }],
            inventoryQuantities: [{ locationId: location.id, name: 'available', quantity: 0 }],
          },
        ],
      })
    }
  })
  const shopify = await tested(
    hub,
    await create(hub, {
      kind: 'shopify',
      name: 'Shopify store',
      timeZone: 'America/New_York',
      settings: { shop: sb.shopify.shopDomain, baseUrl: sb.shopify.url },
      credentials: { accessToken: DEMO_SECRETS.shopifyToken, appSecret: DEMO_SECRETS.shopifyAppSecret },
    }),
    'Shopify',
  )
  // the hub is the stock master: the store's own counts are not pulled in
  await hub.call('PATCH', `/connections/${shopify}/streams/inventory`, { enabled: false })
  await syncAndWait(hub, shopify, 'catalog')
  await hub.call('PUT', `/connections/${shopify}/locations`, {
    items: [{ location: 'US-EAST', externalLocationId: location.id }, { location: 'EU-DE' }],
  })

  // ---- Amazon: one seller, two marketplaces ---------------------------------------------------
  for (const code of ['US', 'DE'])
    sb.amazon.control.seedListings(
      code,
      ARTICLES.map((a) => ({ sku: a.sku, quantity: 0, itemName: a.name })),
    )
  const amazon = await tested(
    hub,
    await create(hub, {
      kind: 'amazon',
      name: 'Amazon US + DE',
      timeZone: 'America/Los_Angeles',
      settings: {
        sellerId: SANDBOX_DEFAULTS.sellerId,
        marketplaceIds: [US_MARKETPLACE, DE_MARKETPLACE],
        endpoint: sb.amazon.url,
        lwaTokenUrl: `${sb.amazon.url}/auth/o2/token`,
        initialLookbackDays: 1,
      },
      credentials: { ...SANDBOX_DEFAULTS.app, notificationSecret: DEMO_SECRETS.amazonNotificationSecret },
    }),
    'Amazon',
  )
  await hub.call('PATCH', `/connections/${amazon}/streams/inventory`, { enabled: false })
  await hub.call('POST', `/connections/${amazon}/bindings`, {
    items: ARTICLES.flatMap((a) =>
      [US_MARKETPLACE, DE_MARKETPLACE].map((m) => ({ sku: a.sku, externalId: a.sku, externalSku: a.sku, scope: m })),
    ),
  })
  // no channel-side location: each binding's scope (the marketplace) is where its number goes
  await hub.call('PUT', `/connections/${amazon}/locations`, { items: [{ location: 'US-EAST' }, { location: 'EU-DE' }] })
  await hub.call('PUT', '/inventory-rules', { connectionId: amazon, buffer: 2 })

  return { shopify, amazon, erp, warehouseUs, warehouseEu, shopifyLocation: location.id }
}
