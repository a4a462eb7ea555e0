// The connector runtime: executes each connector's `description.http` and builds the one HTTP
// client of every connection (connectors never build their own). One instance per hub process,
// created by the hub; what must be the same in every process (rate-limit buckets, breaker
// states) lives in the stores it is given (PostgreSQL in the hub), what may differ (sockets,
// a connection's learned query costs, its cached access token) lives in this instance.
import { createHash } from 'node:crypto'
import type { Logger } from 'pino'
import { DEFAULT_BREAKER, memoryBreakerStore, type BreakerPolicy, type BreakerStore } from './http/breaker.ts'
import { createHttpClient, type ConnectionHttp, type HttpClient, type RuntimeDeps } from './http/client.ts'
import { egressPolicy, type EgressPolicy, type Resolver } from './http/egress.ts'
import { memoryLimitStore, type LimitStore } from './http/limiter.ts'
import { createTransport, type Transport, type TransportOptions } from './http/transport.ts'
import type { Connector, ConnectorContext, HttpDescription } from './types.ts'

export interface ConnectionInfo<Settings = any, Credentials = any> {
  tenantId: string
  connectionId: string
  settings: Settings
  credentials: Credentials
}

export interface RuntimeOptions {
  /** CROSSDOCK_EGRESS_ALLOW's text */
  egressAllow: string
  /** name resolution (tests inject one whose answer changes) */
  resolve?: Resolver
  connectTimeoutMs: number
  firstByteTimeoutMs: number
  totalTimeoutMs: number
  streamTimeoutMs: number
  maxResponseBytes: number
  maxStreamBytes: number
  maxLimitWaitMs: number
  breakerOpenMs: number
  /** shared state: PostgreSQL in the hub; memory when absent (a lone process: tests, tools) */
  limits?: LimitStore
  breakers?: BreakerStore
  breaker?: Partial<BreakerPolicy>
  /** retry shape of every client (tests shorten the backoff) */
  retries?: { retries?: number; minBackoffMs?: number; maxBackoffMs?: number }
}

export interface ContextOptions {
  log: Logger
  signal?: AbortSignal | undefined
  /** the calls are probes (test connection): they go out while the breaker is open */
  probe?: boolean
  now?: () => Date
}

export class ConnectorRuntime {
  readonly deps: RuntimeDeps
  private readonly clients = new Map<string, { fingerprint: string; client: HttpClient }>()

  constructor(private readonly o: RuntimeOptions) {
    const transportOptions: TransportOptions = {
      policy: egressPolicy(o.egressAllow, o.resolve),
      connectTimeoutMs: o.connectTimeoutMs,
      firstByteTimeoutMs: o.firstByteTimeoutMs,
      totalTimeoutMs: o.totalTimeoutMs,
      streamTimeoutMs: o.streamTimeoutMs,
      maxResponseBytes: o.maxResponseBytes,
      maxStreamBytes: o.maxStreamBytes,
    }
    this.deps = {
      transport: createTransport(transportOptions),
      limits: o.limits ?? memoryLimitStore(),
      breakers: o.breakers ?? memoryBreakerStore(),
      breakerPolicy: { ...DEFAULT_BREAKER, openMs: o.breakerOpenMs, ...o.breaker },
      maxLimitWaitMs: o.maxLimitWaitMs,
    }
  }

  get transport(): Transport {
    return this.deps.transport
  }

  /** The egress policy, for callers that send outside a connector (outbound event deliveries). */
  get egress(): EgressPolicy {
    return this.deps.transport.options.policy
  }

  /** The connection's client: the same one for every job of the connection while its settings and secrets stay. */
  client(connector: Connector, conn: ConnectionInfo, log: Logger): HttpClient {
    const fingerprint = fingerprintOf(connector, conn)
    const known = this.clients.get(conn.connectionId)
    if (known?.fingerprint === fingerprint) return known.client
    const client = createHttpClient(compile(connector.description.http, conn, this.o), this.deps, log)
    this.clients.set(conn.connectionId, { fingerprint, client })
    return client
  }

  context<S, C>(connector: Connector<S, C>, conn: ConnectionInfo<S, C>, o: ContextOptions): ConnectorContext<S, C> {
    const shared = this.client(connector, conn, o.log).withSignal(o.signal)
    return {
      tenantId: conn.tenantId,
      connectionId: conn.connectionId,
      settings: conn.settings,
      credentials: conn.credentials,
      http: o.probe ? shared.asProbe() : shared,
      log: o.log,
      ...(o.signal ? { signal: o.signal } : {}),
      now: o.now ?? (() => new Date()),
    }
  }

  close(): void {
    this.clients.clear()
    this.deps.transport.close()
  }
}

function fingerprintOf(connector: Connector, conn: ConnectionInfo): string {
  return createHash('sha256')
    .update(JSON.stringify([connector.description.kind, conn.tenantId, conn.settings, conn.credentials]))
    .digest('hex')
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

/** The description, evaluated for one connection. */
function compile(d: HttpDescription, conn: ConnectionInfo, o: RuntimeOptions): ConnectionHttp {
  const secrets = { settings: conn.settings, credentials: conn.credentials }
  const baseURL = d.baseUrl(conn.settings)
  const origins = [baseURL, ...(d.apiOrigins?.(conn.settings) ?? [])].map(originOf).filter((x): x is string => !!x)
  const auth = d.auth
  const http: ConnectionHttp = {
    tenantId: conn.tenantId,
    connectionId: conn.connectionId,
    baseURL,
    apiOrigins: new Set(origins),
    headers: d.headers?.(secrets) ?? {},
    limits: d.limits(conn.settings),
    limitAccount: d.limitAccount?.(secrets) ?? `connection:${conn.connectionId}`,
    state: d.state?.(),
    retries: o.retries?.retries ?? d.retries ?? 5,
    minBackoffMs: o.retries?.minBackoffMs ?? 250,
    maxBackoffMs: o.retries?.maxBackoffMs ?? 30_000,
  }
  if (auth?.authorize) http.authorize = (req, token) => auth.authorize!(req, secrets, token)
  if (auth?.isTokenExpired) http.isTokenExpired = auth.isTokenExpired
  if (d.onResponse) http.onResponse = (res, io) => d.onResponse!(res, io, secrets)
  if (d.inspect) http.inspect = (res, io) => d.inspect!(res, io, secrets)
  if (auth?.exchange) {
    const exchange = auth.exchange
    http.exchange = (send) => exchange(send, secrets)
  }
  return http
}
