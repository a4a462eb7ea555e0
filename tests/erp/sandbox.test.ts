// The ERP sandbox's control API over HTTP (what the demo drives), and its endpoints behaving like
// an idempotent ERP endpoint: a repeated key replays the first answer, a reused key with another
// body is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signErpBody } from '../../src/connectors/erp/auth.ts'
import { erpConnector } from '../../src/connectors/erp/index.ts'
import { encodeMethodCall } from '../../src/mappers/erp/index.ts'
import { DEFAULT_ODOO_LOGIN, listenErpSandbox } from '../../src/sandbox/erp/index.ts'
import { startIntake, type TestIntake } from './support/intake.ts'

const secret = 'sandbox-test-inbound-secret'
let erp: Awaited<ReturnType<typeof listenErpSandbox>>
let intake: TestIntake
beforeAll(async () => {
  intake = await startIntake(erpConnector, { settings: { preset: 'sap-b1' }, credentials: { inboundSecret: secret } })
  erp = await listenErpSandbox({ secret, hubUrl: `${intake.url}/webhooks/erp/c-9` })
})
afterAll(async () => {
  await erp.close()
  await intake.close()
})

const post = async (
  path: string,
  body: string,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
) => {
  const res = await fetch(`${erp.url}${path}`, { method: 'POST', headers, body })
  return { status: res.status, headers: res.headers, text: await res.text() }
}
const order = (ref: string, item = 'MUG-BLUE-350') =>
  JSON.stringify({
    CardCode: 'C20000',
    NumAtCard: ref,
    DocDueDate: '2026-08-11',
    DocumentLines: [{ ItemCode: item, Quantity: 1 }],
  })

describe('control over HTTP', () => {
  it('says what it is', async () => {
    const res = await fetch(erp.url)
    expect(await res.json()).toEqual({ service: 'crossdock ERP sandbox', flavor: 'sap-b1', items: 2, received: 0 })
  })

  it('sends a signed document to the hub on request, seeded to any size', async () => {
    expect(JSON.parse((await post('/_sandbox/seed', JSON.stringify({ count: 500 }))).text)).toEqual({ items: 500 })
    const res = await post(
      '/_sandbox/send',
      JSON.stringify({ type: 'stock_snapshot', format: 'xml', documentId: 'ctl-1' }),
    )
    const { results } = JSON.parse(res.text) as { results: { status: number; records: number; documentId: string }[] }
    expect(results).toEqual([expect.objectContaining({ status: 202, records: 999, documentId: 'ctl-1' })])
    expect(intake.inbox.has('doc:ctl-1')).toBe(true)
    await post('/_sandbox/reset', '')
  })

  it('injects failures and lists what it received', async () => {
    await post('/_sandbox/fail', JSON.stringify({ mode: 'reject', target: 'orders' }))
    expect((await post('/b1s/v1/Orders', order('r-1'))).status).toBe(400)
    expect((await post('/b1s/v1/Orders', order('r-1'))).status).toBe(201)
    const received = JSON.parse(await fetch(`${erp.url}/_sandbox/received`).then((r) => r.text())) as {
      orders: { document: { NumAtCard: string } }[]
    }
    expect(received.orders.map((o) => o.document.NumAtCard)).toEqual(['r-1'])
    await post('/_sandbox/stock', JSON.stringify({ sku: 'TEAPOT-1L', warehouse: 'JP1', inStock: 7 }))
    expect(erp.control.state.items.get('TEAPOT-1L')!.stock).toContainEqual({
      warehouse: 'JP1',
      inStock: 7,
      committed: 0,
    })
  })
})

describe('idempotent endpoints', () => {
  it('a repeated Idempotency-Key replays the first answer; another body under the same key is refused', async () => {
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' }
    const first = await post('/b1s/v1/Orders', order('k-1'), headers)
    const again = await post('/b1s/v1/Orders', order('k-1'), headers)
    const other = await post('/b1s/v1/Orders', order('k-1-changed'), headers)
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.text).toBe(first.text)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(other.status).toBe(422)
    expect(JSON.parse(other.text)).toEqual({
      error: { code: -1, message: { lang: 'en-us', value: 'Idempotency-Key k-1 was used with a different document' } },
    })
    expect(erp.control.received('orders').filter((r) => r.key === 'k-1')).toEqual([
      expect.objectContaining({ deliveries: 2 }),
    ])
  })

  it('B1 errors use the OData error shape; XML-RPC errors are faults with HTTP 200', async () => {
    const bad = await post('/b1s/v1/Orders', order('x', 'NOPE'))
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.text)).toEqual({
      error: {
        code: -5002,
        message: { lang: 'en-us', value: 'DocumentLines[0].ItemCode: item "NOPE" does not exist' },
      },
    })
    const { db, uid } = DEFAULT_ODOO_LOGIN
    const fault = await post(
      '/xmlrpc/2/object',
      encodeMethodCall('execute_kw', [db, uid, 'bad-key', 'sale.order', 'create', [{}]]),
      { 'Content-Type': 'text/xml' },
    )
    expect(fault.status).toBe(200)
    expect(fault.text).toContain(
      '<name>faultString</name><value><string>odoo.exceptions.AccessDenied: Access Denied</string>',
    )
    const login = await post(
      '/xmlrpc/2/common',
      encodeMethodCall('authenticate', [db, 'admin', DEFAULT_ODOO_LOGIN.key, {}]),
      { 'Content-Type': 'text/xml' },
    )
    expect(login.text).toContain(`<int>${uid}</int>`)
  })

  it('checks the hub’s signature when told to', async () => {
    const strict = await listenErpSandbox({ verifySecret: 'hub-outbound-secret-123' })
    try {
      const body = order('s-1')
      const unsigned = await fetch(`${strict.url}/b1s/v1/Orders`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      })
      expect(unsigned.status).toBe(401)
      const signed = await fetch(`${strict.url}/b1s/v1/Orders`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...signErpBody('hub-outbound-secret-123', body, Date.now() / 1000),
        },
        body,
      })
      expect(signed.status).toBe(201)
    } finally {
      await strict.close()
    }
  })
})
