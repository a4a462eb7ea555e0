// SP-API notifications reach us through Amazon EventBridge: the seller's partner event bus has a
// rule whose target is an API destination (HTTPS) pointing at POST /webhooks/amazon/:connectionId,
// authorised by an EventBridge "connection" that adds a fixed API-key header — the per-connection
// notificationSecret. Amazon itself delivers only to SQS or EventBridge [facts §8].
// Body: the EventBridge event {version, id, detail-type, source, account, time, region, resources,
// detail}, the notification in `detail` [UNVERIFIED, facts §8]; a notification posted bare (e.g.
// relayed from SQS) is accepted too. Keys are PascalCase (ORDER_CHANGE…) or camelCase
// (FEED_PROCESSING_FINISHED). A notification is a hint: the pull stays the source of truth.
import { createHash, timingSafeEqual } from 'node:crypto'
import { CrossdockError } from '../../errors.ts'
import type { InboundEvent, RawWebhook, WebhookEffect, WebhookSpec } from '../types.ts'
import type { AmazonContext } from './client.ts'
import type { AmazonCredentials, AmazonSettings } from './settings.ts'

/** The header the EventBridge connection sends (API key authorization; the log redacts it). */
export const SECRET_HEADER = 'x-api-key'

interface Notification {
  notificationType: string
  notificationId?: string
  sellerId?: string
  payload: unknown
}

function pick(o: Record<string, any> | undefined, ...keys: string[]): any {
  if (!o) return undefined
  for (const k of keys) if (o[k] !== undefined) return o[k]
  return undefined
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

export function verifyNotification(req: RawWebhook, conn: { credentials: AmazonCredentials }): void {
  const expected = conn.credentials.notificationSecret
  const given = req.headers[SECRET_HEADER] ?? req.headers[SECRET_HEADER.toUpperCase()]
  // compare fixed-length digests so neither the length nor the content leaks through timing
  if (!expected || !given || !timingSafeEqual(digest(given), digest(expected))) {
    throw new CrossdockError(
      'WEBHOOK_SIGNATURE_INVALID',
      "the Amazon notification does not carry this connection's secret header",
    )
  }
}

function readNotification(body: Record<string, any>): Notification {
  const n: Record<string, any> = body.detail && typeof body.detail === 'object' ? body.detail : body
  const type = pick(n, 'NotificationType', 'notificationType') ?? body['detail-type']
  if (typeof type !== 'string' || type === '')
    throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'no notification type in the Amazon notification')
  const meta = pick(n, 'NotificationMetadata', 'notificationMetadata')
  const payload = pick(n, 'Payload', 'payload') ?? {}
  const inner = payload && typeof payload === 'object' ? Object.values(payload as object)[0] : undefined
  return {
    notificationType: type,
    notificationId: pick(meta, 'NotificationId', 'notificationId') ?? body.id,
    sellerId: pick(payload, 'SellerId', 'sellerId') ?? pick(inner as Record<string, any>, 'SellerId', 'sellerId'),
    payload: n,
  }
}

export function parseNotification(req: RawWebhook): InboundEvent[] {
  let body: unknown
  try {
    body = JSON.parse(req.rawBody.toString('utf8'))
  } catch {
    throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'the Amazon notification is not JSON')
  }
  const events = Array.isArray(body) ? body : [body]
  return events.map((e) => {
    if (!e || typeof e !== 'object')
      throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'the Amazon notification is not an object')
    const n = readNotification(e as Record<string, any>)
    if (!n.notificationId)
      throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'no notification id in the Amazon notification')
    return {
      eventId: n.notificationId,
      topic: n.notificationType,
      payload: { sellerId: n.sellerId, notification: n.payload },
    }
  })
}

/** Which pull a notification type hints at. */
const HINTS: Record<string, WebhookEffect> = {
  ORDER_CHANGE: { kind: 'pull', stream: 'orders' },
  FBA_INVENTORY_AVAILABILITY_CHANGES: { kind: 'pull', stream: 'inventory' },
  // MFN quantity changed on Amazon's side (an order took units, a seller edited it): re-read stock
  LISTINGS_ITEM_MFN_QUANTITY_CHANGE: { kind: 'pull', stream: 'inventory' },
}

export async function processNotification(ctx: AmazonContext, event: InboundEvent): Promise<WebhookEffect[]> {
  const p = event.payload as { sellerId?: string } | undefined
  if (p?.sellerId && p.sellerId !== ctx.settings.sellerId) {
    return [
      { kind: 'ignored', reason: `notification for seller ${p.sellerId}, this connection is ${ctx.settings.sellerId}` },
    ]
  }
  const hint = HINTS[event.topic]
  if (hint) return [hint]
  if (event.topic === 'FEED_PROCESSING_FINISHED')
    return [{ kind: 'ignored', reason: 'feeds are awaited by the push that sent them' }]
  if (event.topic.startsWith('LISTINGS_ITEM_'))
    return [{ kind: 'ignored', reason: `${event.topic}: this connector does not pull the catalog` }]
  return [{ kind: 'ignored', reason: `notification type ${event.topic} is not used` }]
}

export const amazonWebhooks: WebhookSpec<AmazonSettings, AmazonCredentials> = {
  verify: verifyNotification,
  parse: parseNotification,
  process: processNotification,
  ackStatus: 200,
}
