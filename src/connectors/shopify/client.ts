// The Shopify adapter: GraphQL Admin API calls over the connection's client (ctx.http, built by
// the runtime from `shopifyHttp` below). Top-level GraphQL errors become CrossdockErrors naming
// Shopify's code; THROTTLED is handled by the pacing hooks (throttle.ts) before it gets here.
import { CrossdockError } from '../../errors.ts'
import type { HttpClient, RequestOptions } from '../http/client.ts'
import type { RateLimitSpec } from '../http/limiter.ts'
import type { ConnectorContext, HttpDescription } from '../types.ts'
import { graphqlPath, origin, type ShopifyCredentials, type ShopifySettings } from './settings.ts'
import type { ShopInfo } from './shop.ts'
import { CostTracker, costOf, type CostExtension, type GqlErrorBody } from './throttle.ts'

export type ShopifyContext = ConnectorContext<ShopifySettings, ShopifyCredentials>

/** Bucket size and restore rate by plan (restore rates: shopify.dev rate-limits page; size 20× restore as observed live). */
export const PLAN_BUCKETS: Record<
  NonNullable<ShopifySettings['plan']>,
  { capacity: number; refillPerSecond: number }
> = {
  standard: { capacity: 2000, refillPerSecond: 100 },
  advanced: { capacity: 4000, refillPerSecond: 200 },
  plus: { capacity: 20000, refillPerSecond: 1000 },
  enterprise: { capacity: 40000, refillPerSecond: 2000 },
}

export function limitsFor(plan: ShopifySettings['plan']): RateLimitSpec {
  return {
    buckets: {
      graphql: { ...PLAN_BUCKETS[plan ?? 'standard'] },
      download: { kind: 'window', limit: 600, windowSeconds: 60 },
    },
  }
}

/** What the connection keeps in this process: learned query costs and the shop's facts. */
export interface ShopifyState {
  tracker: CostTracker
  shop?: { at: number; info: ShopInfo }
}

/** How the runtime talks to Shopify: the seller's plan sets the bucket; throttleStatus corrects it. */
export const shopifyHttp: HttpDescription<ShopifySettings, ShopifyCredentials, ShopifyState> = {
  baseUrl: (settings) => origin(settings),
  limits: (settings) => limitsFor(settings.plan),
  // Shopify meters the shop (every app token of it shares the bucket per app)
  limitAccount: ({ settings }) => `shopify:${origin(settings)}`,
  headers: ({ credentials }) => {
    if (!credentials.accessToken)
      throw new CrossdockError('CONNECTOR_AUTH_FAILED', 'the Shopify connection has no access token')
    return {
      'X-Shopify-Access-Token': credentials.accessToken,
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'User-Agent': 'crossdock | Admin API',
    }
  },
  state: () => ({ tracker: new CostTracker() }),
  onResponse: (res, io) => io.state.tracker.onResponse(res, io),
  inspect: (res, io) => io.state.tracker.inspect(res),
}

export interface GqlResult<T> {
  data: T
  cost?: CostExtension
}

export interface CallOptions {
  /** which learned cost this call draws (defaults to the operation name) */
  costKey?: string
  /** cost to draw before Shopify has told us (first call of a shape) */
  estimate?: number
  /** false for a call that must not be repeated blindly */
  retry?: boolean
}

export interface ShopifyGraphql {
  call<T>(
    operation: string,
    document: string,
    variables?: Record<string, unknown>,
    o?: CallOptions,
  ): Promise<GqlResult<T>>
  http: HttpClient
  tracker: CostTracker
  state: ShopifyState
  settings: ShopifySettings
}

function describeErrors(errors: GqlErrorBody[]): string {
  return errors.map((e) => `${e.extensions?.code ? `${e.extensions.code}: ` : ''}${e.message}`).join('; ')
}

/** GraphQL over the connection's client; each call runs under the context's abort signal. */
export function shopifyClient(ctx: ShopifyContext): ShopifyGraphql {
  const state = ctx.http.state<ShopifyState>()
  return {
    http: ctx.http,
    tracker: state.tracker,
    state,
    settings: ctx.settings,
    call: <T>(operation: string, document: string, variables?: Record<string, unknown>, o?: CallOptions) =>
      callWith<T>(ctx, state.tracker, operation, document, variables, o),
  }
}

async function callWith<T>(
  ctx: ShopifyContext,
  tracker: CostTracker,
  operation: string,
  document: string,
  variables: Record<string, unknown> = {},
  o: CallOptions = {},
): Promise<GqlResult<T>> {
  const key = o.costKey ?? operation
  const cost = Math.max(1, tracker.estimate(key, o.estimate ?? 50))
  const callId = tracker.nextCallId()
  tracker.started(callId, cost)
  const opts = {
    cost,
    bucket: 'graphql',
    callId,
    ...(o.retry === false ? { retry: false } : {}),
  } as RequestOptions
  try {
    const res = await ctx.http.post<{ data?: T | null; errors?: GqlErrorBody[] }>(
      graphqlPath(ctx.settings),
      { query: document, variables },
      opts,
    )
    const body = res.data
    const c = costOf(body)
    if (c) tracker.learn(key, c.requestedQueryCost)
    if (body?.errors?.length) {
      const code = body.errors[0]?.extensions?.code
      const retryable = code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE'
      throw new CrossdockError(
        retryable ? 'CONNECTOR_UNAVAILABLE' : 'CONNECTOR_REJECTED',
        `Shopify refused ${operation}: ${describeErrors(body.errors)}`,
        {
          details: { operation, code, errors: body.errors, cost: c },
        },
      )
    }
    if (!body || body.data === undefined || body.data === null)
      throw new CrossdockError('CONNECTOR_BAD_RESPONSE', `Shopify answered ${operation} without data`, {
        details: { operation },
      })
    return { data: body.data, ...(c ? { cost: c } : {}) }
  } finally {
    tracker.finished(callId)
  }
}

/** Shopify's top-level error code of a refused call, if it was one. */
export function shopifyErrorCode(e: unknown): string | undefined {
  return e instanceof CrossdockError ? (e.details?.code as string | undefined) : undefined
}
