// One classification of remote failures for every connector: retryable (network, timeouts,
// 429, 5xx) or permanent (validation, other 4xx). Connectors may refine it (a GraphQL THROTTLED
// error arrives as HTTP 200) through their description's `inspect` hook, which throws the same
// errors.
//
// What a tenant sees: the status and a short reason, never the remote's body (issue 12.1: a body
// read back through an error message is how an SSRF answer leaks). The body is in `details.body`
// only for hosts the operator allow-listed (an on-premises ERP the seller owns). Connectors that
// read a known error shape (Amazon's errors[], LWA's error_description) get the parsed answer
// from `remoteResponse(err)`, which is not serialized nor logged, and pick the fields they trust.
import { AxiosError, type AxiosResponse } from 'axios'
import { CrossdockError } from '../../errors.ts'
import { redactUrl } from './redact.ts'

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
  return text.length > 300 ? text.slice(0, 300) + '…' : text
}

export interface RemoteResponse {
  status: number
  headers: Record<string, unknown>
  /** the parsed body (JSON) or its text */
  data: unknown
}

const REMOTE = Symbol('remoteResponse')

/** The remote's answer behind a failed call, for the connector's own parsing (never shown as is). */
export function remoteResponse(err: unknown): RemoteResponse | undefined {
  return err instanceof CrossdockError ? (err as unknown as { [REMOTE]?: RemoteResponse })[REMOTE] : undefined
}

/** The answer's body as text (for connectors that parse JSON or XML error shapes). */
export function remoteText(err: unknown): string {
  const d = remoteResponse(err)?.data
  if (d == null) return ''
  return typeof d === 'string' ? d : Buffer.isBuffer(d) ? d.toString('utf8') : JSON.stringify(d)
}

/** A remote's own words reduced to one short line: no control characters, at most `max` characters. */
export function shortReason(text: unknown, max = 200): string {
  const s = String(text ?? '')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what goes
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return s.length > max ? `${s.slice(0, max)}…` : s
}

function attach(err: CrossdockError, res: AxiosResponse): CrossdockError {
  const remote: RemoteResponse = { status: res.status, headers: { ...(res.headers ?? {}) }, data: res.data }
  Object.defineProperty(err, REMOTE, { value: remote, enumerable: false })
  return err
}

function where(res: AxiosResponse): string {
  const url = res.config?.url ?? ''
  try {
    const u = new URL(url, res.config?.baseURL)
    return `${u.host}${redactUrl(u.pathname)}`
  } catch {
    return redactUrl(url)
  }
}

/**
 * The error a non-2xx answer means, or undefined for a success. `exposeBody`: the host is on the
 * operator's allow-list, so its body may be shown (300 characters).
 */
export function classifyResponse(res: AxiosResponse, exposeBody = false): CrossdockError | undefined {
  const s = res.status
  if (s < 300) return undefined
  const details: Record<string, unknown> = { status: s, url: where(res) }
  if (exposeBody) details.body = summarize(res.data)
  const retryAfter = retryAfterSeconds(res.headers?.['retry-after'])
  const make = (code: ConstructorParameters<typeof CrossdockError>[0], message: string, retry = false) =>
    attach(
      new CrossdockError(code, message, {
        details,
        ...(retry && retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
      }),
      res,
    )
  if (s < 400) return make('CONNECTOR_BAD_RESPONSE', `remote answered a redirect (${s}); redirects are not followed`)
  if (s === 429) return make('CONNECTOR_RATE_LIMITED', `rate limited (429) by ${details.url}`, true)
  if (s === 408) return make('CONNECTOR_TIMEOUT', 'remote answered 408')
  if (s >= 500) return make('CONNECTOR_UNAVAILABLE', `remote answered ${s}`, true)
  if (s === 401 || s === 403) return make('CONNECTOR_AUTH_FAILED', `remote refused credentials (${s})`)
  if (s === 404) return make('CONNECTOR_NOT_FOUND', 'remote record not found (404)')
  if (s === 409) return make('CONNECTOR_CONFLICT', 'remote reported a conflict (409)')
  return make('CONNECTOR_REJECTED', `remote rejected the request (${s})`)
}

/** Transport failures: no answer, a cut answer, an answer past the size cap. */
export function classifyError(err: unknown, exposeBody = false): CrossdockError {
  if (err instanceof CrossdockError) return err
  if (err instanceof AxiosError) {
    const cause = (err as { cause?: unknown }).cause
    if (cause instanceof CrossdockError) return cause
    if (err.response)
      return classifyResponse(err.response, exposeBody) ?? new CrossdockError('CONNECTOR_BAD_RESPONSE', err.message)
    if (/maxContentLength size of (\d+) exceeded/.test(err.message)) {
      const cap = Number(/(\d+)/.exec(err.message)![1])
      return new CrossdockError(
        'CONNECTOR_RESPONSE_TOO_LARGE',
        `the answer is larger than ${cap} bytes; it was cut off`,
        {
          details: { maxBytes: cap },
        },
      )
    }
    if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT' || /timeout/i.test(err.message)) {
      return new CrossdockError('CONNECTOR_TIMEOUT', `no answer in time: ${err.message}`)
    }
    return new CrossdockError('CONNECTOR_NETWORK', `network error: ${err.code ?? err.message}`)
  }
  const message = err instanceof Error ? err.message : String(err)
  return new CrossdockError('CONNECTOR_NETWORK', message)
}
