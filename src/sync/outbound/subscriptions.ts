// Subscriptions: where a tenant wants its events sent, and with which secret. The secret is
// random, shown once when the subscription is created, and stored sealed with the hub's key,
// bound to the subscription's id (associated data), so an envelope copied to another row does
// not open. URLs must be HTTPS; plain HTTP is accepted for this machine only (tests, the demo).
import { randomBytes, randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import type { PgBoss } from 'pg-boss'
import { isUuid } from '../../db/connections.ts'
import { findDeliveryOf, reopenDelivery } from '../../db/event-deliveries.ts'
import {
  deleteSubscriptionRow,
  findSubscription,
  insertSubscription,
  listSubscriptionRows,
} from '../../db/subscriptions.ts'
import { CrossdockError } from '../../errors.ts'
import type { SecretBox } from '../../secrets/crypto.ts'
import { enqueue } from '../../queue/boss.ts'
import { EVENT_TYPES, isEventType, OUTBOUND_QUEUES, type DeliveryJob, type EventType } from './events.ts'

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

function invalid(field: string, message: string): CrossdockError {
  return new CrossdockError('VALIDATION_FAILED', `${field.slice(1)} ${message}`, {
    details: { fields: [{ field, message }] },
  })
}

export function checkSubscriptionUrl(url: string): URL {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw invalid('/url', 'is not a URL')
  }
  if (u.username || u.password) throw invalid('/url', 'must not carry credentials; verify our signature instead')
  if (u.protocol === 'https:') return u
  if (u.protocol === 'http:' && LOCAL_HOSTS.has(u.hostname)) return u
  throw invalid('/url', 'must be https (http only for 127.0.0.1 or localhost)')
}

export function checkEvents(events: unknown[]): EventType[] {
  const bad = events.filter((e) => !isEventType(e))
  if (bad.length) throw invalid('/events', `unknown event ${JSON.stringify(bad[0])}; known: ${EVENT_TYPES.join(', ')}`)
  const unique = [...new Set(events as EventType[])]
  if (unique.length === 0) throw invalid('/events', 'must name at least one event')
  return unique
}

export interface SubscriptionView {
  id: string
  url: string
  events: string[]
  enabled: boolean
  createdAt: Date
}

function view(r: { id: string; url: string; events: string[]; enabled: boolean; created_at: Date }): SubscriptionView {
  return { id: r.id, url: r.url, events: r.events, enabled: r.enabled, createdAt: r.created_at }
}

export async function createSubscription(
  db: Knex,
  box: SecretBox,
  tenantId: string,
  input: { url: string; events: unknown[] },
): Promise<SubscriptionView & { secret: string }> {
  const url = checkSubscriptionUrl(input.url).toString()
  const events = checkEvents(input.events)
  const id = randomUUID()
  const secret = `whsec_${randomBytes(24).toString('base64url')}`
  const row = await insertSubscription(db, { id, tenantId, url, events, secretEnc: box.seal(secret, id) })
  return { ...view(row), secret }
}

export async function listSubscriptions(db: Knex, tenantId: string): Promise<SubscriptionView[]> {
  return (await listSubscriptionRows(db, tenantId)).map(view)
}

export async function getSubscription(db: Knex, tenantId: string, id: string): Promise<SubscriptionView> {
  const row = isUuid(id) ? await findSubscription(db, tenantId, id) : undefined
  if (!row) throw new CrossdockError('NOT_FOUND', 'no such subscription')
  return view(row)
}

/** Deleting a subscription deletes its deliveries; their queued jobs then find nothing to send. */
export async function deleteSubscription(db: Knex, tenantId: string, id: string): Promise<SubscriptionView> {
  const sub = await getSubscription(db, tenantId, id)
  await deleteSubscriptionRow(db, tenantId, sub.id)
  return sub
}

/** Send a delivery again (whatever its status): a new job, its attempts appended to the same row. */
export async function redeliver(
  db: Knex,
  boss: PgBoss,
  tenantId: string,
  subscriptionId: string,
  deliveryId: string,
): Promise<{ id: string; status: 'pending' }> {
  const id =
    isUuid(subscriptionId) && isUuid(deliveryId)
      ? await findDeliveryOf(db, tenantId, subscriptionId, deliveryId)
      : undefined
  if (!id) throw new CrossdockError('NOT_FOUND', 'no such delivery')
  const job: DeliveryJob = { tenantId, deliveryId: id, redeliver: true }
  await db.transaction(async (trx) => {
    await reopenDelivery(trx, tenantId, id)
    await enqueue(boss, trx, OUTBOUND_QUEUES.deliver, job)
  })
  return { id, status: 'pending' }
}
