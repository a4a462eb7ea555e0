// The Shopify adapter: GraphQL Admin API calls over the shared HTTP client, one client per
// connection (kept between calls so the cost bucket it learned survives from one push to the
// next). Top-level GraphQL errors become CrossdockErrors naming Shopify's code; THROTTLED is
// handled by the pacing hooks (throttle.ts) before it gets here.
import { createHash } from 'node:crypto'
import { CrossdockError } from '../../errors.ts'
import { createHttpClient, type HttpClient, type RequestOptions } from '../http/client.ts'
import type { RateLimitSpec } from '../http/limiter.ts'
import type { ConnectorContext } from '../types.ts'
import { graphqlPath, origin, type ShopifyCredentials, type ShopifySettings } from './settings.ts'
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
  /** plain client for files Shopify hands out (bulk results live on a storage host: no token there) */
  download: HttpClient
  tracker: CostTracker
}

/** What is shared per connection: pacing state and connections, not a job's context. */
type Shared = Omit<ShopifyGraphql, 'call'> & { path: string }
interface Cached {
  fingerprint: string
  client: Shared
}
const clients = new Map<string, Cached>()

function fingerprint(ctx: ShopifyContext): string {
  const token = createHash('sha256')
    .update(ctx.credentials.accessToken ?? '')
    .digest('hex')
    .slice(0, 16)
  return `${origin(ctx.settings)}|${ctx.settings.apiVersion ?? ''}|${ctx.settings.plan ?? ''}|${token}`
}

function describeErrors(errors: GqlErrorBody[]): string {
  return errors.map((e) => `${e.extensions?.code ? `${e.extensions.code}: ` : ''}${e.message}`).join('; ')
}

/**
 * The connection's client. Its HTTP clients and cost tracker are cached per connection (pacing
 * state must be shared by every job), but each call runs under the context it was asked from:
 * its abort signal belongs to that job, and must not cancel a later job's calls.
 */
export function shopifyClient(ctx: ShopifyContext): ShopifyGraphql {
  const fp = fingerprint(ctx)
  const hit = clients.get(ctx.connectionId)
  const shared = hit && hit.fingerprint === fp ? hit.client : createShared(ctx, fp)
  return {
    http: shared.http,
    download: shared.download,
    tracker: shared.tracker,
    call: <T>(operation: string, document: string, variables?: Record<string, unknown>, o?: CallOptions) =>
      callWith<T>(shared, ctx, operation, document, variables, o),
  }
}

function createShared(ctx: ShopifyContext, fp: string): Shared {
  if (!ctx.credentials.accessToken)
    throw new CrossdockError('CONNECTOR_AUTH_FAILED', 'the Shopify connection has no access token')
  const tracker = new CostTracker()
  const limits = limitsFor(ctx.settings.plan)
  const http = createHttpClient({
    baseURL: origin(ctx.settings),
    limits,
    log: ctx.log,
    breakerKey: ctx.connectionId,
    headers: {
      'X-Shopify-Access-Token': ctx.credentials.accessToken,
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'User-Agent': 'crossdock | Admin API',
    },
    onResponse: tracker.onResponse,
    inspect: tracker.inspect,
    authorize: (config) => {
      const c = config as RequestOptions & { callId?: number }
      if (c.callId !== undefined) tracker.started(c.callId, c.cost ?? 0)
    },
  })
  const download = createHttpClient({
    baseURL: origin(ctx.settings),
    limits,
    log: ctx.log,
    breakerKey: `${ctx.connectionId}:download`,
    timeoutMs: 120_000,
  })
  const client: Shared = { http, download, tracker, path: graphqlPath(ctx.settings) }
  clients.set(ctx.connectionId, { fingerprint: fp, client })
  return client
}

async function callWith<T>(
  shared: Shared,
  ctx: ShopifyContext,
  operation: string,
  document: string,
  variables: Record<string, unknown> = {},
  o: CallOptions = {},
): Promise<GqlResult<T>> {
  const { http, tracker, path } = shared
  const key = o.costKey ?? operation
  const cost = Math.max(1, tracker.estimate(key, o.estimate ?? 50))
  const callId = tracker.nextCallId()
  const opts = {
    cost,
    bucket: 'graphql',
    callId,
    ...(o.retry === false ? { retry: false } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  } as RequestOptions
  try {
    const res = await http.post<{ data?: T | null; errors?: GqlErrorBody[] }>(
      path,
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

/** Drop a connection's client (its token was revoked, or its settings changed). */
export function forgetClient(connectionId: string): void {
  clients.delete(connectionId)
}
