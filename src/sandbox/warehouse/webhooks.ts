// The sandbox's webhook sender: ShipBob 2026-01 subscriptions (POST /webhook {topics, url,
// secret}) and deliveries signed per Standard Webhooks (webhook-id, webhook-timestamp,
// webhook-signature "v1,<base64 HMAC-SHA256 of id.timestamp.body>", key = base64 after whsec_),
// topic in x-webhook-topic [SB-DOC /experimental/webhooks]. A failed delivery is retried on a
// schedule (ShipBob's, per a third-party AsyncAPI: 5s, 5m, 30m, 2h, 5h, 10h, 10h [UNVERIFIED]),
// with the same webhook-id, as real retries are. Faults let a test drop, fail, delay or
// duplicate deliveries.
import { createHmac, randomBytes } from 'node:crypto'
import type { WebhookTopic as SbWebhookTopic } from './types.ts'

export const SHIPBOB_RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]

export const TOPICS: SbWebhookTopic[] = [
  'order.shipped',
  'order.shipment.delivered',
  'order.shipment.exception',
  'order.shipment.on_hold',
  'order.shipment.cancelled',
  'return.created',
  'return.updated',
  'return.completed',
  'billing.charge.created',
  'billing.refund.created',
  'billing.credit.created',
]

export interface WebhookFaults {
  /** the next n deliveries are lost for good (the hub must catch up by pulling) */
  drop?: number
  /** the next n delivery attempts fail as if the network did, then retry on schedule */
  fail?: number
  /** send every delivery twice, same webhook-id (a retry after a lost acknowledgement) */
  duplicate?: boolean
  /** wait before each send */
  delayMs?: number
}

export interface DeliveryAttempt {
  at: string
  status?: number
  error?: string
}

export interface Delivery {
  webhookId: string
  topic: SbWebhookTopic
  url: string
  subscriptionId: string
  attempts: DeliveryAttempt[]
  state: 'pending' | 'delivered' | 'failed' | 'dropped'
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`
}

export function signDelivery(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`
}

export class WebhookSender {
  /** Webhooks.V2.Create.WebhookViewModelV2, as created */
  readonly subscriptions = new Map<
    string,
    {
      id: string
      topics: SbWebhookTopic[]
      url: string
      secret: string
      created_at: string
      description: string | null
    }
  >()
  readonly deliveries: Delivery[] = []
  faults: WebhookFaults = {}
  private inFlight = new Set<Promise<void>>()
  private waits = new Map<NodeJS.Timeout, () => void>()
  private closed = false
  private seq = 0

  constructor(
    private readonly retryDelaysMs: number[],
    private readonly now: () => Date,
    private readonly defaultSecret?: string,
  ) {}

  subscribe(topics: SbWebhookTopic[], url: string, description: string | null, secret?: string | null) {
    const id = String(++this.seq)
    const sub = {
      id,
      topics,
      url,
      description,
      secret: secret || this.defaultSecret || newWebhookSecret(),
      created_at: this.now().toISOString(),
    }
    this.subscriptions.set(id, sub)
    return sub
  }

  /** Queue one message per subscription to the topic. */
  emit(topic: SbWebhookTopic, payload: unknown): void {
    for (const sub of this.subscriptions.values()) {
      if (!sub.topics.includes(topic)) continue
      const d: Delivery = {
        webhookId: `msg_${randomBytes(12).toString('hex')}`,
        topic,
        url: sub.url,
        subscriptionId: sub.id,
        attempts: [],
        state: 'pending',
      }
      this.deliveries.push(d)
      if (this.faults.drop && this.faults.drop > 0) {
        this.faults.drop--
        d.state = 'dropped'
        continue
      }
      const body = JSON.stringify(payload)
      this.track(this.attempt(d, sub.secret, body, 0))
      if (this.faults.duplicate) this.track(this.attempt(d, sub.secret, body, 0, true))
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p)
    void p.finally(() => this.inFlight.delete(p))
  }

  private async attempt(d: Delivery, secret: string, body: string, retry: number, copy = false): Promise<void> {
    if (this.faults.delayMs) await new Promise((r) => setTimeout(r, this.faults.delayMs))
    if (this.closed) return
    const at = this.now()
    const attempt: DeliveryAttempt = { at: at.toISOString() }
    d.attempts.push(attempt)
    try {
      if (this.faults.fail && this.faults.fail > 0) {
        this.faults.fail--
        throw new Error('connection reset (sandbox fault)')
      }
      const timestamp = Math.floor(at.getTime() / 1000)
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': d.webhookId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signDelivery(secret, d.webhookId, timestamp, body),
          'x-webhook-topic': d.topic,
          'user-agent': 'ShipBob-Webhooks (crossdock sandbox)',
        },
        body,
        signal: AbortSignal.timeout(15_000),
      })
      attempt.status = res.status
      await res.arrayBuffer().catch(() => undefined)
      if (res.status >= 200 && res.status < 300) {
        d.state = 'delivered'
        return
      }
    } catch (err) {
      attempt.error = err instanceof Error ? err.message : String(err)
    }
    if (copy || d.state === 'delivered') return
    const delay = this.retryDelaysMs[retry]
    if (delay === undefined || this.closed) {
      d.state = 'failed'
      return
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.waits.delete(t)
        resolve()
      }, delay)
      t.unref()
      this.waits.set(t, resolve)
    })
    if (!this.closed) await this.attempt(d, secret, body, retry + 1)
  }

  /** Resolves once nothing is being sent or waiting to be retried. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  close(): void {
    this.closed = true
    for (const [t, resolve] of this.waits) {
      clearTimeout(t)
      resolve()
    }
    this.waits.clear()
  }
}
