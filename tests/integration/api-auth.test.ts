// Sign-in, sessions, CSRF, roles and API tokens, against a real hub over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOGIN_ATTEMPTS_PER_MINUTE } from '../../src/server/auth-routes.ts'
import { extraToken, tenantWithToken, type ApiCaller } from '../support/api.ts'
import { startTestHub, type TestHub } from '../support/hub.ts'
import { toyConnector } from '../support/toy-connector.ts'

describe('sign-in, roles and tokens', () => {
  let hub: TestHub
  beforeAll(async () => {
    hub = await startTestHub({ connectors: [toyConnector] })
  })
  afterAll(async () => {
    await hub?.close()
  })

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${hub.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })

  it('first-run setup creates the first tenant and owner once, then refuses', async () => {
    expect(await (await fetch(`${hub.url}/auth/setup-needed`)).json()).toEqual({ setupNeeded: true })
    const bad = await post('/auth/setup', { tenantName: 'Acme', email: 'a@acme.test', password: 'short' })
    expect(bad.status).toBe(400)
    const ok = await post('/auth/setup', {
      tenantName: 'Acme',
      baseCurrency: 'EUR',
      timeZone: 'Europe/Berlin',
      email: 'owner@acme.test',
      password: 'correct horse battery',
    })
    expect(ok.status).toBe(201)
    const again = await post('/auth/setup', {
      tenantName: 'Evil',
      email: 'evil@x.test',
      password: 'correct horse battery',
    })
    expect(again.status).toBe(409)
    const row = await hub.services.db('users').where({ email: 'owner@acme.test' }).first()
    expect(row.password_hash).toMatch(/^scrypt\$/)
    expect(row.password_hash).not.toContain('correct horse')
  })

  it('a session cookie is httpOnly and SameSite, and unsafe calls need the CSRF token', async () => {
    const res = await post('/auth/login', { email: 'owner@acme.test', password: 'correct horse battery' })
    expect(res.status).toBe(200)
    const { csrfToken } = await res.json()
    const cookies = res.headers.getSetCookie()
    const session = cookies.find((c) => c.startsWith('crossdock_session='))!
    expect(session).toMatch(/HttpOnly/i)
    expect(session).toMatch(/SameSite=Strict/i)
    const jar = cookies.map((c) => c.split(';')[0]).join('; ')
    const me = await fetch(`${hub.url}/api/v1/me`, { headers: { cookie: jar } })
    expect(me.status).toBe(200)
    expect((await me.json()).tenant.name).toBe('Acme')
    const body = JSON.stringify({ name: 't1', role: 'viewer' })
    const noCsrf = await fetch(`${hub.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { cookie: jar, 'content-type': 'application/json' },
      body,
    })
    expect(noCsrf.status).toBe(403)
    expect((await noCsrf.json()).error.details).toEqual({ csrf: true })
    const withCsrf = await fetch(`${hub.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { cookie: jar, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body,
    })
    expect(withCsrf.status).toBe(201)
    const logout = await fetch(`${hub.url}/auth/logout`, { method: 'POST', headers: { cookie: jar } })
    expect(logout.status).toBe(200)
    expect((await fetch(`${hub.url}/api/v1/me`, { headers: { cookie: jar } })).status).toBe(401)
  })

  it('security headers are set', async () => {
    const r = await fetch(`${hub.url}/healthz`)
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(r.headers.get('x-frame-options')).toBeTruthy()
  })

  it('login attempts are rate-limited per address and email', async () => {
    let last = 0
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE + 1; i++) {
      last = (await post('/auth/login', { email: 'victim@acme.test', password: `guess-${i}` })).status
    }
    expect(last).toBe(429)
    // another account from the same address is not locked out by it
    expect((await post('/auth/login', { email: 'owner@acme.test', password: 'correct horse battery' })).status).toBe(
      200,
    )
  })

  describe('tokens and roles', () => {
    let owner: ApiCaller
    beforeAll(async () => {
      owner = await tenantWithToken(hub)
    })

    it('a token is shown once, stored hashed, usable, and revocable', async () => {
      const created = await owner.call('POST', '/tokens', { name: 'ci', role: 'ops' })
      expect(created.status).toBe(201)
      const token: string = created.body.token
      expect(token).toMatch(/^cdk_/)
      const list = await owner.call('GET', '/tokens')
      expect(JSON.stringify(list.body)).not.toContain(token)
      expect(await hub.services.db('api_tokens').where({ token_hash: token }).first()).toBeUndefined()
      const me = await fetch(`${hub.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })
      expect((await me.json()).role).toBe('ops')
      expect((await owner.call('DELETE', `/tokens/${created.body.id}`)).status).toBe(200)
      expect((await fetch(`${hub.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
    })

    it('no token or a wrong one is 401', async () => {
      expect((await fetch(`${hub.url}/api/v1/me`)).status).toBe(401)
      expect((await fetch(`${hub.url}/api/v1/me`, { headers: { authorization: 'Bearer cdk_nope' } })).status).toBe(401)
    })

    it('a viewer cannot write; ops cannot change credentials; admin can', async () => {
      const conn = await owner.call('POST', '/connections', {
        kind: 'toy',
        name: 'toy',
        settings: {},
        credentials: { secret: 'abc' },
      })
      expect(conn.status).toBe(201)
      expect(conn.body.credentials).toEqual({ secret: '••••••' })
      const viewer = await extraToken(hub, owner.tenantId, 'viewer')
      const ops = await extraToken(hub, owner.tenantId, 'ops')
      const admin = await extraToken(hub, owner.tenantId, 'admin')
      expect((await viewer.call('GET', '/connections')).status).toBe(200)
      expect((await viewer.call('PATCH', `/connections/${conn.body.id}`, { name: 'x' })).status).toBe(403)
      expect((await ops.call('PUT', `/connections/${conn.body.id}/credentials`, { secret: 'stolen' })).status).toBe(403)
      expect((await ops.call('POST', `/connections/${conn.body.id}/test`)).status).toBe(403)
      expect(
        (await admin.call('PUT', `/connections/${conn.body.id}/credentials`, { secret: 'rotated-secret-1234' })).status,
      ).toBe(200)
      expect((await admin.call('POST', '/tokens', { name: 'escalate', role: 'owner' })).status).toBe(403)
      const audit = await owner.call('GET', '/audit')
      expect(audit.body.items.map((a: { action: string }) => a.action)).toContain('connection.credentials_replaced')
    })

    it('bad input gets a clear error naming the field', async () => {
      const r = await owner.call('POST', '/connections', { kind: 'toy', name: 'toy2', settings: {}, credentials: {} })
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('VALIDATION_FAILED')
      expect(r.body.error.details.fields[0].field).toBe('/credentials/secret')
      const k = await owner.call('POST', '/connections', { kind: 'nope', name: 'x', settings: {}, credentials: {} })
      expect(k.body.error.code).toBe('UNKNOWN_CONNECTOR')
    })
  })
})
