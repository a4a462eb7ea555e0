// The SP-API adapter: one HTTP client per region of the connection (NA, EU, FE: each has its own
// host and its own quotas), all built on the shared client with Amazon's hooks:
//  - authorize: the LWA access token in x-amz-access-token on every call (no SigV4 since 2023)
//  - onAuthFailure: a 401/403 about the token drops it and the call is repeated once
//  - onResponse: x-amzn-RateLimit-Limit corrects the operation's rate; a 429 empties its bucket so
//    the retry waits for a token to come back instead of hammering (which can escalate to 403)
// Clients live as long as the process, per connection, so pacing carries over between jobs.
// Array query parameters go comma-separated (Swagger 2 csv) — axios's default `a[]=` is refused.
import { createHash } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import type { Logger } from 'pino'
import { CrossdockError } from '../../errors.ts'
import type { SkuOutcome } from '../../mappers/amazon/index.ts'
import type { ConnectorContext } from '../types.ts'
import { createHttpClient, type HttpClient, type RequestOptions } from '../http/client.ts'
import { LwaAuth } from './auth.ts'
import { amazonRateLimits, PACING_FACTOR, type SpApiOperation } from './limits.ts'
import type { SpApiRegion } from './marketplaces.ts'
import { resolveSettings, type AmazonCredentials, type AmazonSettings, type ResolvedSettings } from './settings.ts'

export type AmazonContext = ConnectorContext<AmazonSettings, AmazonCredentials>

export const USER_AGENT = 'crossdock/0.1 (Language=TypeScript; Platform=Node)'

export type Query = Record<string, string | number | boolean | readonly (string | number)[] | undefined>

export function queryString(q: Query): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue
    p.set(k, Array.isArray(v) ? v.join(',') : String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

export class SpApi {
  readonly settings: ResolvedSettings
  readonly auth: LwaAuth
  /** plain HTTPS for the presigned feed document URLs: no SP-API token goes to S3 */
  readonly documents: HttpClient
  private readonly regions = new Map<SpApiRegion, HttpClient>()
  private readonly lwaHttp: HttpClient

  constructor(
    private readonly connectionId: string,
    settings: AmazonSettings,
    creds: AmazonCredentials,
    private readonly log: Logger,
  ) {
    this.settings = resolveSettings(settings)
    this.lwaHttp = createHttpClient({
      baseURL: this.settings.lwaTokenUrl,
      limits: { buckets: { lwa: { capacity: 5, refillPerSecond: 1 } } },
      log,
      breakerKey: `${connectionId}:lwa`,
      retries: 3,
    })
    this.auth = new LwaAuth(this.lwaHttp, creds)
    this.documents = createHttpClient({
      baseURL: '',
      limits: { buckets: {} },
      log,
      breakerKey: `${connectionId}:documents`,
      retries: 3,
      timeoutMs: 120_000,
    })
  }

  region(region: SpApiRegion): HttpClient {
    let c = this.regions.get(region)
    if (c) return c
    const r = this.settings.regions.find((x) => x.region === region)
    if (!r) throw new Error(`region ${region} is not used by this connection`)
    c = createHttpClient({
      baseURL: r.endpoint,
      limits: amazonRateLimits(),
      log: this.log,
      breakerKey: `${this.connectionId}:${region}`,
      headers: { 'user-agent': USER_AGENT, accept: 'application/json' },
      authorize: async (config) => {
        const token = await this.auth.token(config.signal as AbortSignal | undefined)
        config.headers = { ...(config.headers as Record<string, string> | undefined), 'x-amz-access-token': token }
      },
      onAuthFailure: async (err) => {
        if (err.details?.source === 'lwa') return false
        // 403 "Access to requested resource is denied" without a word about the token is a missing
        // role or a wrong-region host [GH amzn/selling-partner-api-models#230]: a new token won't help
        if (!/token|expired/i.test(String(err.details?.body ?? ''))) return false
        this.auth.invalidate()
        return true
      },
      onResponse: (res, limiter, bucket) => {
        const rate = Number(res.headers?.['x-amzn-ratelimit-limit'])
        if (Number.isFinite(rate) && rate > 0) limiter.get(bucket).setRate(rate * PACING_FACTOR)
        if (res.status === 429) limiter.get(bucket).setAvailable(0)
      },
    })
    this.regions.set(region, c)
    return c
  }

  /** Requests, retries and 429s over every client of this connection (LWA and S3 included). */
  stats(): { requests: number; retries: number; rateLimited: number } {
    const all = [this.lwaHttp, this.documents, ...this.regions.values()]
    return all.reduce(
      (s, c) => ({
        requests: s.requests + c.stats.requests,
        retries: s.retries + c.stats.retries,
        rateLimited: s.rateLimited + c.stats.rateLimited,
      }),
      { requests: 0, retries: 0, rateLimited: 0 },
    )
  }

  async call<T>(region: SpApiRegion, op: SpApiOperation, opts: RequestOptions): Promise<T> {
    const res = await this.region(region).request<T>({ ...opts, bucket: op })
    return res.data
  }

  async upload(url: string, contentType: string, body: Buffer, signal?: AbortSignal): Promise<void> {
    // the Content-Type must be the one given to createFeedDocument or S3 answers 403
    // SignatureDoesNotMatch [GH amzn/selling-partner-api-docs#97]
    await this.documents.put(url, body, { headers: { 'content-type': contentType }, ...(signal ? { signal } : {}) })
  }

  async download(url: string, compression: string | undefined, signal?: AbortSignal): Promise<Buffer> {
    const res = await this.documents.get<ArrayBuffer>(url, {
      responseType: 'arraybuffer',
      ...(signal ? { signal } : {}),
    })
    const bytes = Buffer.from(res.data)
    return compression === 'GZIP' ? gunzipSync(bytes) : bytes
  }
}

const bundles = new Map<string, SpApi>()

/** The adapter for a connection, kept while its settings and credentials stay the same. */
export function spApiFor(ctx: AmazonContext): SpApi {
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        ctx.settings,
        ctx.credentials.clientId,
        ctx.credentials.clientSecret,
        ctx.credentials.refreshToken,
      ]),
    )
    .digest('hex')
  const key = `${ctx.connectionId}:${fingerprint}`
  let api = bundles.get(key)
  if (!api) {
    for (const k of bundles.keys()) if (k.startsWith(`${ctx.connectionId}:`)) bundles.delete(k)
    api = new SpApi(ctx.connectionId, ctx.settings, ctx.credentials, ctx.log)
    bundles.set(key, api)
  }
  return api
}

export function outcomeOfError(err: unknown): SkuOutcome {
  const e =
    err instanceof CrossdockError
      ? err
      : new CrossdockError('CONNECTOR_NETWORK', (err as Error)?.message ?? String(err))
  return { status: e.retryable ? 'retryable' : 'rejected', error: { code: e.code, message: amazonMessage(e) } }
}

/** The first of Amazon's {errors:[{code,message}]} in a failed call, else our own message. */
export function amazonMessage(e: CrossdockError): string {
  try {
    const body = JSON.parse(String(e.details?.body ?? '')) as {
      errors?: { code?: string; message?: string; details?: string }[]
    }
    const first = body.errors?.[0]
    if (first?.message)
      return `${e.message}: ${first.code ?? ''} ${first.message}${first.details ? ` (${first.details})` : ''}`.trim()
  } catch {}
  return e.message
}
