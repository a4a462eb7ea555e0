// The egress policy end to end (issue 12.1): a tenant points a connection at the hub's own network
// and asks the hub to test it; the hub refuses without a socket to the place, and the answer of an
// internal service never comes back. The tests' allow-list is 127.0.0.1 (vitest.config.ts), so
// 127.0.0.2 — the same machine, another address — must stay refused. A DNS answer that changes
// between the check and the connection cannot reach the new address: the socket gets the address
// that was checked.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import axios from 'axios'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpRuntimeConfig } from '../../src/config.ts'
import { egressAxiosOptions, egressPolicy, assertUrlAllowed } from '../../src/connectors/http/egress.ts'
import { ConnectorRuntime } from '../../src/connectors/runtime.ts'
import type { Connector } from '../../src/connectors/types.ts'
import { silentLogger } from '../../src/log.ts'
import { tenantWithToken, type ApiCaller } from '../support/api.ts'
import { startTestHub, type TestHub } from '../support/hub.ts'

/** A server on one loopback address that counts what reaches it and answers a "secret". */
async function internalService(
  host: string,
  port = 0,
): Promise<{ url: string; port: number; hits: () => number; close(): Promise<void> }> {
  let hits = 0
  const server = http.createServer((_req, res) => {
    hits++
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"AccessKeyId":"AKIA-INTERNAL","SecretAccessKey":"do-not-leak"}')
  })
  await new Promise<void>((r) => server.listen(port, host, r))
  const bound = (server.address() as AddressInfo).port
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    hits: () => hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

describe('a tenant pointing a connection at the hub network', () => {
  let hub: TestHub
  let owner: ApiCaller
  let internal: Awaited<ReturnType<typeof internalService>>

  beforeAll(async () => {
    hub = await startTestHub({ roles: { api: true, worker: false } })
    owner = await tenantWithToken(hub)
    internal = await internalService('127.0.0.2')
  })
  afterAll(async () => {
    await internal.close()
    await hub.close()
  })

  async function testConnection(url: string): Promise<{ ok: boolean; message: string }> {
    const created = await owner.call('POST', '/connections', {
      kind: 'erp',
      name: `ERP at ${url}`,
      settings: { preset: 'sap-b1', outbound: { url, format: 'json' } },
      credentials: { inboundSecret: 'inbound-secret-0123456789' },
    })
    expect(created.status).toBe(201)
    const r = await owner.call('POST', `/connections/${created.body.id}/test`)
    expect(r.status).toBe(200)
    return r.body
  }

  it.each([
    ['127.0.0.2 (loopback, 127.0.0.1 is the only allowed one)', () => internal.url],
    ['[::ffff:127.0.0.2] (the same, IPv4-mapped)', () => internal.url.replace('127.0.0.2', '[::ffff:127.0.0.2]')],
    ['169.254.169.254 (cloud metadata)', () => 'http://169.254.169.254'],
    ['10.0.0.1 (private)', () => 'http://10.0.0.1:8080'],
  ])('%s is refused, and nothing of it comes back', async (_name, url) => {
    const before = internal.hits()
    const r = await testConnection(url())
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/CROSSDOCK_EGRESS_ALLOW|not call such addresses/)
    expect(r.message).not.toMatch(/AKIA|do-not-leak/)
    expect(internal.hits()).toBe(before)
  })
})

describe('DNS answers', () => {
  let allowed: Awaited<ReturnType<typeof internalService>>
  let other: Awaited<ReturnType<typeof internalService>>
  beforeAll(async () => {
    // the same port on two loopback addresses: only the address a name resolves to differs
    allowed = await internalService('127.0.0.1')
    other = await internalService('127.0.0.2', allowed.port)
  })
  afterAll(async () => {
    await allowed.close()
    await other.close()
  })

  function runtimeResolving(answers: () => string) {
    const runtime = new ConnectorRuntime({
      ...httpRuntimeConfig(),
      resolve: async () => [{ address: answers(), family: 4 }],
      retries: { retries: 0 },
    })
    const connector = {
      description: {
        kind: 'named',
        http: { baseUrl: () => `http://shop.example.test:${allowed.port}`, limits: () => ({ buckets: {} }) },
      },
    } as unknown as Connector
    return runtime.client(connector, { tenantId: 't', connectionId: 'c', settings: {}, credentials: {} }, silentLogger)
  }

  it('a name that resolves to a private address is refused', async () => {
    const c = runtimeResolving(() => '10.1.2.3')
    await expect(c.get('/')).rejects.toMatchObject({ code: 'EGRESS_REFUSED' })
  })

  it('a name whose answer changes after the check cannot reach the new address', async () => {
    const answers = ['127.0.0.1', '127.0.0.2']
    let asked = 0
    const c = runtimeResolving(() => answers[Math.min(asked++, 1)]!)
    const first = await c.get('/', { headers: { connection: 'close' } })
    expect(first.status).toBe(200)
    expect(allowed.hits()).toBe(1)
    // the name now answers 127.0.0.2: a new connection is refused, the old address is not re-asked
    const second = await c.get('/', { headers: { connection: 'close' } }).catch((e) => e)
    expect(second).toMatchObject({ code: 'EGRESS_REFUSED' })
    expect(other.hits()).toBe(0)
    // one resolution per connection: the address checked is the address used
    expect(asked).toBe(2)
  })

  it('outbound event deliveries can use the same policy (egressAxiosOptions)', async () => {
    const policy = egressPolicy('127.0.0.1', async (name) => [
      { address: name === 'subscriber.test' ? '127.0.0.1' : '127.0.0.2', family: 4 },
    ])
    // an IP literal never reaches a lookup: the caller checks the URL first
    expect(() => assertUrlAllowed(new URL(other.url), policy.allow)).toThrow(/loopback/)
    const refused = await axios
      .post(`http://internal.test:${other.port}/`, '{}', { ...egressAxiosOptions(policy), timeout: 2_000 })
      .catch((e) => e)
    expect(refused.cause?.code ?? refused.code).toBe('EGRESS_REFUSED')
    expect(other.hits()).toBe(0)
    const ok = await axios.post(`http://subscriber.test:${allowed.port}/`, '{}', {
      ...egressAxiosOptions(policy),
      timeout: 2_000,
    })
    expect(ok.status).toBe(200)
  })
})
