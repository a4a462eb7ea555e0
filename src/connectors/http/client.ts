// The one HTTP client of a connection, built by the connector runtime (../runtime.ts) from the
// connector's description; connectors never build one. Each attempt goes:
//   breaker admission (shared state; a probe goes straight out) → rate-limit tokens (shared
//   buckets, bounded wait) → auth (headers, signature, exchanged token) → the wire (egress policy,
//   size and time caps: transport.ts) → response hooks (rate-limit corrections) → classification
// and failed attempts are retried with backoff and jitter that honours Retry-After. Credentials
// and declared headers go only to the connection's own API origins, never to a URL a remote
// handed out (S3 presigned documents, Shopify bulk files).
import { AxiosError, type AxiosRequestConfig, type AxiosResponse } from 'axios'
import pRetry, { AbortError } from 'p-retry'
import type { Logger } from 'pino'
import { setTimeout as sleep } from 'node:timers/promises'
import { StringDecoder } from 'node:string_decoder'
import { CrossdockError } from '../../errors.ts'
import { Breaker, countsAsFailure, type Admission, type BreakerPolicy, type BreakerStore } from './breaker.ts'
import { classifyError, classifyResponse } from './classify.ts'
import {
  acquire,
  type Correction,
  type LimitSpec,
  type LimitStore,
  type LimitView,
  type RateLimitSpec,
  type TakeResult,
} from './limiter.ts'
import { redactUrl } from './redact.ts'
import { TokenCache, type ExchangedToken } from './token.ts'
import { streamError, type Transport } from './transport.ts'

export { redactUrl } from './redact.ts'

export interface RequestOptions extends AxiosRequestConfig {
  /** which declared limit this call draws from (Amazon: the operation name); undeclared = unpaced */
  bucket?: string
  /** tokens it costs (Shopify: the query's requested cost) */
  cost?: number
  /** part of the account the limit applies to (Amazon: the region) */
  limitScope?: string
  /** set false for a call that must not be repeated blindly */
  retry?: boolean
  /** total time for this call, beyond the default */
  totalTimeoutMs?: number
}

/** What a response hook may do with the bucket the call drew from. */
export interface LimitHandle {
  name: string
  spec: LimitSpec | undefined
  /** the bucket as this call's take saw it */
  last: TakeResult | undefined
  correct(c: Correction): Promise<void>
}

export interface ResponseIO<State = unknown> {
  limit: LimitHandle
  state: State
  request: RequestOptions
}

/** The connection-specific part, compiled by the runtime from the description. */
export interface ConnectionHttp<State = unknown> {
  tenantId: string
  connectionId: string
  baseURL: string
  /** origins that get the declared headers and auth (the API's own hosts) */
  apiOrigins: Set<string>
  headers: Record<string, string>
  limits: RateLimitSpec
  /** names the remote account the limits belong to: connections of one account share buckets */
  limitAccount: string
  /** sign or authorize one attempt (token: the exchanged access token, when the auth has one) */
  authorize?: (req: RequestOptions, token: string | undefined) => void
  /** buy an access token (the runtime's auth hook); `send` skips the auth, it is the auth */
  exchange?: (send: <T>(opts: RequestOptions) => Promise<AxiosResponse<T>>) => Promise<ExchangedToken>
  /** a refused call that means "token expired": exchange again and repeat once */
  isTokenExpired?: (err: CrossdockError) => boolean
  onResponse?: (res: AxiosResponse, io: ResponseIO<State>) => void | Promise<void>
  /** turn a 2xx that is really a failure into an error (GraphQL THROTTLED); throw CrossdockError */
  inspect?: (res: AxiosResponse, io: ResponseIO<State>) => void
  state: State
  retries: number
  minBackoffMs: number
  maxBackoffMs: number
}

export interface RuntimeDeps {
  transport: Transport
  limits: LimitStore
  breakers: BreakerStore
  breakerPolicy: BreakerPolicy
  /** longest wait for rate-limit room before the call fails retryable (the job is rescheduled) */
  maxLimitWaitMs: number
}

export interface HttpStats {
  /** calls actually sent over the wire (attempts, retries included) */
  requests: number
  retries: number
  rateLimited: number
  /** token exchanges (LWA) */
  authExchanges: number
}

export interface HttpClient {
  request<T = any>(opts: RequestOptions): Promise<AxiosResponse<T>>
  get<T = any>(url: string, opts?: RequestOptions): Promise<AxiosResponse<T>>
  post<T = any>(url: string, data?: unknown, opts?: RequestOptions): Promise<AxiosResponse<T>>
  put<T = any>(url: string, data?: unknown, opts?: RequestOptions): Promise<AxiosResponse<T>>
  patch<T = any>(url: string, data?: unknown, opts?: RequestOptions): Promise<AxiosResponse<T>>
  delete<T = any>(url: string, opts?: RequestOptions): Promise<AxiosResponse<T>>
  /** a big document read line by line (JSONL), never held whole; capped in size and time */
  lines(opts: RequestOptions): AsyncGenerator<string>
  /** wait for room in a declared limit that has no request of its own (a feed type's extra limit) */
  acquire(bucket: string, o?: { limitScope?: string; cost?: number }): Promise<void>
  /** a declared limit as it stands in the shared store (the panel, tests) */
  limit(bucket: string, limitScope?: string): Promise<LimitView | undefined>
  /** the state the description keeps per connection (Shopify's learned query costs) */
  state<S>(): S
  stats: HttpStats
  /** the same client, its calls under another abort signal (a job's) */
  withSignal(signal: AbortSignal | undefined): HttpClient
  /** calls of this client are probes: they go out even while the breaker is open (test connection) */
  asProbe(): HttpClient
}

const STREAM = Symbol('stream')
const NO_AUTH = Symbol('noAuth')
type Internal = RequestOptions & { [STREAM]?: boolean; [NO_AUTH]?: boolean }

export function createHttpClient(c: ConnectionHttp, deps: RuntimeDeps, log: Logger): HttpClient {
  const stats: HttpStats = { requests: 0, retries: 0, rateLimited: 0, authExchanges: 0 }
  const breakers = new Map<string, Breaker>()
  const breakerFor = (origin: string) => {
    let b = breakers.get(origin)
    if (!b) {
      b = new Breaker(
        deps.breakers,
        { tenantId: c.tenantId, connectionId: c.connectionId, scope: origin },
        deps.breakerPolicy,
      )
      breakers.set(origin, b)
    }
    return b
  }
  const limitRef = (bucket: string, scope: string | undefined) => ({
    tenantId: c.tenantId,
    key: [c.limitAccount, scope ?? '', bucket].join('|'),
  })
  // one exchange at a time per connection, under its own deadline (not a caller's signal)
  const token = c.exchange
    ? new TokenCache(
        (signal) => c.exchange!((opts) => request({ ...opts, signal, [NO_AUTH]: true } as Internal)),
        deps.transport.options.totalTimeoutMs,
      )
    : undefined
  const syncExchanges = () => {
    stats.authExchanges = token?.exchanges ?? 0
  }

  function handle(bucket: string, opts: RequestOptions, last: TakeResult | undefined): LimitHandle {
    const spec = c.limits.buckets[bucket]
    return {
      name: bucket,
      spec,
      last,
      correct: async (k) => {
        if (spec) await deps.limits.correct(limitRef(bucket, opts.limitScope), spec, k)
      },
    }
  }

  async function authorize(
    opts: Internal,
    origin: string,
    signal: AbortSignal | undefined,
  ): Promise<AxiosRequestConfig> {
    const own = c.apiOrigins.has(origin) && !opts[NO_AUTH]
    const req: RequestOptions = { ...opts, headers: { ...(own ? c.headers : {}), ...(opts.headers as object) } }
    if (!own) return req
    const bought = token ? await token.get(signal) : undefined
    syncExchanges()
    c.authorize?.(req, bought)
    return req
  }

  async function attempt<T>(opts: Internal, probe: boolean): Promise<AxiosResponse<T>> {
    const bucket = opts.bucket ?? 'default'
    const signal = opts.signal as AbortSignal | undefined
    const url = deps.transport.urlOf({ baseURL: c.baseURL, ...opts })
    const breaker = breakerFor(url.origin)
    const admission: Admission = await breaker.admit(probe)
    if (admission.kind === 'reject') throw breaker.rejection(admission.retryAfterMs)
    let sent = false
    try {
      const spec = c.limits.buckets[bucket]
      const last = spec
        ? await acquire(deps.limits, limitRef(bucket, opts.limitScope), spec, opts.cost ?? 1, {
            maxWaitMs: deps.maxLimitWaitMs,
            signal,
          })
        : undefined
      const config = await authorize(opts, url.origin, signal)
      const started = performance.now()
      stats.requests++
      sent = true
      const res = await deps.transport.send<T>(
        { baseURL: c.baseURL, ...config },
        { stream: Boolean(opts[STREAM]), ...(opts.totalTimeoutMs ? { totalTimeoutMs: opts.totalTimeoutMs } : {}) },
      )
      const io: ResponseIO = { limit: handle(bucket, opts, last), state: c.state, request: opts }
      await c.onResponse?.(res, io)
      log.debug(
        {
          method: opts.method ?? 'get',
          url: redactUrl(url.href),
          status: res.status,
          ms: Math.round(performance.now() - started),
        },
        'http',
      )
      const failure = classifyResponse(res, deps.transport.exposesBody(url))
      if (failure) throw failure
      c.inspect?.(res, io)
      await breaker.record('success', admission)
      return res
    } catch (err) {
      if (!(err instanceof CrossdockError)) {
        if (!sent) await breaker.release(admission)
        throw err
      }
      if (!sent) await breaker.release(admission)
      else await breaker.record(countsAsFailure(err) ? 'failure' : 'success', admission, err.code)
      if (sent && err.code !== 'CONNECTOR_RATE_LIMITED')
        log.warn({ method: opts.method, url: redactUrl(url.href), code: err.code }, 'http request failed')
      throw err
    }
  }

  async function once<T>(opts: Internal, probe: boolean, reauthorized: boolean): Promise<AxiosResponse<T>> {
    try {
      return await attempt<T>(opts, probe)
    } catch (err) {
      if (!(err instanceof CrossdockError)) throw err
      if (err.code === 'CONNECTOR_AUTH_FAILED' && !reauthorized && token && !opts[NO_AUTH] && c.isTokenExpired?.(err)) {
        token.invalidate()
        return once<T>(opts, probe, true)
      }
      if (err.code === 'CONNECTOR_RATE_LIMITED' && !err.details?.local) {
        stats.rateLimited++
        // everyone on this bucket waits, in every process, not just this call
        await handle(opts.bucket ?? 'default', opts, undefined).correct({
          pauseMs: (err.retryAfterSeconds ?? 1) * 1000,
        })
      }
      throw err
    }
  }

  async function request<T>(opts: Internal, probe = false): Promise<AxiosResponse<T>> {
    const signal = opts.signal as AbortSignal | undefined
    try {
      return await pRetry(
        async () => {
          try {
            return await once<T>(opts, probe, false)
          } catch (err) {
            const e = err instanceof CrossdockError ? err : undefined
            if (!e) throw new AbortError(err as Error)
            const waitTooLong = (e.retryAfterSeconds ?? 0) * 1000 > deps.maxLimitWaitMs
            if (!e.retryable || opts.retry === false || e.code === 'CIRCUIT_OPEN' || e.details?.local || waitTooLong)
              throw new AbortError(e)
            throw e
          }
        },
        {
          retries: c.retries,
          minTimeout: c.minBackoffMs,
          maxTimeout: c.maxBackoffMs,
          factor: 2,
          randomize: true,
          ...(signal ? { signal } : {}),
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
            stats.retries++
            const e = error as CrossdockError
            log.info(
              { url: redactUrl(String(opts.url ?? '')), attempt: attemptNumber, retriesLeft, code: e.code },
              'retrying remote call',
            )
            // a 5xx with Retry-After: wait what the remote asked (429s wait on the shared bucket instead)
            if (e.code !== 'CONNECTOR_RATE_LIMITED' && e.retryAfterSeconds && retriesLeft > 0)
              await sleep(e.retryAfterSeconds * 1000, undefined, signal ? { signal } : undefined)
          },
        },
      )
    } catch (err) {
      // only a transport failure is the remote's; anything else (the database behind the shared
      // state, an abort) goes up as it is
      if (err instanceof AxiosError) throw classifyError(err)
      throw err
    }
  }

  function view(signal: AbortSignal | undefined, probe: boolean): HttpClient {
    const withDefaults = (opts: RequestOptions): Internal => (signal && !opts.signal ? { ...opts, signal } : opts)
    const req = <T>(opts: RequestOptions) => request<T>(withDefaults(opts), probe)
    return {
      request: req,
      get: (url, opts) => req({ ...opts, method: 'GET', url }),
      post: (url, data, opts) => req({ ...opts, method: 'POST', url, data }),
      put: (url, data, opts) => req({ ...opts, method: 'PUT', url, data }),
      patch: (url, data, opts) => req({ ...opts, method: 'PATCH', url, data }),
      delete: (url, opts) => req({ ...opts, method: 'DELETE', url }),
      lines: (opts) => lines(withDefaults(opts)),
      acquire: async (bucket, o = {}) => {
        const spec = c.limits.buckets[bucket]
        if (!spec) return
        await acquire(deps.limits, limitRef(bucket, o.limitScope), spec, o.cost ?? 1, {
          maxWaitMs: deps.maxLimitWaitMs,
          signal,
        })
      },
      limit: (bucket, scope) => deps.limits.peek(limitRef(bucket, scope)),
      state: <S>() => c.state as S,
      stats,
      withSignal: (s) => view(s, probe),
      asProbe: () => view(signal, true),
    }
  }

  async function* lines(opts: Internal): AsyncGenerator<string> {
    const res = await request<NodeJS.ReadableStream>({ ...opts, [STREAM]: true })
    const decoder = new StringDecoder('utf8')
    const maxLine = deps.transport.options.maxResponseBytes
    let buf = ''
    try {
      for await (const chunk of res.data as AsyncIterable<Buffer>) {
        buf += decoder.write(chunk)
        let nl: number
        while ((nl = buf.indexOf('\n')) >= 0) {
          yield buf.slice(0, nl).replace(/\r$/, '')
          buf = buf.slice(nl + 1)
        }
        if (buf.length > maxLine)
          throw new CrossdockError(
            'CONNECTOR_RESPONSE_TOO_LARGE',
            `a line of the document is longer than ${maxLine} bytes`,
          )
      }
    } catch (err) {
      ;(res.data as { destroy?: () => void }).destroy?.()
      throw streamError(err, opts.signal as AbortSignal | undefined, deps.transport.options)
    }
    buf += decoder.end()
    if (buf) yield buf
  }

  return view(undefined, false)
}
