// One classification of remote failures for every connector: retryable (network, timeouts,
// 429, 5xx) or permanent (validation, other 4xx). Connectors may refine it (a GraphQL THROTTLED
// error arrives as HTTP 200) through the client's `inspect` hook, which throws the same errors.
import { AxiosError, type AxiosResponse } from 'axios'
import { CrossdockError } from '../../errors.ts'

/** Retry-After as seconds (delta-seconds or HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined
  const n = Number(header)
  if (Number.isFinite(n)) return Math.max(0, n)
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000)
}

function summarize(data: unknown): string {
  if (data == null) return ''
  const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : JSON.stringify(data)
  return text.length > 500 ? text.slice(0, 500) + '…' : text
}

export function classifyResponse(res: AxiosResponse): CrossdockError | undefined {
  const s = res.status
  if (s < 400) return undefined
  // body: a short text for logs and the panel; data: the parsed body, for connectors that read field errors
  const details = { status: s, body: summarize(res.data), data: res.data as unknown, url: res.config?.url }
  if (s === 429) {
    return new CrossdockError('CONNECTOR_RATE_LIMITED', `rate limited (429) by ${res.config?.url ?? 'remote'}`, {
      details,
      retryAfterSeconds: retryAfterSeconds(res.headers?.['retry-after']),
    })
  }
  if (s === 408) return new CrossdockError('CONNECTOR_TIMEOUT', 'remote answered 408', { details })
  if (s >= 500) {
    return new CrossdockError('CONNECTOR_UNAVAILABLE', `remote answered ${s}`, {
      details,
      retryAfterSeconds: retryAfterSeconds(res.headers?.['retry-after']),
    })
  }
  if (s === 401 || s === 403)
    return new CrossdockError('CONNECTOR_AUTH_FAILED', `remote refused credentials (${s})`, { details })
  if (s === 404) return new CrossdockError('CONNECTOR_NOT_FOUND', 'remote record not found (404)', { details })
  if (s === 409) return new CrossdockError('CONNECTOR_CONFLICT', 'remote reported a conflict (409)', { details })
  return new CrossdockError('CONNECTOR_REJECTED', `remote rejected the request (${s})`, { details })
}

export function classifyError(err: unknown): CrossdockError {
  if (err instanceof CrossdockError) return err
  if (err instanceof AxiosError) {
    if (err.response)
      return classifyResponse(err.response) ?? new CrossdockError('CONNECTOR_BAD_RESPONSE', err.message, { cause: err })
    if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT' || /timeout/i.test(err.message)) {
      return new CrossdockError('CONNECTOR_TIMEOUT', `no answer in time: ${err.message}`, { cause: err })
    }
    return new CrossdockError('CONNECTOR_NETWORK', `network error: ${err.code ?? err.message}`, { cause: err })
  }
  if (err instanceof Error && err.name === 'AbortError') throw err
  const message = err instanceof Error ? err.message : String(err)
  return new CrossdockError('CONNECTOR_NETWORK', message, { cause: err })
}
