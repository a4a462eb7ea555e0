// Standard Webhooks verification (ShipBob's scheme): the specification's published test vector,
// then accepted / tampered / stale / missing / several signatures, through the connector's
// webhooks.verify as the hub's intake calls it, and a real signed delivery from the sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RawWebhook } from '../../src/connectors/types.ts'
import { warehouseConnector as connector } from '../../src/connectors/warehouse/index.ts'
import { signStandardWebhook, verifyStandardWebhook } from '../../src/connectors/warehouse/standard-webhooks.ts'
import { CrossdockError } from '../../src/errors.ts'
import {
  allocation,
  context,
  order,
  startReceiver,
  startSandbox,
  until,
  WEBHOOK_SECRET,
  type Receiver,
  type Running,
} from './support.ts'

// standardwebhooks.com / Svix published vector, reproduced by many independent libraries
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}

function raw(
  headers: Record<string, string | undefined>,
  body = VECTOR.body,
  receivedAt = new Date(VECTOR.timestamp * 1000),
): RawWebhook {
  return { headers, rawBody: Buffer.from(body), contentType: 'application/json', receivedAt }
}

const vectorHeaders = (over: Record<string, string | undefined> = {}) => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': String(VECTOR.timestamp),
  'webhook-signature': VECTOR.signature,
  ...over,
})

function code(fn: () => unknown): string | undefined {
  try {
    fn()
    return undefined
  } catch (err) {
    return err instanceof CrossdockError ? err.code : `not a CrossdockError: ${String(err)}`
  }
}

const conn = (secret: string | undefined) => ({
  settings: { facilities: {} },
  credentials: secret ? { webhookSecret: secret } : {},
})

describe('Standard Webhooks signature', () => {
  it('signs the published vector exactly', () => {
    expect(signStandardWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature)
  })

  it.each([
    ['accepted', vectorHeaders(), VECTOR.body, 0, VECTOR.secret, undefined],
    ['accepted at the edge of the 5-minute window', vectorHeaders(), VECTOR.body, 300, VECTOR.secret, undefined],
    [
      'accepted when one of several signatures matches (secret rotation)',
      vectorHeaders({ 'webhook-signature': `v1,Zm9vYmFy ${VECTOR.signature}` }),
      VECTOR.body,
      0,
      VECTOR.secret,
      undefined,
    ],
    [
      'accepted with non-v1 entries alongside',
      vectorHeaders({ 'webhook-signature': `v1a,c29tZXRoaW5n ${VECTOR.signature}` }),
      VECTOR.body,
      0,
      VECTOR.secret,
      undefined,
    ],
    ['tampered body', vectorHeaders(), '{"test": 2432232315}', 0, VECTOR.secret, 'WEBHOOK_SIGNATURE_INVALID'],
    [
      'tampered id',
      vectorHeaders({ 'webhook-id': 'msg_other' }),
      VECTOR.body,
      0,
      VECTOR.secret,
      'WEBHOOK_SIGNATURE_INVALID',
    ],
    ['signature under another secret', vectorHeaders(), VECTOR.body, 0, WEBHOOK_SECRET, 'WEBHOOK_SIGNATURE_INVALID'],
    [
      'only a v1a (asymmetric) signature',
      vectorHeaders({ 'webhook-signature': `v1a,${VECTOR.signature.slice(3)}` }),
      VECTOR.body,
      0,
      VECTOR.secret,
      'WEBHOOK_SIGNATURE_INVALID',
    ],
    ['stale: 301 s old', vectorHeaders(), VECTOR.body, 301, VECTOR.secret, 'WEBHOOK_TIMESTAMP_STALE'],
    ['from the future: 301 s ahead', vectorHeaders(), VECTOR.body, -301, VECTOR.secret, 'WEBHOOK_TIMESTAMP_STALE'],
    [
      'missing webhook-signature',
      vectorHeaders({ 'webhook-signature': undefined }),
      VECTOR.body,
      0,
      VECTOR.secret,
      'WEBHOOK_SIGNATURE_INVALID',
    ],
    [
      'missing webhook-id',
      vectorHeaders({ 'webhook-id': undefined }),
      VECTOR.body,
      0,
      VECTOR.secret,
      'WEBHOOK_SIGNATURE_INVALID',
    ],
    [
      'missing webhook-timestamp',
      vectorHeaders({ 'webhook-timestamp': undefined }),
      VECTOR.body,
      0,
      VECTOR.secret,
      'WEBHOOK_SIGNATURE_INVALID',
    ],
    [
      'timestamp not in seconds',
      vectorHeaders({ 'webhook-timestamp': '2021-02-26T14:22:10Z' }),
      VECTOR.body,
      0,
      VECTOR.secret,
      'WEBHOOK_SIGNATURE_INVALID',
    ],
    ['no secret configured on the connection', vectorHeaders(), VECTOR.body, 0, undefined, 'WEBHOOK_SIGNATURE_INVALID'],
  ])('%s', (_name, headers, body, ageSeconds, secret, expected) => {
    const req = raw(headers, body, new Date((VECTOR.timestamp + ageSeconds) * 1000))
    expect(code(() => connector.webhooks!.verify(req, conn(secret)))).toBe(expected)
  })

  it('accepts a secret without its whsec_ prefix and header names in any case', () => {
    const req = raw({
      'Webhook-Id': VECTOR.id,
      'WEBHOOK-TIMESTAMP': String(VECTOR.timestamp),
      'Webhook-Signature': VECTOR.signature,
    })
    expect(verifyStandardWebhook(req, VECTOR.secret.slice('whsec_'.length), { now: req.receivedAt })).toBe(VECTOR.id)
  })
})

describe('a delivery from the sandbox', () => {
  let sb: Running
  let receiver: Receiver
  beforeAll(async () => {
    sb = await startSandbox({ stock: [{ facilityId: 20, sku: 'MUG-BLUE', onHand: 10 }] })
    receiver = await startReceiver()
  })
  afterAll(async () => {
    await sb.close()
    await receiver.close()
  })

  it('verifies with the subscription secret, and not once a byte is changed', async () => {
    const ctx = context(sb.url)
    await connector.registerWebhooks!(ctx, receiver.url)
    const item = allocation(
      order({
        shippingAddress: { name: 'Eva', line1: 'Hauptstr. 1', city: 'Hamburg', postalCode: '20095', country: 'DE' },
      }),
      'DE-HAM',
    )
    await connector.push!(ctx, 'orders', [item])
    sb.control.shipNow(item.key)
    const got = await until(
      () => receiver.received.find((r) => r.headers['x-webhook-topic'] === 'order.shipped'),
      'the order.shipped delivery',
    )
    expect(() => connector.webhooks!.verify(got, ctx)).not.toThrow()
    expect(got.rawBody.toString()).toContain('DHL Express')
    const tampered = { ...got, rawBody: Buffer.from(got.rawBody.toString().replace('DHL Express', 'DHL Expresz')) }
    expect(code(() => connector.webhooks!.verify(tampered, ctx))).toBe('WEBHOOK_SIGNATURE_INVALID')
    const late = { ...got, receivedAt: new Date(got.receivedAt.getTime() + 6 * 60_000) }
    expect(code(() => connector.webhooks!.verify(late, ctx))).toBe('WEBHOOK_TIMESTAMP_STALE')
  })
})
