// The outside world of the demo, each on its own local port: a Shopify store, Amazon (one
// seller selling in the US and Germany), the seller's ERP (SAP Business One shapes), and two 3PL
// warehouses (ShipBob shapes), one in the US and one in Germany, that ship a few seconds after
// an order arrives. Amazon's usage plans are granted 50× the defaults (the sandbox reports the
// granted rate in x-amzn-RateLimit-Limit, and the hub paces by it) so a minute shows a lot.
import { listenAmazonSandbox } from '../sandbox/amazon/index.ts'
import { listenErpSandbox, DEFAULT_SANDBOX_SECRET } from '../sandbox/erp/index.ts'
import { listenShopifySandbox } from '../sandbox/shopify/index.ts'
import { DEFAULT_FACILITIES, listenWarehouseSandbox } from '../sandbox/warehouse/index.ts'
import { ARTICLES, erpItems } from './catalog.ts'

export interface DemoPorts {
  shopify: number
  amazon: number
  erp: number
  warehouseUs: number
  warehouseEu: number
}

export const DEMO_SECRETS = {
  shopifyToken: 'shpat_demo_token',
  shopifyAppSecret: 'demo_app_secret',
  warehouseToken: 'demo-3pl-token',
  // ShipBob takes only whsec_ + 32 base64 characters (24 bytes) [SB-OAS Webhooks.V2.CreateSubscriptionRequest]
  warehouseWebhookSecret: 'whsec_ZGVtby0zcGwtd2ViaG9vay1zZWNyZXQh',
  erpInboundSecret: DEFAULT_SANDBOX_SECRET,
  amazonNotificationSecret: 'demo-eventbridge-secret',
}

export const US_FACILITY = DEFAULT_FACILITIES.find((f) => f.id === 10)!
export const EU_FACILITY = DEFAULT_FACILITIES.find((f) => f.id === 20)!

/** Start everything, or nothing: a port in use closes what had started and says which port. */
export async function startSandboxes(ports: DemoPorts, opts: { shipDelayMs: number; host?: string }) {
  const started: { close(): Promise<void> }[] = []
  const keep = async <T extends { close(): Promise<void> }>(
    what: string,
    port: number,
    start: Promise<T>,
  ): Promise<T> => {
    try {
      const s = await start
      started.push(s)
      return s
    } catch (err) {
      await Promise.allSettled(started.map((x) => x.close()))
      const inUse = (err as { code?: string }).code === 'EADDRINUSE'
      throw new Error(
        inUse
          ? `port ${port} (the ${what} sandbox) is in use: is another demo running?`
          : `the ${what} sandbox did not start: ${(err as Error).message}`,
        { cause: err },
      )
    }
  }
  return startAll(ports, opts, keep)
}

type Keep = <T extends { close(): Promise<void> }>(what: string, port: number, start: Promise<T>) => Promise<T>

async function startAll(ports: DemoPorts, opts: { shipDelayMs: number; host?: string }, keep: Keep) {
  const host = opts.host ?? '127.0.0.1'
  const shopify = await keep(
    'Shopify',
    ports.shopify,
    listenShopifySandbox({
      port: ports.shopify,
      host,
      accessToken: DEMO_SECRETS.shopifyToken,
      appSecret: DEMO_SECRETS.shopifyAppSecret,
      shopDomain: 'crossdock-demo.myshopify.com',
      shopName: 'Kettle & Co. (demo store)',
      currency: 'USD',
      timezone: 'America/New_York',
      allowHttpCallbacks: true,
    }),
  )
  const amazon = await keep(
    'Amazon',
    ports.amazon,
    listenAmazonSandbox({
      port: ports.amazon,
      host,
      storeName: 'Kettle & Co.',
      rateScale: 50,
      feedQueueMs: 1000,
      feedProcessingMs: 1000,
    }),
  )
  const erp = await keep(
    'ERP',
    ports.erp,
    listenErpSandbox({
      port: ports.erp,
      host,
      flavor: 'sap-b1',
      items: erpItems(),
      secret: DEMO_SECRETS.erpInboundSecret,
    }),
  )
  // the warehouses hold what the ERP says they hold: their stock pulls then agree with the ERP
  const stock = (facilityId: number, key: 'US1' | 'EU1') =>
    ARTICLES.map((a) => ({ facilityId, sku: a.sku, onHand: a.stock[key], name: a.name }))
  const warehouseUs = await keep(
    'US warehouse',
    ports.warehouseUs,
    listenWarehouseSandbox({
      port: ports.warehouseUs,
      host,
      tokens: [DEMO_SECRETS.warehouseToken],
      facilities: [US_FACILITY],
      stock: stock(US_FACILITY.id, 'US1'),
      shipDelayMs: opts.shipDelayMs,
      webhookSecret: DEMO_SECRETS.warehouseWebhookSecret,
    }),
  )
  const warehouseEu = await keep(
    'EU warehouse',
    ports.warehouseEu,
    listenWarehouseSandbox({
      port: ports.warehouseEu,
      host,
      tokens: [DEMO_SECRETS.warehouseToken],
      facilities: [EU_FACILITY],
      stock: stock(EU_FACILITY.id, 'EU1'),
      shipDelayMs: opts.shipDelayMs,
      webhookSecret: DEMO_SECRETS.warehouseWebhookSecret,
    }),
  )
  return {
    shopify,
    amazon,
    erp,
    warehouseUs,
    warehouseEu,
    async close() {
      await Promise.allSettled([shopify.close(), amazon.close(), erp.close(), warehouseUs.close(), warehouseEu.close()])
    },
  }
}

export type DemoSandboxes = Awaited<ReturnType<typeof startSandboxes>>
