// Outbound events for third-party apps: a tenant subscribes a URL to some event types; each event
// becomes one delivery row per matching subscription and one job per delivery, written in the
// caller's transaction, so an event exists if and only if what it reports was committed.
// Jobs carry only ids (tenant, delivery): the payload stays in event_deliveries, where erasure
// and retention can reach it, and never in the queue's tables.
import type { Knex } from 'knex'
import type { PgBoss } from 'pg-boss'
import { insertDeliveries } from '../../db/event-deliveries.ts'
import { subscribersOf } from '../../db/subscriptions.ts'
import { defineQueue, enqueue } from '../../queue/boss.ts'

export const EVENT_TYPES = [
  'order.imported',
  'order.routed',
  'shipment.created',
  'inventory.changed',
  'sync.failed',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

export function isEventType(v: unknown): v is EventType {
  return typeof v === 'string' && (EVENT_TYPES as readonly string[]).includes(v)
}

export const OUTBOUND_QUEUES = {
  /**
   * POST one delivery to its subscriber. Backoff from 5 s doubling over 12 retries spreads the
   * attempts over roughly 11 hours (Shopify retries its own webhooks 8 times over 4 hours), then
   * the job goes to the dead letter queue and the delivery is marked failed.
   */
  deliver: defineQueue<DeliveryJob>({
    name: 'event-deliver',
    retryLimit: 12,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 120,
  }),
}

export interface DeliveryJob {
  tenantId: string
  deliveryId: string
  /** sent by "redeliver": send even when an earlier attempt succeeded */
  redeliver?: boolean
}

/**
 * Record `event` for every enabled subscription of the tenant that asked for it, and queue the
 * deliveries, inside `trx`. No subscription: one indexed read, nothing written.
 * Keep buyer PII out of `payload` (ids, numbers, statuses, country): subscribers can fetch the
 * rest through the API with their own token, and an erased buyer then leaves nothing behind.
 */
export async function emitEvent(
  trx: Knex.Transaction,
  boss: PgBoss,
  tenantId: string,
  event: EventType,
  payload: object,
): Promise<void> {
  const subs = await subscribersOf(trx, tenantId, event)
  if (subs.length === 0) return
  for (const deliveryId of await insertDeliveries(trx, tenantId, subs, event, payload)) {
    const job: DeliveryJob = { tenantId, deliveryId }
    await enqueue(boss, trx, OUTBOUND_QUEUES.deliver, job)
  }
}
