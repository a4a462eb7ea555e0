// How the runtime talks to a 3PL: the connection's provider (settings.provider) picks the adapter
// whose auth headers, request signing and rate-limit header reading the description runs. The
// runtime builds the one client per connection from this (the connector builds none).
import { createHash } from 'node:crypto'
import type { RateLimitSpec } from '../http/limiter.ts'
import type { ConnectorContext, HttpDescription } from '../types.ts'
import type { AdapterCall, WarehouseAdapter } from './adapter.ts'
import type { WarehouseCredentials, WarehouseSettings } from './settings.ts'

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

/** What the connection keeps in this process: facts looked up once (ShipBob's channel id). */
export interface WarehouseState {
  memo: Map<string, unknown>
}

export function warehouseHttp(
  adapterFor: (settings: WarehouseSettings) => WarehouseAdapter,
): HttpDescription<WarehouseSettings, WarehouseCredentials, WarehouseState> {
  return {
    baseUrl: (settings) => baseUrlFor(adapterFor(settings), settings),
    limits: (settings) => limitsFor(adapterFor(settings), settings),
    // the provider meters the account behind the key (ShipBob: per user and application)
    limitAccount: ({ settings, credentials }) =>
      `${adapterFor(settings).provider}:${createHash('sha256')
        .update(credentials.apiToken ?? credentials.appKey ?? '')
        .digest('hex')
        .slice(0, 24)}`,
    headers: (conn) => adapterFor(conn.settings).httpOptions(conn).headers ?? {},
    auth: { authorize: (req, conn) => adapterFor(conn.settings).httpOptions(conn).authorize?.(req) },
    onResponse: (res, io, conn) => adapterFor(conn.settings).httpOptions(conn).onResponse?.(res, io),
    state: () => ({ memo: new Map() }),
  }
}

export function adapterCall(
  ctx: ConnectorContext<WarehouseSettings, WarehouseCredentials>,
  settings: WarehouseSettings,
): AdapterCall {
  return {
    settings,
    credentials: ctx.credentials,
    facilities: settings.facilities,
    http: ctx.http,
    log: ctx.log,
    now: () => ctx.now(),
    memo: ctx.http.state<WarehouseState>().memo,
  }
}
