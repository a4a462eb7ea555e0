// Webhook delivery as Shopify does it: every change is POSTed to each subscription for its topic,
// JSON body = the REST resource, signed X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(app secret,
// raw body)), with the X-Shopify-* headers the official library requires (specs/shopify.md §5).
// Delivery is at least once: a non-2xx answer or a timeout (5 s) is retried with exponential
// backoff, 8 times over about 4 hours (changelog 2024-09-10); the retry carries the original body
// and webhook id. Test knobs make it send duplicates, deliver out of order, or treat the first
// attempts as failed (the receiver then sees the same webhook id more than once).
import { createHmac, randomUUID } from 'node:crypto'
import { jsonWithBigInts } from './format.ts'
import { topicHeader } from './mutations-webhooks.ts'
import type { ShopEvent, ShopStore } from './store.ts'

export interface WebhookKnobs {
  /** probability (0..1) that a delivery is sent twice with the same webhook id */
  duplicate: number
  /** hold deliveries and release them newest first, in batches of `outOfOrderBatch` (or on flush) */
  outOfOrder: boolean
  outOfOrderBatch: number
  /** the first N attempts of every delivery count as failed even if the receiver said 200 */
  failFirstAttempts: number
  /** backoff base: attempt n waits base × 2^(n-1); 56.5 s × (2^8 − 1) ≈ 4 h, Shopify's window */
  retryBaseMs: number
  maxRetries: number
  timeoutMs: number
  /** stop sending (queue everything) until resumed */
  paused: boolean
}

export const DEFAULT_WEBHOOK_KNOBS: WebhookKnobs = {
  duplicate: 0,
  outOfOrder: false,
  outOfOrderBatch: 5,
  failFirstAttempts: 0,
  retryBaseMs: 56_500,
  maxRetries: 8,
  timeoutMs: 5_000,
  paused: false,
}

export interface DeliveryAttempt {
  webhookId: string
  topic: string
  uri: string
  attempt: number
  status: number | null
  ok: boolean
  at: string
  duplicate: boolean
}

interface Delivery {
  webhookId: string
  eventId: string
  topic: string
  uri: string
  body: string
  apiVersion: string
  triggeredAt: string
  name: string | null
  attempts: number
}

export function signWebhook(body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64')
}

export class WebhookSender {
  readonly attempts: DeliveryAttempt[] = []
  private held: Delivery[] = []
  private pending = 0
  private timers = new Set<NodeJS.Timeout>()
  private idle: (() => void)[] = []

  constructor(
    private store: ShopStore,
    private opts: { appSecret: () => string; shopDomain: string; knobs: WebhookKnobs },
  ) {
    store.on('event', (e: ShopEvent) => this.onEvent(e))
  }

  private onEvent(e: ShopEvent): void {
    const subs = [...this.store.subscriptions.values()].filter(
      (s) => topicHeader(s.topic) === e.topic && s.format === 'JSON',
    )
    if (subs.length === 0) return
    const body = jsonWithBigInts(e.body())
    for (const s of subs) {
      this.enqueue({
        webhookId: randomUUID(),
        eventId: e.eventId,
        topic: e.topic,
        uri: s.uri,
        body,
        apiVersion: s.apiVersion,
        triggeredAt: e.triggeredAt,
        name: s.name,
        attempts: 0,
      })
    }
  }

  /** Send a delivery that has no subscription behind it (compliance topics go to the app's configured URL). */
  sendDirect(topic: string, uri: string, payload: unknown, apiVersion: string): void {
    this.enqueue({
      webhookId: randomUUID(),
      eventId: this.store.nextLegacyId('Event'),
      topic,
      uri,
      body: jsonWithBigInts(payload),
      apiVersion,
      triggeredAt: new Date().toISOString(),
      name: null,
      attempts: 0,
    })
  }

  private enqueue(d: Delivery): void {
    const k = this.opts.knobs
    if (k.paused || k.outOfOrder) {
      this.held.push(d)
      if (!k.paused && this.held.length >= k.outOfOrderBatch) this.release()
      return
    }
    void this.dispatch(d)
  }

  /** Release held deliveries, one after another (newest first when out of order is on). */
  release(): void {
    const batch = this.opts.knobs.outOfOrder ? this.held.reverse() : this.held
    this.held = []
    if (!batch.length) return
    this.pending++
    void (async () => {
      for (const d of batch) await this.dispatch(d)
      this.pending--
      this.checkIdle()
    })()
  }

  private dispatch(d: Delivery): Promise<void> {
    const first = this.attempt(d, false)
    if (this.opts.knobs.duplicate > 0 && Math.random() < this.opts.knobs.duplicate) void this.attempt({ ...d }, true)
    return first
  }

  private async attempt(d: Delivery, duplicate: boolean): Promise<void> {
    this.pending++
    d.attempts++
    let status: number | null
    try {
      const res = await fetch(d.uri, {
        method: 'POST',
        body: d.body,
        signal: AbortSignal.timeout(this.opts.knobs.timeoutMs),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Shopify-Captain-Hook',
          'X-Shopify-Topic': d.topic,
          'X-Shopify-Hmac-Sha256': signWebhook(d.body, this.opts.appSecret()),
          'X-Shopify-Shop-Domain': this.opts.shopDomain,
          'X-Shopify-API-Version': d.apiVersion,
          'X-Shopify-Webhook-Id': d.webhookId,
          'X-Shopify-Event-Id': d.eventId,
          'X-Shopify-Triggered-At': d.triggeredAt,
          ...(d.name ? { 'X-Shopify-Name': d.name } : {}),
        },
      })
      status = res.status
      await res.arrayBuffer().catch(() => undefined)
    } catch {
      status = null
    }
    const ok = status !== null && status >= 200 && status < 300 && d.attempts > this.opts.knobs.failFirstAttempts
    this.attempts.push({
      webhookId: d.webhookId,
      topic: d.topic,
      uri: d.uri,
      attempt: d.attempts,
      status,
      ok,
      at: new Date().toISOString(),
      duplicate,
    })
    if (!ok && !duplicate && d.attempts <= this.opts.knobs.maxRetries) {
      const t = setTimeout(
        () => {
          this.timers.delete(t)
          void this.attempt(d, false)
        },
        this.opts.knobs.retryBaseMs * 2 ** (d.attempts - 1),
      )
      this.timers.add(t)
    }
    this.pending--
    this.checkIdle()
  }

  private checkIdle(): void {
    if (this.pending === 0 && this.timers.size === 0 && this.held.length === 0) {
      const waiting = this.idle
      this.idle = []
      waiting.forEach((w) => w())
    }
  }

  /** Release everything held and resolve once no delivery is in flight or waiting for a retry. */
  flush(): Promise<void> {
    if (!this.opts.knobs.paused) this.release()
    return new Promise((resolve) => {
      this.idle.push(resolve)
      this.checkIdle()
    })
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    this.held = []
    this.checkIdle()
  }
}
