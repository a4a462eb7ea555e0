// Notifications: the per-connection secret header (timing-safe, WEBHOOK_SIGNATURE_INVALID
// otherwise), EventBridge events parsed with the notification id as event id, and each type
// turned into the pull it hints at. The sandbox sends real schema-valid notifications over HTTP
// to a small receiver that does what the hub's intake does with verify and parse.
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amazonConnector } from '../../src/connectors/amazon/index.ts'
import { SECRET_HEADER } from '../../src/connectors/amazon/webhooks.ts'
import type { InboundEvent, RawWebhook } from '../../src/connectors/types.ts'
import { CrossdockError } from '../../src/errors.ts'
import { spApiModels } from '../../src/sandbox/amazon/validator.ts'
import { contextFor, SECRET, startSandbox, type Sandbox } from './helpers.ts'

const hooks = amazonConnector.webhooks!
let sb: Sandbox
beforeAll(async () => {
  sb = await startSandbox()
})
afterAll(async () => {
  await sb.close()
})

function raw(body: unknown, headers: Record<string, string | undefined> = { [SECRET_HEADER]: SECRET }): RawWebhook {
  return {
    headers,
    rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    contentType: 'application/json',
    receivedAt: new Date(),
  }
}

describe('verify', () => {
  const conn = () => ({ settings: contextFor(sb).settings, credentials: contextFor(sb).credentials })
  it("accepts the connection's secret", () => {
    expect(() => hooks.verify(raw({}), conn())).not.toThrow()
  })
  it.each([
    ['a wrong secret', { [SECRET_HEADER]: 'notification-secret-0123456780' }],
    ['a shorter secret', { [SECRET_HEADER]: 'x' }],
    ['no header', {}],
  ])('refuses %s with WEBHOOK_SIGNATURE_INVALID', (_name, headers) => {
    try {
      hooks.verify(raw({}, headers), conn())
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(CrossdockError)
      expect((err as CrossdockError).code).toBe('WEBHOOK_SIGNATURE_INVALID')
    }
  })
  it('refuses everything when the connection has no secret', () => {
    const c = conn()
    expect(() =>
      hooks.verify(raw({}), { ...c, credentials: { ...c.credentials, notificationSecret: undefined } }),
    ).toThrow(/secret/)
  })
})

describe('parse and process', () => {
  it('ORDER_CHANGE, FBA and MFN-quantity notifications arrive over HTTP and hint the matching pull', async () => {
    sb.control.reset()
    const order = sb.control.placeOrder({ marketplace: 'US', items: [{ sku: 'MUG', quantity: 1, unitPrice: '5.00' }] })
    sb.control.seedFba('US', [{ sku: 'MUG', fulfillable: 3 }])
    sb.control.seedListings('US', [{ sku: 'MUG', quantity: 2 }])
    const ctx = contextFor(sb)
    const received: InboundEvent[] = []
    const receiver = Fastify()
    receiver.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_r, body, done) => done(null, body))
    receiver.post('/webhooks/amazon/:connectionId', async (req, reply) => {
      const r: RawWebhook = {
        headers: req.headers as Record<string, string>,
        rawBody: req.body as Buffer,
        contentType: 'application/json',
        receivedAt: new Date(),
      }
      try {
        hooks.verify(r, ctx)
      } catch (err) {
        return reply.code((err as CrossdockError).status).send({ code: (err as CrossdockError).code })
      }
      received.push(...hooks.parse(r, ctx))
      return reply.code(hooks.ackStatus ?? 200).send()
    })
    await receiver.listen({ port: 0, host: '127.0.0.1' })
    try {
      const port = (receiver.server.address() as { port: number }).port
      const url = `http://127.0.0.1:${port}/webhooks/amazon/${ctx.connectionId}`
      const events = [
        sb.control.notificationFor('ORDER_CHANGE', { orderId: order.orderId }),
        sb.control.notificationFor('FBA_INVENTORY_AVAILABILITY_CHANGES', { marketplace: 'US', sku: 'MUG' }),
        sb.control.notificationFor('LISTINGS_ITEM_MFN_QUANTITY_CHANGE', { marketplace: 'US', sku: 'MUG' }),
      ]
      for (const e of events) {
        const schema = (e.detail as { NotificationType: 'ORDER_CHANGE' }).NotificationType
        expect(spApiModels().validateSchema(schema, e.detail)).toEqual([])
        expect(await sb.control.sendNotification(url, SECRET, e)).toBe(200)
      }
      expect(await sb.control.sendNotification(url, 'wrong-secret-wrong-secret', events[0])).toBe(401)
      expect(received.map((e) => e.topic)).toEqual([
        'ORDER_CHANGE',
        'FBA_INVENTORY_AVAILABILITY_CHANGES',
        'LISTINGS_ITEM_MFN_QUANTITY_CHANGE',
      ])
      expect(received.map((e) => e.eventId)).toEqual(
        events.map(
          (e) =>
            (e.detail as unknown as { NotificationMetadata: { NotificationId: string } }).NotificationMetadata
              .NotificationId,
        ),
      )
      const effects = await Promise.all(received.map((e) => hooks.process(ctx, e)))
      expect(effects).toEqual([
        [{ kind: 'pull', stream: 'orders' }],
        [{ kind: 'pull', stream: 'inventory' }],
        [{ kind: 'pull', stream: 'inventory' }],
      ])
    } finally {
      await receiver.close()
    }
  })

  it('a notification relayed bare (SQS body) and a camelCase one parse too', async () => {
    const bare = {
      NotificationType: 'ORDER_CHANGE',
      Payload: { OrderChangeNotification: { SellerId: 'OTHER' } },
      NotificationMetadata: { NotificationId: 'n-1' },
    }
    const feed = {
      notificationType: 'FEED_PROCESSING_FINISHED',
      payload: { feedProcessingFinishedNotification: { sellerId: contextFor(sb).settings.sellerId } },
      notificationMetadata: { notificationId: 'n-2' },
    }
    const [a] = hooks.parse(raw(bare), contextFor(sb))
    const [b] = hooks.parse(raw(feed), contextFor(sb))
    expect([a!.eventId, b!.eventId]).toEqual(['n-1', 'n-2'])
    expect(await hooks.process(contextFor(sb), a!)).toEqual([
      { kind: 'ignored', reason: expect.stringContaining('seller OTHER') },
    ])
    expect(await hooks.process(contextFor(sb), b!)).toEqual([{ kind: 'ignored', reason: expect.any(String) }])
  })

  it.each([
    ['not json', 'nope'],
    ['no type', { detail: { NotificationMetadata: { NotificationId: 'x' } } }],
    ['no id', { NotificationType: 'ORDER_CHANGE' }],
  ])('%s is WEBHOOK_PAYLOAD_INVALID', (_n, body) => {
    expect(() => hooks.parse(raw(body), { settings: {} as never })).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_PAYLOAD_INVALID' }),
    )
  })
})
