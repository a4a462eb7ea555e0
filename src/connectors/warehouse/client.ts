// One HTTP client per 3PL connection, built with the shared client (limiter, retries, breaker)
// and kept for the life of the process, so the rate-limit window it has learned from the
// provider's headers carries over from one job to the next. The connector builds it itself
// because the provider's auth headers, request signing and rate-limit header reading are the
// adapter's, which the hub's generic ctx.http does not carry (see the report on issue 5).
import { createHash } from 'node:crypto'
import type { Logger } from 'pino'
import { createHttpClient, type HttpClient } from '../http/client.ts'
import type { RateLimitSpec } from '../http/limiter.ts'
import type { ConnectorContext } from '../types.ts'
import type { AdapterCall, WarehouseAdapter } from './adapter.ts'
import type { WarehouseCredentials, WarehouseSettings } from './settings.ts'

interface Entry {
  fingerprint: string
  http: HttpClient
  memo: Map<string, unknown>
}

const clients = new Map<string, Entry>()

/**
 * The remote counts a call when it arrives, we count it when we send it: pacing to the exact
 * window would reach the remote's edge a little early and meet a 429. A margin of 2% of the
 * window (at least 250 ms) keeps us inside it; ShipBob's 150/60 s is paced as 150/61.2 s.
 */
function withMargin(spec: RateLimitSpec): RateLimitSpec {
  const buckets = Object.fromEntries(
    Object.entries(spec.buckets).map(([name, b]) => [
      name,
      b.kind === 'window' ? { ...b, windowSeconds: b.windowSeconds + Math.max(0.25, b.windowSeconds * 0.02) } : b,
    ]),
  )
  return { buckets }
}

export function limitsFor(adapter: WarehouseAdapter, settings: WarehouseSettings): RateLimitSpec {
  const r = settings.rateLimit
  return withMargin(
    r ? { buckets: { default: { kind: 'window', limit: r.limit, windowSeconds: r.windowSeconds } } } : adapter.limits,
  )
}

export function baseUrlFor(adapter: WarehouseAdapter, settings: WarehouseSettings): string {
  return (settings.baseUrl ?? adapter.defaultBaseUrl).replace(/\/+$/, '')
}

function fingerprint(
  adapter: WarehouseAdapter,
  settings: WarehouseSettings,
  credentials: WarehouseCredentials,
): string {
  const secret = createHash('sha256').update(JSON.stringify(credentials)).digest('hex')
  return JSON.stringify([
    adapter.provider,
    baseUrlFor(adapter, settings),
    settings.apiVersion,
    settings.rateLimit,
    secret,
  ])
}

export function clientFor(
  adapter: WarehouseAdapter,
  ctx: Pick<ConnectorContext<WarehouseSettings, WarehouseCredentials>, 'connectionId' | 'settings' | 'credentials'> & {
    log: Logger
  },
): Entry {
  const fp = fingerprint(adapter, ctx.settings, ctx.credentials)
  const known = clients.get(ctx.connectionId)
  if (known?.fingerprint === fp) return known
  const http = createHttpClient({
    baseURL: baseUrlFor(adapter, ctx.settings),
    limits: limitsFor(adapter, ctx.settings),
    log: ctx.log,
    breakerKey: ctx.connectionId,
    ...adapter.httpOptions({ settings: ctx.settings, credentials: ctx.credentials }),
  })
  const entry: Entry = { fingerprint: fp, http, memo: new Map() }
  clients.set(ctx.connectionId, entry)
  return entry
}

export function adapterCall(
  adapter: WarehouseAdapter,
  ctx: ConnectorContext<WarehouseSettings, WarehouseCredentials>,
): AdapterCall {
  const { http, memo } = clientFor(adapter, ctx)
  return {
    settings: ctx.settings,
    credentials: ctx.credentials,
    facilities: ctx.settings.facilities,
    http,
    log: ctx.log,
    now: () => ctx.now(),
    memo,
  }
}

/** Forget a connection's client (its credentials changed, or the connection was removed). */
export function dropClient(connectionId: string): void {
  clients.delete(connectionId)
}
