// The one HTTP client every connector uses: axios per connection, paced by the connector's
// declared limits (and corrected by response headers), retried with backoff and jitter that
// honours Retry-After, behind a per-connection circuit breaker, logged with secrets redacted.
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios'
import pRetry, { AbortError } from 'p-retry'
import type { Logger } from 'pino'
import { CrossdockError } from '../../errors.ts'
import { breakerFor, type BreakerOptions, type BreakerState } from './breaker.ts'
import { classifyError, classifyResponse } from './classify.ts'
import { RateLimiter, type RateLimitSpec } from './limiter.ts'

export interface RequestOptions extends AxiosRequestConfig {
  /** which declared limit this call draws from (Amazon: the operation name) */
  bucket?: string
  /** tokens it costs (Shopify: the query's requested cost) */
  cost?: number
  /** set false for a call that must not be repeated blindly */
  retry?: boolean
}

export interface HttpClientOptions {
  baseURL: string
  limits: RateLimitSpec
  log: Logger
  /** breaker key, usually the connection id; several clients for one connection share it */
  breakerKey: string
  breaker?: BreakerOptions
  headers?: Record<string, string>
  timeoutMs?: number
  retries?: number
  /** base backoff in ms (doubles per attempt, with jitter) */
  minBackoffMs?: number
  maxBackoffMs?: number
  /** read rate-limit headers or bodies and correct the limiter (called on every response) */
  onResponse?: (res: AxiosResponse, limiter: RateLimiter, bucket: string) => void
  /** turn a 2xx that is really a failure into an error (GraphQL THROTTLED); throw CrossdockError */
  inspect?: (res: AxiosResponse, limiter: RateLimiter, bucket: string) => void
  /** add per-request auth (fetch or refresh a token); called before every attempt */
  authorize?: (config: RequestOptions) => Promise<void> | void
  /** one chance to recover from a 401/403 (refresh an expired token), then the attempt is repeated once */
  onAuthFailure?: (err: CrossdockError) => Promise<boolean>
}

export interface HttpClient {
  request<T = any>(opts: RequestOptions): Promise<AxiosResponse<T>>
  get<T = any>(url: string, opts?: RequestOptions): Promise<AxiosResponse<T>>
  post<T = any>(url: string, data?: unknown, opts?: RequestOptions): Promise<AxiosResponse<T>>
  put<T = any>(url: string, data?: unknown, opts?: RequestOptions): Promise<AxiosResponse<T>>
  patch<T = any>(url: string, data?: unknown, opts?: RequestOptions): Promise<AxiosResponse<T>>
  delete<T = any>(url: string, opts?: RequestOptions): Promise<AxiosResponse<T>>
  limiter: RateLimiter
  breakerState(): BreakerState
  /** calls actually sent over the wire (attempts, retries included), for benchmarks */
  stats: { requests: number; retries: number; rateLimited: number }
  axios: AxiosInstance
}

const SENSITIVE_QUERY = /([?&](?:access_token|token|secret|signature|key|password|client_secret|refresh_token)=)[^&]*/gi

export function redactUrl(url: string): string {
  return url.replace(SENSITIVE_QUERY, '$1[REDACTED]')
}

export function createHttpClient(o: HttpClientOptions): HttpClient {
  const instance = axios.create({
    baseURL: o.baseURL,
    timeout: o.timeoutMs ?? 30_000,
    headers: o.headers,
    validateStatus: () => true,
    // our own transport errors are classified; do not let axios transform bodies we sign
    maxRedirects: 0,
  })
  const limiter = new RateLimiter(o.limits)
  const breaker = breakerFor(o.breakerKey, o.breaker)
  const stats = { requests: 0, retries: 0, rateLimited: 0 }
  const retries = o.retries ?? 5
  const minBackoff = o.minBackoffMs ?? 250
  const maxBackoff = o.maxBackoffMs ?? 30_000

  async function attempt<T>(opts: RequestOptions, bucket: string): Promise<AxiosResponse<T>> {
    await limiter.get(bucket).acquire(opts.cost ?? 1, opts.signal as AbortSignal | undefined)
    await o.authorize?.(opts)
    const started = performance.now()
    stats.requests++
    let res: AxiosResponse<T>
    try {
      res = await instance.request<T>(opts)
    } catch (err) {
      const e = classifyError(err)
      o.log.warn(
        {
          method: opts.method,
          url: redactUrl(String(opts.url ?? '')),
          code: e.code,
          ms: Math.round(performance.now() - started),
        },
        'http request failed',
      )
      throw e
    }
    o.onResponse?.(res, limiter, bucket)
    o.log.debug(
      {
        method: opts.method ?? 'get',
        url: redactUrl(String(opts.url ?? '')),
        status: res.status,
        ms: Math.round(performance.now() - started),
      },
      'http',
    )
    const failure = classifyResponse(res)
    if (failure) throw failure
    o.inspect?.(res, limiter, bucket)
    return res
  }

  async function request<T>(opts: RequestOptions): Promise<AxiosResponse<T>> {
    const bucket = opts.bucket ?? 'default'
    let reauthorized = false
    const once = async (): Promise<AxiosResponse<T>> => {
      try {
        return await breaker.call(() => attempt<T>(opts, bucket))
      } catch (err) {
        const e = err instanceof CrossdockError ? err : classifyError(err)
        if (e.code === 'CONNECTOR_AUTH_FAILED' && !reauthorized && o.onAuthFailure) {
          reauthorized = true
          if (await o.onAuthFailure(e)) return once()
        }
        if (e.code === 'CONNECTOR_RATE_LIMITED') {
          stats.rateLimited++
          // everyone on this bucket waits, not just this call
          limiter.get(bucket).pause((e.retryAfterSeconds ?? 1) * 1000)
        } else if (e.retryAfterSeconds !== undefined) {
          limiter.get(bucket).pause(e.retryAfterSeconds * 1000)
        }
        if (!e.retryable || opts.retry === false || e.code === 'CIRCUIT_OPEN') throw new AbortError(e)
        throw e
      }
    }
    try {
      return await pRetry(once, {
        retries,
        minTimeout: minBackoff,
        maxTimeout: maxBackoff,
        factor: 2,
        randomize: true,
        signal: opts.signal as AbortSignal | undefined,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          stats.retries++
          o.log.info(
            {
              url: redactUrl(String(opts.url ?? '')),
              attempt: attemptNumber,
              retriesLeft,
              code: (error as CrossdockError).code,
            },
            'retrying remote call',
          )
        },
      })
    } catch (err) {
      throw err instanceof CrossdockError ? err : classifyError(err)
    }
  }

  return {
    request,
    get: (url, opts) => request({ ...opts, method: 'GET', url }),
    post: (url, data, opts) => request({ ...opts, method: 'POST', url, data }),
    put: (url, data, opts) => request({ ...opts, method: 'PUT', url, data }),
    patch: (url, data, opts) => request({ ...opts, method: 'PATCH', url, data }),
    delete: (url, opts) => request({ ...opts, method: 'DELETE', url }),
    limiter,
    breakerState: breaker.state,
    stats,
    axios: instance,
  }
}
