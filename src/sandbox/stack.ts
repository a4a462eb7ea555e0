// A whole seller's world on this machine: an ERP, two 3PL warehouses (US and EU), a Shopify
// store and Amazon (US and DE marketplaces), each a sandbox on its own port, and the connections
// a hub needs to reach them. The integration story, the demo and the benchmarks all stand on it.
import { listenAmazonSandbox, SANDBOX_DEFAULTS as AMAZON } from './amazon/index.ts'
import { listenErpSandbox, type SandboxItem } from './erp/index.ts'
import { addLocation, setProduct } from './shopify/catalog-ops.ts'
import { listenShopifySandbox } from './shopify/index.ts'
import { DEFAULT_FACILITIES, listenWarehouseSandbox } from './warehouse/index.ts'

export const MARKETPLACE = { US: 'ATVPDKIKX0DER', DE: 'A1PA6795UKMFR9' } as const
export const ERP_SECRET = 'stack-erp-inbound-secret-0001'
export const WAREHOUSE_TOKEN = 'stack-3pl-token'
// ShipBob takes a whsec_ secret of 24 bytes (32 base64 characters) [SB-OAS Webhooks.V2.CreateSubscriptionRequest]
export const WAREHOUSE_WEBHOOK_SECRET = 'whsec_' + Buffer.from('stack-3pl-webhook-secret').toString('base64')

/** ERP warehouse codes (SAP B1 WhsCode) → the hub's location codes */
export const ERP_WAREHOUSES = { '02': 'US-EAST', '03': 'DE-HAM' }

export interface StackItem {
  sku: string
  name: string
  price: string
  /** the GTIN a SKU-less Shopify variant carries (default: the SKU itself, for a barcode mapping rule) */
  barcode?: string
  /** on hand per location code */
  stock: Record<'US-EAST' | 'DE-HAM', number>
}

export interface StackOptions {
  items: StackItem[]
  /** ms from a 3PL accepting an order to its shipping it; null = only when told */
  shipDelayMs?: number | null
  /** Amazon usage plans × this (1 = Amazon's real rates) */
  amazonRateScale?: number
  amazonFeedMs?: { queue: number; processing: number; perMessage: number }
  warehouseRateLimit?: { limit: number; windowSeconds: number }
  shopifyThrottle?: { bucketSize?: number; restoreRate?: number }
  /**
   * 'skuless': the store keeps its variants without SKUs, as most real stores do (sku null, every
   * eighth ""), each with the item's barcode; the hub must bind them by variant and a rule
   */
  shopifyCatalog?: 'skus' | 'skuless'
  /** Shopify locations: one ("crossdock warehouses", the default) or one per warehouse (US, EU) */
  shopifyLocations?: 1 | 2
}

export type Stack = Awaited<ReturnType<typeof startSandboxStack>>

export async function startSandboxStack(opts: StackOptions) {
  const erpItems: SandboxItem[] = opts.items.map((it, i) => ({
    itemCode: it.sku,
    name: it.name,
    valid: true,
    odooId: 1000 + i,
    weightKg: '0.5',
    hsCode: '691200',
    country: 'PT',
    prices: [{ priceList: 1, price: it.price, currency: '$' }],
    stock: [
      { warehouse: '02', inStock: it.stock['US-EAST'], committed: 0 },
      { warehouse: '03', inStock: it.stock['DE-HAM'], committed: 0 },
    ],
  }))
  const erp = await listenErpSandbox({ flavor: 'sap-b1', items: erpItems, secret: ERP_SECRET })
  const facility = (id: number) => DEFAULT_FACILITIES.find((f) => f.id === id)!
  const warehouse = (facilityId: number, code: keyof StackItem['stock']) =>
    listenWarehouseSandbox({
      tokens: [WAREHOUSE_TOKEN],
      facilities: [facility(facilityId)],
      webhookSecret: WAREHOUSE_WEBHOOK_SECRET,
      stock: opts.items.map((it) => ({ facilityId, sku: it.sku, onHand: it.stock[code], name: it.name })),
      shipDelayMs: opts.shipDelayMs === undefined ? null : opts.shipDelayMs,
      ...(opts.warehouseRateLimit ? { rateLimit: opts.warehouseRateLimit } : {}),
    })
  const whUS = await warehouse(10, 'US-EAST')
  const whEU = await warehouse(20, 'DE-HAM')
  const feed = opts.amazonFeedMs ?? { queue: 200, processing: 200, perMessage: 0 }
  const amazon = await listenAmazonSandbox({
    marketplaceIds: [MARKETPLACE.US, MARKETPLACE.DE],
    rateScale: opts.amazonRateScale ?? 1,
    feedQueueMs: feed.queue,
    feedProcessingMs: feed.processing,
    feedProcessingMsPerMessage: feed.perMessage,
  })
  for (const m of [MARKETPLACE.US, MARKETPLACE.DE]) {
    amazon.control.seedListings(
      m,
      opts.items.map((it) => ({ sku: it.sku, quantity: 0, itemName: it.name })),
    )
  }
  // the seller's Shopify store already lists the goods, at one location the hub keeps stocked (or one per warehouse)
  const shopify = await listenShopifySandbox({ bulkDelayMs: 50, ...(opts.shopifyThrottle ?? {}) })
  const shopLocations =
    opts.shopifyLocations === 2
      ? [
          addLocation(shopify.store, { name: 'US warehouse', address: { countryCode: 'US', city: 'Bethlehem' } }),
          addLocation(shopify.store, { name: 'EU warehouse', address: { countryCode: 'DE', city: 'Hamburg' } }),
        ]
      : [
          addLocation(shopify.store, {
            name: 'crossdock warehouses',
            address: { countryCode: 'US', city: 'Bethlehem' },
          }),
        ]
  const shopLocation = shopLocations[0]!
  opts.items.forEach((it, i) => {
    const skuless = opts.shopifyCatalog === 'skuless'
    setProduct(shopify.store, {
      title: it.name,
      status: 'ACTIVE',
      options: [{ name: 'Title', values: ['Default Title'] }],
      variants: [
        {
          sku: skuless ? (i % 8 === 7 ? '' : null) : it.sku,
          barcode: skuless ? (it.barcode ?? it.sku) : (it.barcode ?? null),
          price: it.price,
          optionValues: [{ optionName: 'Title', name: 'Default Title' }],
          inventoryQuantities: shopLocations.map((l) => ({ locationId: l.id, name: 'available', quantity: 0 })),
        },
      ],
    })
  })
  return {
    erp,
    whUS,
    whEU,
    amazon,
    shopify,
    shopLocation,
    shopLocations,
    async close() {
      await Promise.allSettled([erp.close(), whUS.close(), whEU.close(), amazon.close(), shopify.close()])
    },
  }
}

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>

async function must(call: Call, method: string, path: string, body?: unknown): Promise<any> {
  const r = await call(method, path, body)
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

/** Create the connections, mappings and rules a seller would set up, through the REST API. */
export async function connectStack(call: Call, stack: Stack, hubUrl: string, items: StackItem[]) {
  // as a seller does it: start from the hub's SAP B1 preset, then name the ERP's warehouses
  const erp = await must(call, 'POST', '/connections', {
    kind: 'erp',
    name: 'ERP (SAP B1)',
    settings: { preset: 'sap-b1', outbound: { url: stack.erp.url, format: 'json' } },
    credentials: { inboundSecret: ERP_SECRET },
  })
  const { mapping } = await must(call, 'GET', `/connections/${erp.id}/mapping?preset=sap-b1`)
  await must(call, 'PUT', `/connections/${erp.id}/mapping`, {
    mapping: { ...mapping, lookups: { ...mapping.lookups, warehouses: ERP_WAREHOUSES } },
  })
  stack.erp.control.setHubUrl(`${hubUrl}/webhooks/erp/${erp.id}`)
  const facilityMap = (id: number, code: string, country: string, timeZone: string) => ({
    [String(id)]: { code, country, timeZone, cutoffHour: 14, workingDays: [1, 2, 3, 4, 5] },
  })
  const whUS = await must(call, 'POST', '/connections', {
    kind: 'warehouse',
    name: '3PL US',
    settings: { baseUrl: stack.whUS.url, facilities: facilityMap(10, 'US-EAST', 'US', 'America/New_York') },
    credentials: { apiToken: WAREHOUSE_TOKEN, webhookSecret: WAREHOUSE_WEBHOOK_SECRET },
  })
  const whEU = await must(call, 'POST', '/connections', {
    kind: 'warehouse',
    name: '3PL EU',
    settings: { baseUrl: stack.whEU.url, facilities: facilityMap(20, 'DE-HAM', 'DE', 'Europe/Berlin') },
    credentials: { apiToken: WAREHOUSE_TOKEN, webhookSecret: WAREHOUSE_WEBHOOK_SECRET },
  })
  const amazon = await must(call, 'POST', '/connections', {
    kind: 'amazon',
    name: 'Amazon US+DE',
    settings: {
      sellerId: AMAZON.sellerId,
      marketplaceIds: [MARKETPLACE.US, MARKETPLACE.DE],
      endpoint: stack.amazon.url,
      lwaTokenUrl: `${stack.amazon.url}/auth/o2/token`,
      feedPollMinMs: 100,
      feedPollMaxMs: 500,
      orderOverlapMinutes: 10,
    },
    credentials: { ...AMAZON.app },
  })
  const shopify = await must(call, 'POST', '/connections', {
    kind: 'shopify',
    name: 'Shopify store',
    settings: { baseUrl: stack.shopify.url, shop: stack.shopify.shopDomain },
    credentials: { accessToken: stack.shopify.accessToken, appSecret: stack.shopify.appSecret },
  })
  return { erp, whUS, whEU, amazon, shopify, items }
}

/** Routing and which warehouses serve which channel; Amazon's seller SKUs per marketplace. */
export async function configureStack(call: Call, stack: Stack, conns: Awaited<ReturnType<typeof connectStack>>) {
  await must(call, 'PUT', '/routing-rules', {
    routes: { US: ['US-EAST', 'DE-HAM'], CA: ['US-EAST'], EUROPE: ['DE-HAM', 'US-EAST'], '*': ['US-EAST'] },
  })
  // Shopify sells from both warehouses: through its one location, or each through its own
  const [us, eu = us] = stack.shopLocations
  await must(call, 'PUT', `/connections/${conns.shopify.id}/locations`, {
    items: [
      { location: 'US-EAST', externalLocationId: us!.id },
      { location: 'DE-HAM', externalLocationId: eu!.id },
    ],
  })
  await must(call, 'PUT', `/connections/${conns.amazon.id}/locations`, {
    items: [{ location: 'US-EAST' }, { location: 'DE-HAM' }],
  })
  await must(call, 'POST', `/connections/${conns.amazon.id}/bindings`, {
    items: conns.items.flatMap((it) =>
      [MARKETPLACE.US, MARKETPLACE.DE].map((m) => ({ sku: it.sku, externalId: it.sku, externalSku: it.sku, scope: m })),
    ),
  })
}
