// Webhook intake: a local load generator posts signed Shopify orders/updated webhooks (the REST
// order body the store would send, X-Shopify-Hmac-Sha256 over the raw bytes, a fresh
// X-Shopify-Webhook-Id each) to the hub's POST /webhooks/shopify/:connectionId, with a bounded
// number in flight and a bounded count and time. A webhook counts as accepted when the hub
// answered 200 with {accepted: 1, duplicates: 0}: verified, stored in the inbox and its job
// enqueued in the same transaction. Processing happens later in the workers and is not timed.
import { randomUUID } from 'node:crypto'
import { jsonWithBigInts } from '../src/sandbox/shopify/format.ts'
import { restOrder } from '../src/sandbox/shopify/rest.ts'
import { signWebhook } from '../src/sandbox/shopify/webhook-sender.ts'
import { log, percentile, round, sleep, type BenchArgs } from './support.ts'
import type { World } from './world.ts'

export interface WebhookResult {
  perSecond: number | null
  p99Ms: number | null
  detail: Record<string, unknown>
}

const WARMUP = 50
const DRAIN_LOOK_MS = 10_000

export async function benchWebhookIntake(w: World, args: BenchArgs, budgetMs: number): Promise<WebhookResult> {
  const shop = w.stack.shopify
  if (shop.store.orders.size === 0) {
    // no orders yet (the orders benchmark did not run): the store gets a few to talk about
    for (let i = 0; i < 20; i++) {
      const it = w.items[i % w.items.length]!
      shop.control.createOrder({
        lines: [{ sku: it.sku, quantity: 1, price: it.price }],
        email: `hook${i}@example.com`,
        shippingAddress: {
          firstName: 'W',
          lastName: `H${i}`,
          address1: '1 A St',
          city: 'Boston',
          provinceCode: 'MA',
          countryCode: 'US',
          zip: '02108',
        },
      })
    }
  }
  const bodies = [...shop.store.orders.values()].map((o) => {
    const body = jsonWithBigInts(restOrder(shop.store, o))
    return { body, hmac: signWebhook(body, shop.appSecret) }
  })
  const url = `${w.hub.url}/webhooks/shopify/${w.conns.shopify.id}`
  const post = async (k: number): Promise<{ ok: boolean; status: number; ms: number }> => {
    const b = bodies[k % bodies.length]!
    const t0 = performance.now()
    try {
      const res = await fetch(url, {
        method: 'POST',
        body: b.body,
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': 'orders/updated',
          'x-shopify-hmac-sha256': b.hmac,
          'x-shopify-shop-domain': shop.shopDomain,
          'x-shopify-api-version': '2026-07',
          'x-shopify-webhook-id': randomUUID(),
          'x-shopify-event-id': String(1_000_000 + k),
          'x-shopify-triggered-at': new Date().toISOString(),
        },
        signal: AbortSignal.timeout(30_000),
      })
      const json = (await res.json().catch(() => ({}))) as { accepted?: number; duplicates?: number }
      return {
        ok: res.status === 200 && json.accepted === 1 && json.duplicates === 0,
        status: res.status,
        ms: performance.now() - t0,
      }
    } catch {
      return { ok: false, status: 0, ms: performance.now() - t0 }
    }
  }
  // warm-up: connections open, the hub's caches and JIT settled; not counted
  for (let i = 0; i < WARMUP; i += args.webhookConcurrency) {
    await Promise.all(Array.from({ length: Math.min(args.webhookConcurrency, WARMUP - i) }, (_, j) => post(i + j)))
  }
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  let accepted = 0
  let next = 0
  const wallStart = new Date()
  const started = performance.now()
  const deadline = started + budgetMs
  const worker = async () => {
    while (next < args.webhooks && performance.now() < deadline) {
      const r = await post(WARMUP + next++)
      latencies.push(r.ms)
      statuses[r.status] = (statuses[r.status] ?? 0) + 1
      if (r.ok) accepted++
    }
  }
  await Promise.all(Array.from({ length: args.webhookConcurrency }, worker))
  const wallS = (performance.now() - started) / 1000
  // processing happens behind the intake; how fast it drains, watched for a few seconds more
  await sleep(DRAIN_LOOK_MS)
  const drained = await w
    .db('webhook_inbox')
    .where({ connection_id: w.conns.shopify.id })
    .where('received_at', '>=', wallStart)
    .select(
      w.db.raw(`count(*) filter (where status = 'processed')::int as processed`),
      w.db.raw('count(*)::int as stored'),
      w.db.raw('extract(epoch from max(processed_at) - min(received_at))::float as span_s'),
    )
    .first()
  const sorted = latencies.sort((a, b) => a - b)
  const ms = (v: number | null) => (v === null ? null : round(v, 1))
  log(`  webhooks: ${accepted} of ${latencies.length} accepted in ${round(wallS, 2)} s`)
  return {
    perSecond: latencies.length ? round(accepted / wallS, 1) : null,
    p99Ms: ms(percentile(sorted, 99)),
    detail: {
      topic: 'orders/updated (Shopify, HMAC-SHA256)',
      sent: latencies.length,
      accepted,
      statuses,
      concurrency: args.webhookConcurrency,
      distinct_bodies: bodies.length,
      mean_body_bytes: Math.round(bodies.reduce((s, b) => s + b.body.length, 0) / bodies.length),
      wall_s: round(wallS, 2),
      stopped_by_time_budget: next < args.webhooks,
      stored: drained?.stored ?? null,
      processed_within_s: { seconds: round(wallS + DRAIN_LOOK_MS / 1000, 1), processed: drained?.processed ?? null },
      processed_per_s: drained?.processed && drained.span_s ? round(drained.processed / drained.span_s, 1) : null,
      p50_ms: ms(percentile(sorted, 50)),
      p90_ms: ms(percentile(sorted, 90)),
      max_ms: ms(sorted.at(-1) ?? null),
    },
  }
}
