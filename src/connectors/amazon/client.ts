// The SP-API adapter over the connection's client (ctx.http), which the runtime builds from
// `amazonHttp` below:
//  - auth: the LWA access token (auth.ts, an exchange the runtime runs once at a time) in
//    x-amz-access-token on every call to the API's hosts (no SigV4 since 2023); a 401/403 that
//    says the token expired exchanges it again and repeats the call once
//  - limits: one bucket per operation, shared per seller and region, as Amazon meters them
//    (per selling-partner account × application, specs/amazon.md §7); x-amzn-RateLimit-Limit
//    corrects an operation's rate; a 429 empties its bucket so the retry waits for a token
//  - regions (NA, EU, FE) are hosts of the same connection: a call names its region
// Array query parameters go comma-separated (Swagger 2 csv) — axios's default `a[]=` is refused.
import { gunzipSync } from 'node:zlib'
import { CrossdockError } from '../../errors.ts'
import type { SkuOutcome } from '../../mappers/amazon/index.ts'
import { remoteText, shortReason } from '../http/classify.ts'
import type { HttpStats, RequestOptions } from '../http/client.ts'
import type { ConnectorContext, HttpDescription } from '../types.ts'
import { exchangeLwaToken } from './auth.ts'
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

export const amazonHttp: HttpDescription<AmazonSettings, AmazonCredentials> = {
  baseUrl: (settings) => resolveSettings(settings).regions[0]!.endpoint,
  apiOrigins: (settings) => {
    const r = resolveSettings(settings)
    return [...r.regions.map((x) => x.endpoint), r.lwaTokenUrl]
  },
  limits: () => amazonRateLimits(),
  limitAccount: ({ settings }) => `amazon:${settings.sellerId}`,
  headers: () => ({ 'user-agent': USER_AGENT, accept: 'application/json' }),
  auth: {
    exchange: (send, { settings, credentials }) =>
      exchangeLwaToken(send, resolveSettings(settings).lwaTokenUrl, credentials),
    authorize: (req, _conn, token) => {
      if (token) req.headers = { ...(req.headers as Record<string, string> | undefined), 'x-amz-access-token': token }
    },
    // 403 "Access to requested resource is denied" without a word about the token is a missing
    // role or a wrong-region host [GH amzn/selling-partner-api-models#230]: a new token won't help
    isTokenExpired: (err) => err.details?.source !== 'lwa' && /token|expired/i.test(remoteText(err)),
  },
  onResponse: async (res, io) => {
    const rate = Number(res.headers?.['x-amzn-ratelimit-limit'])
    const paced = rate * PACING_FACTOR
    const known = io.limit.last?.refillPerSecond
    const correction = {
      ...(Number.isFinite(rate) && rate > 0 && (known === undefined || Math.abs(known - paced) > 1e-9)
        ? { refillPerSecond: paced }
        : {}),
      ...(res.status === 429 ? { available: 0 } : {}),
    }
    if (Object.keys(correction).length) await io.limit.correct(correction)
  },
}

/** SP-API calls of one connection: a call names its region and operation (its bucket). */
export class SpApi {
  readonly settings: ResolvedSettings

  constructor(private readonly ctx: AmazonContext) {
    this.settings = resolveSettings(ctx.settings)
  }

  endpoint(region: SpApiRegion): string {
    const r = this.settings.regions.find((x) => x.region === region)
    if (!r)
      throw new CrossdockError('VALIDATION_FAILED', `region ${region} is not used by this connection`, {
        details: { region },
      })
    return r.endpoint
  }

  async call<T>(region: SpApiRegion, op: SpApiOperation, opts: RequestOptions): Promise<T> {
    const res = await this.ctx.http.request<T>({
      ...opts,
      baseURL: this.endpoint(region),
      bucket: op,
      limitScope: region,
    })
    return res.data
  }

  /** Wait for room in a limit that has no call of its own (JSON_LISTINGS_FEED's 5 per 5 minutes). */
  async reserve(region: SpApiRegion, bucket: string): Promise<void> {
    await this.ctx.http.acquire(bucket, { limitScope: region })
  }

  /** Requests, retries, 429s and LWA exchanges of this connection's client. */
  stats(): HttpStats {
    return this.ctx.http.stats
  }

  async upload(url: string, contentType: string, body: Buffer): Promise<void> {
    // the Content-Type must be the one given to createFeedDocument or S3 answers 403
    // SignatureDoesNotMatch [GH amzn/selling-partner-api-docs#97]; no SP-API token goes to S3
    await this.ctx.http.put(url, body, { headers: { 'content-type': contentType }, retry: true })
  }

  async download(url: string, compression: string | undefined, maxBytes: number): Promise<Buffer> {
    const res = await this.ctx.http.get<ArrayBuffer>(url, { responseType: 'arraybuffer', timeout: 120_000 })
    const bytes = Buffer.from(res.data)
    if (compression !== 'GZIP') return bytes
    try {
      // the cap holds after decompression too: a small gzip can unpack to gigabytes
      return gunzipSync(bytes, { maxOutputLength: maxBytes })
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new CrossdockError('CONNECTOR_RESPONSE_TOO_LARGE', `the report unpacks to more than ${maxBytes} bytes`)
      throw new CrossdockError('CONNECTOR_BAD_RESPONSE', `the report is not valid GZIP: ${(err as Error).message}`)
    }
  }
}

export function spApiFor(ctx: AmazonContext): SpApi {
  return new SpApi(ctx)
}

export function outcomeOfError(err: unknown): SkuOutcome {
  const e =
    err instanceof CrossdockError
      ? err
      : new CrossdockError('CONNECTOR_NETWORK', (err as Error)?.message ?? String(err))
  return { status: e.retryable ? 'retryable' : 'rejected', error: { code: e.code, message: amazonMessage(e) } }
}

/** The first of Amazon's {errors:[{code,message}]} in a failed call, in short, else our own message. */
export function amazonMessage(e: CrossdockError): string {
  try {
    const body = JSON.parse(remoteText(e)) as {
      errors?: { code?: string; message?: string; details?: string }[]
    }
    const first = body.errors?.[0]
    if (first?.message) {
      const said = `${shortReason(first.code ?? '', 64)} ${shortReason(first.message)}`.trim()
      return `${e.message}: ${said}${first.details ? ` (${shortReason(first.details)})` : ''}`
    }
  } catch {}
  return e.message
}
