// Login with Amazon: the refresh token (with the app's client id and secret) buys an access token
// that lives one hour [facts §1]; it is cached until shortly before it expires, shared by every
// call of the connection, fetched once however many calls want it at the same moment, and thrown
// away when SP-API says it has expired (the client then asks again, once).
// Body: application/x-www-form-urlencoded as in the LWA docs (Amazon's Java SDK sends JSON; the
// sandbox accepts both). Errors: {error, error_description} with invalid_grant (revoked or wrong
// refresh token) and invalid_client (bad id or unrotated secret) the usual ones [facts §1].
import { CrossdockError } from '../../errors.ts'
import type { HttpClient } from '../http/client.ts'

export interface LwaCredentials {
  clientId: string
  clientSecret: string
  refreshToken: string
}

interface LwaTokenResponse {
  access_token: string
  token_type: string
  expires_in: number
}

/** Refresh this long before Amazon's expiry, so a token never dies in flight. */
export const EARLY_REFRESH_MS = 60_000

export class LwaAuth {
  private cached: { token: string; expiresAt: number } | undefined
  private inflight: Promise<string> | undefined
  /** token exchanges done (for tests and benchmarks) */
  exchanges = 0

  constructor(
    private readonly http: HttpClient,
    private readonly creds: LwaCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  async token(signal?: AbortSignal): Promise<string> {
    if (this.cached && this.cached.expiresAt - EARLY_REFRESH_MS > this.now()) return this.cached.token
    this.inflight ??= this.exchange(signal).finally(() => {
      this.inflight = undefined
    })
    return this.inflight
  }

  /** SP-API refused the token: forget it (only if it is still the one we hold). */
  invalidate(token?: string): void {
    if (!token || this.cached?.token === token) this.cached = undefined
  }

  private async exchange(signal?: AbortSignal): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: this.creds.refreshToken,
      client_id: this.creds.clientId,
      client_secret: this.creds.clientSecret,
    }).toString()
    this.exchanges++
    const started = this.now()
    let data: LwaTokenResponse
    try {
      const res = await this.http.post<LwaTokenResponse>('', body, {
        bucket: 'lwa',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        ...(signal ? { signal } : {}),
      })
      data = res.data
    } catch (err) {
      throw lwaError(err)
    }
    if (!data || typeof data.access_token !== 'string' || typeof data.expires_in !== 'number') {
      throw new CrossdockError('CONNECTOR_BAD_RESPONSE', 'Login with Amazon answered without an access token', {
        details: { source: 'lwa' },
      })
    }
    this.cached = { token: data.access_token, expiresAt: started + data.expires_in * 1000 }
    return data.access_token
  }
}

function lwaError(err: unknown): unknown {
  if (!(err instanceof CrossdockError)) return err
  if (err.code !== 'CONNECTOR_REJECTED' && err.code !== 'CONNECTOR_AUTH_FAILED') return err
  let error = ''
  let description = ''
  try {
    const parsed = JSON.parse(String(err.details?.body ?? '')) as { error?: string; error_description?: string }
    error = parsed.error ?? ''
    description = parsed.error_description ?? ''
  } catch {}
  const status = err.details?.status
  const why =
    error === 'invalid_grant'
      ? 'the refresh token is revoked, expired or not for this app'
      : error === 'invalid_client'
        ? 'the client id or secret is wrong (LWA secrets must be rotated every 180 days)'
        : 'the credentials were refused'
  return new CrossdockError(
    'CONNECTOR_AUTH_FAILED',
    `Login with Amazon refused the token request (${status}${error ? ` ${error}` : ''}): ${why}`,
    {
      details: { source: 'lwa', status, error, description },
    },
  )
}
