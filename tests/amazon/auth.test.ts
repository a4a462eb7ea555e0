// Login with Amazon against the sandbox over HTTP: both body encodings, the errors real clients
// meet, one token exchange for many calls, and a refresh when SP-API says the token expired.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amazonConnector } from '../../src/connectors/amazon/index.ts'
import { spApiFor } from '../../src/connectors/amazon/client.ts'
import { SANDBOX_DEFAULTS } from '../../src/sandbox/amazon/index.ts'
import { collect, contextFor, startSandbox, type Sandbox, DE, JP, US } from './helpers.ts'

let sb: Sandbox
beforeAll(async () => {
  sb = await startSandbox()
})
afterAll(async () => {
  await sb.close()
})

const app = SANDBOX_DEFAULTS.app
const grant = {
  grant_type: 'refresh_token',
  refresh_token: app.refreshToken,
  client_id: app.clientId,
  client_secret: app.clientSecret,
}

describe('the LWA token endpoint', () => {
  it("accepts a form body (LWA docs) and a JSON body (Amazon's Java SDK)", async () => {
    const form = await fetch(`${sb.url}/auth/o2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(grant).toString(),
    })
    const json = await fetch(`${sb.url}/auth/o2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(grant),
    })
    for (const res of [form, json]) {
      expect(res.status).toBe(200)
      const body = (await res.json()) as Record<string, unknown>
      expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 })
      expect(String(body.access_token)).toMatch(/^Atza\|/)
    }
  })

  it.each([
    [{ ...grant, refresh_token: 'Atzr|revoked' }, 400, 'invalid_grant'],
    [{ ...grant, client_secret: 'old-secret' }, 401, 'invalid_client'],
    [{ ...grant, grant_type: 'password' }, 400, 'unsupported_grant_type'],
  ])('refuses %j with %i %s', async (body, status, error) => {
    const res = await fetch(`${sb.url}/auth/o2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    })
    expect(res.status).toBe(status)
    expect(await res.json()).toMatchObject({ error })
  })

  it('SP-API refuses a call without a token or with a made-up one', async () => {
    const none = await fetch(`${sb.url}/sellers/v1/marketplaceParticipations`)
    expect(none.status).toBe(403)
    expect(await none.json()).toMatchObject({ errors: [{ code: 'MissingAuthenticationToken' }] })
    const bad = await fetch(`${sb.url}/sellers/v1/marketplaceParticipations`, {
      headers: { 'x-amz-access-token': 'Atza|nope' },
    })
    expect(bad.status).toBe(403)
    expect(bad.headers.get('x-amzn-requestid')).toBeTruthy()
  })
})

describe("the connector's token handling", () => {
  it('exchanges the refresh token once for many calls in several regions', async () => {
    const ctx = contextFor(sb, { marketplaceIds: [US, DE, JP] })
    const before = sb.state.lwaExchanges
    const r = await amazonConnector.testConnection(ctx)
    expect(r).toMatchObject({ ok: true })
    expect(r.message).toContain('US, DE, JP')
    await collect(amazonConnector.pull!(ctx, 'locations', null))
    await amazonConnector.testConnection(ctx)
    expect(sb.state.lwaExchanges - before).toBe(1)
    expect(spApiFor(ctx).stats().authExchanges).toBe(1)
  })

  it('refreshes once when SP-API says the token has expired, and the call succeeds', async () => {
    const ctx = contextFor(sb)
    expect((await amazonConnector.testConnection(ctx)).ok).toBe(true)
    sb.control.expireTokens()
    const callsBefore = sb.state.requests.getMarketplaceParticipations ?? 0
    const r = await amazonConnector.testConnection(ctx)
    expect(r.ok).toBe(true)
    expect(spApiFor(ctx).stats().authExchanges).toBe(2)
    // the refused call and its repetition both reached the sandbox
    expect((sb.state.requests.getMarketplaceParticipations ?? 0) - callsBefore).toBe(2)
  })

  it('says plainly when LWA refuses the refresh token', async () => {
    const ctx = contextFor(sb, {}, { refreshToken: 'Atzr|revoked' })
    const r = await amazonConnector.testConnection(ctx)
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/Login with Amazon refused.*invalid_grant.*refresh token/)
    expect(r.message).not.toContain('Atzr|revoked')
    // the error and its description, as LWA said them (it once read "400 [object Object]")
    expect(r.message).toContain('400 invalid_grant: The request has an invalid grant parameter : refresh_token')
    expect(r.message).not.toContain('[object Object]')
  })

  it('says which marketplace the seller does not sell in', async () => {
    const narrow = await startSandbox({ marketplaceIds: [US] })
    try {
      const r = await amazonConnector.testConnection(contextFor(narrow, { marketplaceIds: [US, DE] }))
      expect(r).toMatchObject({ ok: false })
      expect(r.message).toContain(`DE (${DE})`)
    } finally {
      await narrow.close()
    }
  })
})
