// A local Amazon Selling Partner API for tests and the demo, held to Amazon's own OpenAPI models
// (models/, checked by validator.ts on every request and response). One seller, every marketplace
// of marketplaces.ts, one port for all regions and for Login with Amazon:
//   POST /auth/o2/token                         LWA (lwa.ts)
//   /orders/2026-01-01/…, /orders/v0/…          orders, both models, confirmShipment (orders.ts)
//   /tokens/2021-03-01/restrictedDataToken      RDTs that open v0's buyer and address PII (tokens.ts)
//   /listings/2021-08-01/items/{seller}/{sku}   patch/get (listings.ts)
//   /feeds/2021-06-30/…, /__s3/documents/…      feeds and their documents (feeds.ts)
//   /fba/inventory/v1/…                         FBA summaries and sandbox-only seeding (fba.ts)
//   /sellers/v1/marketplaceParticipations       (sellers.ts)
//   /__control/…                                seed, place orders, ship FBA, read pushes (control.ts)
// Real usage plans are the default; `rateScale` speeds them up for tests. Imports src/model (money)
// and fastify; never the connector or its mappers (imports.test.ts holds that).
import { pathToFileURL } from 'node:url'
import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance } from 'fastify'
import { SANDBOX_MARKETPLACES } from './marketplaces.ts'
import { AmazonSandboxControl, registerControl } from './control.ts'
import { FeedProcessor } from './feeds.ts'
import { registerFba } from './fba.ts'
import { amazonError, INVALID_INPUT, Throttle, type SpApiContext } from './http.ts'
import { registerListings } from './listings.ts'
import { registerLwa, type LwaApp } from './lwa.ts'
import { registerOrders } from './orders.ts'
import { registerSellers } from './sellers.ts'
import { registerTokens } from './tokens.ts'
import { SandboxState } from './state.ts'
import { spApiModels } from './validator.ts'

export interface AmazonSandboxOptions {
  sellerId?: string
  storeName?: string
  /** the one app allowed to log in: client id/secret and the seller's refresh token */
  app?: Partial<LwaApp>
  /** marketplaces the seller participates in (default: all) */
  marketplaceIds?: string[]
  tokenTtlSeconds?: number
  /** false: no 429s at all */
  throttle?: boolean
  /** multiplies every usage-plan rate; 1 = Amazon's real plans */
  rateScale?: number
  /** per operation key (searchOrders, patchListingsItem…): replace rate and/or burst */
  plans?: Record<string, { rate?: number; burst?: number }>
  feedQueueMs?: number
  feedProcessingMs?: number
  feedProcessingMsPerMessage?: number
  compressReports?: boolean
  /** default for orders placed without a say: the app lacks the PII roles for them */
  restrictedPii?: boolean
  /** the application's restricted role (default granted): see tokens.ts */
  pii?: 'granted' | 'refused' | 'empty'
  /** keep every SP-API exchange for inspection (tests) */
  journal?: boolean
  now?: () => number
  logger?: boolean
}

export const SANDBOX_DEFAULTS = {
  sellerId: 'A2SANDBOXSELLER1',
  app: {
    clientId: 'amzn1.application-oa2-client.crossdocksandbox',
    clientSecret: 'sandbox-client-secret',
    refreshToken: 'Atzr|sandbox-refresh-token',
  },
  tokenTtlSeconds: 3600,
  // Amazon gives no figures for JSON_LISTINGS_FEED latency: minutes at best, up to hours under
  // load (facts §6, §10.6). These are a modest guess, to be turned down in tests.
  feedQueueMs: 30_000,
  feedProcessingMs: 15_000,
  feedProcessingMsPerMessage: 3,
}

export interface AmazonSandbox {
  app: FastifyInstance
  control: AmazonSandboxControl
  state: SandboxState
}

export function createAmazonSandbox(opts: AmazonSandboxOptions = {}): AmazonSandbox {
  const now = opts.now ?? Date.now
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 10 * 1024 * 1024 })
  const state = new SandboxState(opts.sellerId ?? SANDBOX_DEFAULTS.sellerId)
  const throttle = new Throttle(
    { enabled: opts.throttle ?? true, rateScale: opts.rateScale ?? 1, plans: opts.plans ?? {} },
    now,
  )
  const c: SpApiContext = {
    state,
    models: spApiModels(),
    throttle,
    now,
    journal: opts.journal ?? false,
    log: (m) => app.log.warn(m),
  }
  const feeds = new FeedProcessor(c, {
    feedQueueMs: opts.feedQueueMs ?? SANDBOX_DEFAULTS.feedQueueMs,
    feedProcessingMs: opts.feedProcessingMs ?? SANDBOX_DEFAULTS.feedProcessingMs,
    feedProcessingMsPerMessage: opts.feedProcessingMsPerMessage ?? SANDBOX_DEFAULTS.feedProcessingMsPerMessage,
    compressReports: opts.compressReports ?? true,
    jsonListingsFeedPer5Min: 5,
    rateScale: opts.rateScale ?? 1,
  })
  const control = new AmazonSandboxControl(
    state,
    now,
    () => {
      throttle.reset()
      feeds.stop()
    },
    opts.restrictedPii ?? false,
    opts.pii ?? 'granted',
  )

  app.register(formbody)
  // bodies SP-API cannot parse answer in Amazon's shape, not fastify's
  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500
    if (req.url.startsWith('/__control')) return reply.code(status).send({ message: err.message })
    return reply
      .code(status)
      .header('x-amzn-RequestId', crypto.randomUUID())
      .send(
        status === 500
          ? amazonError('InternalFailure', 'We encountered an internal error. Please try again.', '')
          : amazonError('InvalidInput', INVALID_INPUT, err.message),
      )
  })
  registerLwa(app, state, {
    app: { ...SANDBOX_DEFAULTS.app, ...opts.app },
    tokenTtlSeconds: opts.tokenTtlSeconds ?? SANDBOX_DEFAULTS.tokenTtlSeconds,
    now,
  })
  registerOrders(app, c, { pageTokenTtlMs: 24 * 3600_000 })
  registerTokens(app, c)
  registerListings(app, c)
  feeds.register(app)
  registerFba(app, c)
  registerSellers(
    app,
    c,
    () => opts.marketplaceIds ?? SANDBOX_MARKETPLACES.map((m) => m.id),
    opts.storeName ?? 'Crossdock Sandbox Store',
  )
  registerControl(app, control)
  return { app, control, state }
}

/** Start a sandbox on a port (0 = any) for the demo or a test; `url` is its base URL. */
export async function listenAmazonSandbox(
  opts: AmazonSandboxOptions & { port?: number; host?: string } = {},
): Promise<AmazonSandbox & { url: string; close(): Promise<void> }> {
  const sb = createAmazonSandbox(opts)
  const host = opts.host ?? '127.0.0.1'
  await sb.app.listen({ port: opts.port ?? 0, host })
  const addr = sb.app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : opts.port
  return { ...sb, url: `http://${host}:${port}`, close: () => sb.app.close() }
}

// `tsx src/sandbox/amazon/index.ts` (or node --experimental-strip-types): a sandbox for the demo on
// AMAZON_SANDBOX_PORT (default 8790), with Amazon's real usage plans and feed latency.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sb = await listenAmazonSandbox({
    port: Number(process.env.AMAZON_SANDBOX_PORT ?? 8790),
    host: process.env.AMAZON_SANDBOX_HOST ?? '127.0.0.1',
  })
  console.log(
    `Amazon SP-API sandbox on ${sb.url} (seller ${SANDBOX_DEFAULTS.sellerId}; LWA at ${sb.url}/auth/o2/token; control at ${sb.url}/__control)`,
  )
}
