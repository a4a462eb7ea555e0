// Login with Amazon: the refresh token (with the app's client id and secret) buys an access token
// that lives one hour [facts §1]. This is the description's token exchange: the runtime caches the
// token until shortly before it expires, runs one exchange however many calls want it at once
// (under its own deadline, not a caller's abort signal), and exchanges again once when SP-API says
// the token has expired.
// Body: application/x-www-form-urlencoded as in the LWA docs (Amazon's Java SDK sends JSON; the
// sandbox accepts both). Errors: {error, error_description} with invalid_grant (revoked or wrong
// refresh token) and invalid_client (bad id or unrotated secret) the usual ones [facts §1].
import type { AxiosResponse } from 'axios'
import { CrossdockError } from '../../errors.ts'
import { remoteResponse, shortReason } from '../http/classify.ts'
import type { RequestOptions } from '../http/client.ts'
import type { ExchangedToken } from '../http/token.ts'

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

export async function exchangeLwaToken(
  send: <T>(opts: RequestOptions) => Promise<AxiosResponse<T>>,
  tokenUrl: string,
  creds: LwaCredentials,
): Promise<ExchangedToken> {
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: creds.refreshToken,
    client_id: creds.clientId,
    client_secret: creds.clientSecret,
  }).toString()
  let data: LwaTokenResponse
  try {
    const res = await send<LwaTokenResponse>({
      method: 'POST',
      url: tokenUrl,
      data: body,
      bucket: 'lwa',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
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
  return { token: data.access_token, expiresInSeconds: data.expires_in }
}

/** LWA's {error, error_description} out of a refused exchange (the body may be parsed or text). */
function lwaFields(err: unknown): { error: string; description: string } {
  let body = remoteResponse(err)?.data
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      body = JSON.parse(String(body))
    } catch {
      body = undefined
    }
  }
  const b = (body ?? {}) as { error?: unknown; error_description?: unknown }
  return {
    error: typeof b.error === 'string' ? shortReason(b.error, 64) : '',
    description: typeof b.error_description === 'string' ? shortReason(b.error_description) : '',
  }
}

export function lwaError(err: unknown): unknown {
  if (!(err instanceof CrossdockError)) return err
  if (err.code !== 'CONNECTOR_REJECTED' && err.code !== 'CONNECTOR_AUTH_FAILED') return err
  const { error, description } = lwaFields(err)
  const status = err.details?.status
  const why =
    error === 'invalid_grant'
      ? 'the refresh token is revoked, expired or not for this app'
      : error === 'invalid_client'
        ? 'the client id or secret is wrong (LWA secrets must be rotated every 180 days)'
        : 'the credentials were refused'
  const said = [status, error].filter(Boolean).join(' ') + (description ? `: ${description}` : '')
  return new CrossdockError('CONNECTOR_AUTH_FAILED', `Login with Amazon refused the token request (${said}); ${why}`, {
    details: { source: 'lwa', status, error, description },
  })
}
