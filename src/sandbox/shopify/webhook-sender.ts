// Webhook delivery as Shopify does it: every change is POSTed to each subscription for its topic,
// JSON body = the REST resource, signed X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(app secret,
// raw body)), with the X-Shopify-* headers the official library requires and the optional ones
// Shopify sends: X-Shopify-Event-Id (one per event, the same on every delivery of it),
// X-Shopify-Webhook-Id (one per delivery: kept across retries, different per subscription) and
// X-Shopify-Triggered-At (when the event happened) (specs/shopify.md §5).
//
// Delivery is at least once: a non-2xx answer or a timeout (5 s) is retried with exponential
// backoff, 8 times over about 4 hours (changelog 2024-09-10), and a retry carries the ORIGINAL
// body, webhook id, event id and triggered-at, however the resource changed since. Retries run on
// timers (retryBaseMs, shortened in tests) or on the sandbox's clock ('clock': due retries go out
// when deliverDueRetries() is called, so a test walks the real 4-hour schedule in no time).
// Knobs: duplicates (same webhook id again), a second subscription (same event id under another
// webhook id, as an app with two subscriptions to one topic gets), out of order (held deliveries
// released newest first), failing the first attempts, a wrong shop domain header, pausing.
import { createHash, createHmac, randomUUID } from 'node:crypto'
import { jsonWithBigInts } from './format.ts'
import { topicHeader } from './mutations-webhooks.ts'
import { shopifyTime, type ShopEvent, type ShopStore } from './store.ts'

export interface WebhookKnobs {
  /** probability (0..1) that a delivery is sent twice with the same webhook id */
  duplicate: number
  /** every event is also delivered under a second webhook id, as to a second subscription to its topic */
  secondSubscription: boolean
  /** hold deliveries and release them newest first, in batches of `outOfOrderBatch` (or on flush) */
  outOfOrder: boolean
  outOfOrderBatch: number
  /** the first N attempts of every delivery count as failed even if the receiver said 200 */
  failFirstAttempts: number
  /** backoff base: attempt n waits base × 2^(n-1); 56.5 s × (2^8 − 1) ≈ 4 h, Shopify's window */
  retryBaseMs: number
  maxRetries: number
  /** 'timers': retries wait real time; 'clock': they wait on the sandbox clock until deliverDueRetries() */
  retrySchedule: 'timers' | 'clock'
  timeoutMs: number
  /** stop sending (queue everything) until resumed */
  paused: boolean
  /** send this X-Shopify-Shop-Domain instead of the shop's own (a misrouted or forged delivery) */
  shopDomain: string | null
}

export const DEFAULT_WEBHOOK_KNOBS: WebhookKnobs = {
  duplicate: 0,
  secondSubscription: false,
  outOfOrder: false,
  outOfOrderBatch: 5,
  failFirstAttempts: 0,
  retryBaseMs: 56_500,
  maxRetries: 8,
  retrySchedule: 'timers',
  timeoutMs: 5_000,
  paused: false,
  shopDomain: null,
}

export interface DeliveryAttempt {
  webhookId: string
  eventId: string
  topic: string
  uri: string
  attempt: number
  status: number | null
  ok: boolean
  /** on the sandbox clock */
  at: string
  triggeredAt: string
  duplicate: boolean
  /** sha256 (hex) of the exact body sent: retries send the original */
  bodySha256: string
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
  /** 'clock' schedule: when the next retry is due (ms on the sandbox clock) */
  dueAt?: number
}

export function signWebhook(body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64')
}

export class WebhookSender {
  readonly attempts: DeliveryAttempt[] = []
  private held: Delivery[] = []
  private due: Delivery[] = []
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
      const d = {
        webhookId: randomUUID(),
        eventId: e.eventId,
        topic: e.topic,
        uri: s.uri,
        body,
        apiVersion: s.apiVersion,
        triggeredAt: e.triggeredAt,
        name: s.name,
        attempts: 0,
      }
      this.enqueue(d)
      if (this.opts.knobs.secondSubscription) this.enqueue({ ...d, webhookId: randomUUID() })
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
      triggeredAt: shopifyTime(this.store.date()),
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
          'X-Shopify-Shop-Domain': this.opts.knobs.shopDomain ?? this.opts.shopDomain,
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
      eventId: d.eventId,
      topic: d.topic,
      uri: d.uri,
      attempt: d.attempts,
      status,
      ok,
      at: this.store.date().toISOString(),
      triggeredAt: d.triggeredAt,
      duplicate,
      bodySha256: createHash('sha256').update(d.body).digest('hex'),
    })
    if (!ok && !duplicate && d.attempts <= this.opts.knobs.maxRetries) this.scheduleRetry(d)
    this.pending--
    this.checkIdle()
  }

  private scheduleRetry(d: Delivery): void {
    const wait = this.opts.knobs.retryBaseMs * 2 ** (d.attempts - 1)
    if (this.opts.knobs.retrySchedule === 'clock') {
      d.dueAt = this.store.date().getTime() + wait
      this.due.push(d)
      return
    }
    const t = setTimeout(() => {
      this.timers.delete(t)
      void this.attempt(d, false)
    }, wait)
    this.timers.add(t)
  }

  /** 'clock' schedule: send every retry that is due by the sandbox clock; resolves when they are answered. */
  async deliverDueRetries(): Promise<number> {
    const now = this.store.date().getTime()
    const ready = this.due.filter((d) => (d.dueAt ?? 0) <= now)
    this.due = this.due.filter((d) => !ready.includes(d))
    for (const d of ready) await this.attempt(d, false)
    return ready.length
  }

  /** Retries waiting on the sandbox clock, soonest first. */
  waitingRetries(): { webhookId: string; topic: string; attempts: number; dueAt: string }[] {
    return [...this.due]
      .sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0))
      .map((d) => ({
        webhookId: d.webhookId,
        topic: d.topic,
        attempts: d.attempts,
        dueAt: new Date(d.dueAt ?? 0).toISOString(),
      }))
  }

  private checkIdle(): void {
    if (this.pending === 0 && this.timers.size === 0 && this.held.length === 0) {
      const waiting = this.idle
      this.idle = []
      waiting.forEach((w) => w())
    }
  }

  /** Release everything held and resolve once no delivery is in flight or waiting for a timer retry. */
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
    this.due = []
    this.checkIdle()
  }
}
