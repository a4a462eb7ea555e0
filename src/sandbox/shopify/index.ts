// A Shopify Admin API sandbox: a fastify app that a crossdock connection can point at instead of
// https://{shop}.myshopify.com. It serves POST /admin/api/{version}/graphql.json against
// Shopify's real Admin GraphQL SDL (graphql-js validates and executes every document), charges
// the calculated query cost from a leaky bucket sized like the chosen plan (THROTTLED as HTTP 200),
// pages with cursors, runs bulk operations into JSONL files, and sends signed webhooks to the
// subscriptions made through webhookSubscriptionCreate. /__control/… sets it up for tests and the
// demo (see control.ts).
//
// May import: src/model (money and time helpers). Nothing in src/ imports the sandbox.
import Fastify, { type FastifyInstance } from 'fastify'
import { CostBucket, PLAN_LIMITS, type ShopifyPlan } from './bucket.ts'
import { createBulkRunner } from './bulk.ts'
import { createControl, registerControlRoutes, type ShopifyControl } from './control.ts'
import { registerGraphqlRoute, type GraphqlStats } from './graphql-route.ts'
import { createRootValue, type ResolverServices } from './resolvers.ts'
import { resolveVersion } from './schema.ts'
import { ShopStore } from './store.ts'
import { DEFAULT_WEBHOOK_KNOBS, WebhookSender, type WebhookKnobs } from './webhook-sender.ts'

export { signWebhook } from './webhook-sender.ts'
export { PLAN_LIMITS, type ShopifyPlan } from './bucket.ts'
export type { ShopifyControl } from './control.ts'

export interface ShopifySandboxOptions {
  /** the Admin API token the sandbox accepts in X-Shopify-Access-Token */
  accessToken?: string
  /** the app's client secret: signs webhooks */
  appSecret?: string
  shopDomain?: string
  shopName?: string
  currency?: string
  timezone?: string
  /** plan whose bucket size and restore rate apply (default standard: 2000 points, 100/s) */
  plan?: ShopifyPlan
  bucketSize?: number
  restoreRate?: number
  /** where admin-<version>.graphql files live (default ../shared/specs/shopify/schema) */
  schemaDir?: string
  /** accept http:// webhook addresses that are not loopback (Shopify accepts https only) */
  allowHttpCallbacks?: boolean
  /** where compliance webhooks (customers/redact…) go; Shopify takes it from the app config */
  complianceUri?: string
  webhooks?: Partial<WebhookKnobs>
  /** how long a bulk operation takes before its file is ready */
  bulkDelayMs?: number
  /** artificial latency per GraphQL request (a real round trip is ~100–300 ms) */
  latencyMs?: number
  now?: () => Date
  logger?: boolean
}

export interface ShopifySandbox {
  app: FastifyInstance
  control: ShopifyControl
  store: ShopStore
  accessToken: string
  appSecret: string
  shopDomain: string
  limits: { bucketSize: number; restoreRate: number; plan: ShopifyPlan }
}

export function createShopifySandbox(opts: ShopifySandboxOptions = {}): ShopifySandbox {
  const accessToken = opts.accessToken ?? 'shpat_sandbox_token'
  const appSecret = opts.appSecret ?? 'sandbox_app_secret'
  const shopDomain = opts.shopDomain ?? 'crossdock-sandbox.myshopify.com'
  const plan = opts.plan ?? 'standard'
  const limits = {
    plan,
    bucketSize: opts.bucketSize ?? PLAN_LIMITS[plan].bucketSize,
    restoreRate: opts.restoreRate ?? PLAN_LIMITS[plan].restoreRate,
  }
  const store = new ShopStore(opts.now ?? (() => new Date()), {
    name: opts.shopName ?? 'crossdock sandbox',
    domain: shopDomain,
    currency: opts.currency ?? 'USD',
    timezone: opts.timezone ?? 'America/New_York',
  })
  const bucket = new CostBucket(limits.bucketSize, limits.restoreRate)
  const stats: GraphqlStats = { requests: 0, throttled: 0, byOperation: {}, lastCosts: [] }
  const knobs = {
    latencyMs: opts.latencyMs ?? 0,
    failNext: { count: 0, status: 500 },
    webhooks: { ...DEFAULT_WEBHOOK_KNOBS, ...opts.webhooks },
  }
  const pushed: ResolverServices['pushed'] = { inventory: [], mutations: [] }
  const sender = new WebhookSender(store, { appSecret: () => appSecret, shopDomain, knobs: knobs.webhooks })
  const services: ResolverServices = {
    bulk: createBulkRunner(opts.bulkDelayMs ?? 100),
    allowHttpCallbacks: opts.allowHttpCallbacks ?? false,
    pushed,
  }
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 10 * 1024 * 1024 })
  registerGraphqlRoute(app, {
    store,
    bucket,
    rootValue: createRootValue(services),
    accessToken,
    schemaDir: opts.schemaDir,
    stats,
    knobs,
  })
  app.get<{ Params: { file: string } }>('/__bulk/:file', async (req, reply) => {
    const body = services.bulk.file(store, req.params.file.replace(/\.jsonl$/, ''))
    if (body === null) return reply.code(404).send('Not Found')
    return reply.type('application/jsonl').send(body)
  })
  const control = createControl({
    store,
    sender,
    bucket,
    stats,
    pushed,
    knobs,
    complianceUri: opts.complianceUri,
    version: resolveVersion('2026-07', opts.schemaDir),
  })
  registerControlRoutes(app, control, store)
  app.addHook('onClose', async () => sender.stop())
  return { app, control, store, accessToken, appSecret, shopDomain, limits }
}

/** Start a sandbox on a port (the demo): returns its base URL and a way to stop it. */
export async function listenShopifySandbox(
  o: ShopifySandboxOptions & { port?: number; host?: string } = {},
): Promise<ShopifySandbox & { url: string; close(): Promise<void> }> {
  const sandbox = createShopifySandbox(o)
  const address = await sandbox.app.listen({ port: o.port ?? 0, host: o.host ?? '127.0.0.1' })
  return { ...sandbox, url: address, close: () => sandbox.app.close() }
}
