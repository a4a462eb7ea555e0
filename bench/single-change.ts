// One stock change → every channel: the ERP counts one SKU anew at US-EAST and sends a one-item
// stock snapshot (signed, over HTTP, to the hub's webhook intake); the clock runs from the
// moment the ERP starts sending to the moment the last channel sandbox (Shopify, Amazon US,
// Amazon DE) shows the new quantity. Each change is on another SKU; with --change-concurrency 1
// (the default) the next starts when the last one has landed, so each meets a quiet hub.
import { log, percentile, round, sleep, type BenchArgs } from './support.ts'
import { US_WH, type World } from './world.ts'

export interface SingleChangeResult {
  changes: number
  p50Ms: number | null
  p99Ms: number | null
  detail: Record<string, unknown>
}

const PER_CHANGE_TIMEOUT_MS = 60_000

export async function benchSingleChange(w: World, args: BenchArgs, budgetMs: number): Promise<SingleChangeResult> {
  const erp = w.stack.erp.control
  const n = w.items.length
  // spread over the catalogue; distinct SKUs while there are enough of them
  const stride = n > args.changes ? Math.floor(n / args.changes) : 1
  const deadline = performance.now() + budgetMs
  const latencies: number[] = []
  const slowest: { k: number; sku: string; ms: number; shopifyMs: number | null; amazonMs: number | null }[] = []
  const accepts: number[] = []
  const perChannel = { shopify: [] as number[], amazon: [] as number[] }
  let timedOut = 0
  let next = 0

  const one = async (k: number) => {
    const sku = w.items[(k * stride + 3) % n]!.sku
    const cur = erp.state.items.get(sku)!.stock.find((s) => s.warehouse === US_WH)!.inStock
    erp.setStock(sku, US_WH, k % 2 === 0 ? cur + 3 : Math.max(0, cur - 2))
    const want = w.view.expected(sku)
    const t0 = performance.now()
    const [sent] = await erp.send({
      type: 'stock_snapshot',
      format: 'json',
      skus: [sku],
      documentId: `bench-change-${k}`,
    })
    accepts.push(performance.now() - t0)
    if (sent?.status !== 202) throw new Error(`the hub refused change ${k}: ${sent?.status} ${sent?.body}`)
    let shopifyMs: number | null = null
    let amazonMs: number | null = null
    for (;;) {
      const shown = w.view.shows(sku)
      const now = performance.now() - t0
      if (shown.shopify) shopifyMs ??= Math.round(now)
      if (shown.us && shown.de) amazonMs ??= Math.round(now)
      if (shown.shopify && shown.us && shown.de) {
        latencies.push(now)
        perChannel.shopify.push(shopifyMs!)
        perChannel.amazon.push(amazonMs!)
        slowest.push({ k, sku, ms: Math.round(now), shopifyMs, amazonMs })
        slowest.sort((a, b) => b.ms - a.ms).splice(5)
        return
      }
      if (performance.now() - t0 > PER_CHANGE_TIMEOUT_MS) {
        timedOut++
        log(
          `  single change ${k} (${sku}) not shown in ${PER_CHANGE_TIMEOUT_MS} ms: want ${JSON.stringify(want)}, ${JSON.stringify({ shopify: w.view.shopify(sku) })}`,
        )
        return
      }
      await sleep(5)
    }
  }
  const worker = async () => {
    while (next < args.changes && performance.now() < deadline) await one(next++)
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: args.changeConcurrency }, worker))
  const wallS = (performance.now() - started) / 1000
  // the hub's side of the same changes: from the webhook's arrival to its processing (the
  // webhook-process job's wait in the queue included)
  const inbox = await w
    .db('webhook_inbox')
    .where({ connection_id: w.conns.erp.id })
    .where('event_id', 'like', 'doc:bench-change-%')
    .whereNotNull('processed_at')
    .select(w.db.raw('extract(epoch from processed_at - received_at) * 1000 as ms'))
  const processing = inbox.map((r: { ms: number }) => Number(r.ms)).sort((a: number, b: number) => a - b)
  const sorted = [...latencies].sort((a, b) => a - b)
  const acc = [...accepts].sort((a, b) => a - b)
  const ms = (v: number | null) => (v === null ? null : Math.round(v))
  return {
    changes: latencies.length,
    p50Ms: ms(percentile(sorted, 50)),
    p99Ms: ms(percentile(sorted, 99)),
    detail: {
      requested: args.changes,
      measured: latencies.length,
      timed_out: timedOut,
      concurrency: args.changeConcurrency,
      stopped_by_time_budget: next < args.changes,
      wall_s: round(wallS, 1),
      min_ms: ms(sorted[0] ?? null),
      p90_ms: ms(percentile(sorted, 90)),
      max_ms: ms(sorted.at(-1) ?? null),
      mean_ms: sorted.length ? Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length) : null,
      hub_received_to_processed_p50_ms: ms(percentile(processing, 50)),
      hub_received_to_processed_p99_ms: ms(percentile(processing, 99)),
      webhook_accept_p50_ms: ms(percentile(acc, 50)),
      webhook_accept_p99_ms: ms(percentile(acc, 99)),
      shopify_p50_ms: ms(
        percentile(
          perChannel.shopify.sort((a, b) => a - b),
          50,
        ),
      ),
      amazon_p50_ms: ms(
        percentile(
          perChannel.amazon.sort((a, b) => a - b),
          50,
        ),
      ),
      slowest,
    },
  }
}
