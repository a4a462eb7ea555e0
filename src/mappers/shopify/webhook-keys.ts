// What a Shopify webhook delivery is, for de-duplication and ordering, from its headers and body.
// Pure: the connector reads the headers (case-insensitively) and passes their values.
import { toUtcIso } from '../../model/index.ts'

export interface ShopifyDelivery {
  topic: string
  /** X-Shopify-Event-Id (shopify-event-id for Events deliveries): the event, whatever the subscription */
  eventId?: string | null
  /** X-Shopify-Webhook-Id: one delivery, the same across its retries, different per subscription */
  webhookId?: string | null
}

/**
 * The inbox key of a delivery. Shopify's "Ignore duplicate webhooks" guide
 * (shopify.dev/apps/build/webhooks/ignore-duplicates): the same X-Shopify-Event-Id on more than
 * one webhook indicates a duplicate, and an app with more than one subscription to a topic gets
 * one webhook per subscription for the same event — each under its own X-Shopify-Webhook-Id. So
 * the key is the event id with the topic (one event may feed several topics, each to be handled),
 * and the webhook id only when the event id is absent (older deliveries, hand-made test ones).
 */
export function shopifyDedupeKey(d: ShopifyDelivery): string | undefined {
  const event = d.eventId?.trim()
  if (event) return `event:${d.topic}:${event}`
  const webhook = d.webhookId?.trim()
  return webhook ? `webhook:${webhook}` : undefined
}

/**
 * When the record in a delivery was current, to compare with the copy the hub holds (isStale)
 * before overwriting it: Shopify retries a failed delivery for 4 hours with its original payload,
 * and delivers out of order. The record's own updated_at is its version; X-Shopify-Triggered-At
 * (when the event fired) stands in when the body has none (includeFields without updated_at).
 */
export function shopifyOrderingKey(
  record: { updated_at?: string | null; updatedAt?: string | null },
  triggeredAt?: string | null,
): string | undefined {
  for (const t of [record.updated_at ?? record.updatedAt, triggeredAt]) {
    if (!t) continue
    try {
      return toUtcIso(t)
    } catch {
      // an unreadable timestamp orders nothing: try the next one
    }
  }
  return undefined
}
