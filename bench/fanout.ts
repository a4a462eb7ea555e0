// Fan-out: every SKU's stock changes at one warehouse (US-EAST) in one ERP stock snapshot →
// how long until Shopify and Amazon (US and DE) all show the new quantities, how many API calls
// that took per channel, and the floor the channels' own limits allow:
//   Shopify — ceil(N / 250) inventorySetQuantities calls (the input-array cap), 10 points each,
//     paced by the cost bucket: max(0, calls × 10 − bucket) / restore rate seconds;
//   Amazon — one JSON_LISTINGS_FEED per marketplace (≤ 25,000 messages each; the marketplaces go
//     side by side), bounded by the sandbox's feed processing time: queue + processing + per
//     message × messages; 4 SP-API calls (createFeedDocument, createFeed, one getFeed,
//     getFeedDocument) and 2 document transfers per feed. Below the connector's feed threshold
//     (200) the road is patchListingsItem at the usage plan (5/s after a burst of 5).
// Calls are counted on the sandbox side: the push's own (429s included); LWA token exchanges and
// the calls of scheduled pulls that ran meanwhile (orders every 2 minutes) are listed, not counted.
import { MAX_FEED_MESSAGES } from '../src/connectors/amazon/feeds.ts'
import { USAGE_PLANS } from '../src/connectors/amazon/limits.ts'
import { INVENTORY_BATCH } from '../src/connectors/shopify/push-inventory.ts'
import { MARKETPLACE } from '../src/sandbox/stack.ts'
import { log, round, type BenchArgs } from './support.ts'
import { US_WH, waitChannels, type World } from './world.ts'

const SHOPIFY_SET_COST = 10 // inventorySetQuantities selecting inventoryAdjustmentGroup { id }: a mutation's 10 points
const AMAZON_FEED_THRESHOLD = 200 // the connector's default feedThreshold (src/connectors/amazon/settings.ts)

export interface FanoutResult {
  skus: number
  seconds: number | null
  floorSeconds: number
  calls: number
  minCalls: number
  ratio: number | null
  detail: Record<string, unknown>
}

function counters(w: World) {
  const s = w.stack.shopify.control.stats()
  const a = w.stack.amazon.control.stats()
  return {
    shopifyRequests: s.requests,
    shopifySets: s.byOperation.inventorySetQuantities ?? 0,
    shopifyThrottled: s.throttled,
    shopifyOps: { ...s.byOperation },
    amazonRequests: a.totalRequests,
    amazonTransfers: a.documentTransfers,
    amazonLwa: a.lwaExchanges,
    amazonThrottled: a.totalThrottled,
    amazonOps: { ...a.requests },
    amazonPushes: w.stack.amazon.state.pushes.length,
  }
}

/** operations of the scheduled pulls that may run meanwhile (orders every 2 minutes…): not the push's */
const PULL_OPS = new Set([
  'shop',
  'orders',
  'order',
  'locations',
  'location',
  'searchOrders',
  'getOrders',
  'getOrderItems',
  'getInventorySummaries',
  'getMarketplaceParticipations',
])
const sumOps = (ops: Record<string, number>, pull: boolean) =>
  Object.entries(ops)
    .filter(([k]) => PULL_OPS.has(k) === pull)
    .reduce((n, [, v]) => n + v, 0)

const diff = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] ?? 0)])
      .filter(([, v]) => v !== 0),
  )

export function fanoutFloor(n: number, args: Pick<BenchArgs, 'amazonFeedMs' | 'amazonRateScale' | 'shopifyRateScale'>) {
  const shopifyCalls = Math.ceil(n / INVENTORY_BATCH)
  const bucket = 2000 * args.shopifyRateScale
  const restore = 100 * args.shopifyRateScale
  const shopifySeconds = Math.max(0, shopifyCalls * SHOPIFY_SET_COST - bucket) / restore
  let amazonSeconds: number
  let amazonCalls: number
  if (n >= AMAZON_FEED_THRESHOLD) {
    const feeds = Math.ceil(n / MAX_FEED_MESSAGES)
    const f = args.amazonFeedMs
    amazonSeconds = (feeds * (f.queue + f.processing) + f.perMessage * n) / 1000
    amazonCalls = 2 * feeds * 6
  } else {
    const plan = USAGE_PLANS.patchListingsItem
    amazonSeconds = Math.max(0, n - plan.burst) / (plan.rate * args.amazonRateScale)
    amazonCalls = 2 * n
  }
  return {
    shopifyCalls,
    shopifySeconds,
    amazonCalls,
    amazonSeconds,
    seconds: Math.max(shopifySeconds, amazonSeconds),
    calls: shopifyCalls + amazonCalls,
  }
}

export async function benchFanout(w: World, args: BenchArgs, timeoutMs: number): Promise<FanoutResult> {
  const skus = w.items.map((i) => i.sku)
  const erp = w.stack.erp.control
  // new stock arrives at US-EAST for every article (a different amount per SKU)
  skus.forEach((sku, i) => {
    const cur = erp.state.items.get(sku)!.stock.find((s) => s.warehouse === US_WH)!.inStock
    erp.setStock(sku, US_WH, cur + 5 + (i % 7))
  })
  const before = counters(w)
  const wallStart = new Date()
  const t0 = performance.now()
  const sent = await erp.send({
    type: 'stock_snapshot',
    format: 'json',
    documentId: 'bench-fanout',
    ...(args.erpBatch > 0 ? { batchSize: args.erpBatch } : {}),
  })
  const sendMs = performance.now() - t0
  if (sent.some((s) => s.status !== 202))
    throw new Error(`the hub refused the snapshot: ${sent.map((s) => s.status).join(', ')}`)
  log(
    `  fan-out: snapshot of ${skus.length} SKUs (${sent.reduce((n, s) => n + s.records, 0)} records, ${Math.round(sent.reduce((n, s) => n + s.bytes, 0) / 1024)} KB in ${sent.length} document(s)) accepted in ${Math.round(sendMs)} ms`,
  )
  const seen = await waitChannels(w.view, skus, t0, {
    timeoutMs,
    intervalMs: 200,
    onPoll: () => w.stuck.check('fanout'),
  })
  const after = counters(w)

  // the hub's side: when the documents were processed, and the push runs it made
  const inbox = await w
    .db('webhook_inbox')
    .where({ connection_id: w.conns.erp.id })
    .where('received_at', '>=', wallStart)
    .select(
      w.db.raw('extract(epoch from max(processed_at) - min(received_at))::float as ingest_s'),
      w.db.raw('count(*)::int as documents'),
    )
    .first()
  const runs = await w
    .db('sync_runs')
    .where({ tenant_id: w.tenantId, direction: 'push', stream: 'inventory' })
    .where('started_at', '>=', wallStart)
    .groupBy('connection_id')
    .select(
      'connection_id',
      w.db.raw('count(*)::int as runs'),
      w.db.raw('sum(updated)::int as pushed'),
      w.db.raw('sum(failed)::int as failed'),
    )
  const failures = await w
    .db('sync_run_failures as f')
    .join('sync_runs as r', 'r.id', 'f.run_id')
    .where('r.tenant_id', w.tenantId)
    .where('r.started_at', '>=', wallStart)
    .groupBy('r.connection_id', 'r.direction', 'f.code')
    .select(
      'r.connection_id',
      'r.direction',
      'f.code',
      w.db.raw('count(*)::int as n'),
      w.db.raw('min(f.message) as example'),
    )
  const dirtyAfter = await w
    .db('inventory_dirty')
    .where({ tenant_id: w.tenantId })
    .groupBy('connection_id')
    .select('connection_id', w.db.raw('count(*)::int as n'))
  const names: Record<string, string> = {
    [w.conns.shopify.id]: 'shopify',
    [w.conns.amazon.id]: 'amazon',
    [w.conns.erp.id]: 'erp',
    [w.conns.whUS.id]: '3pl-us',
    [w.conns.whEU.id]: '3pl-eu',
  }
  const name = (id: string) => names[id] ?? id
  const pushes = w.stack.amazon.state.pushes.slice(before.amazonPushes)
  const road = (mp: string) => {
    const mine = pushes.filter((p) => p.marketplaceId === mp)
    return { feed: mine.filter((p) => p.via === 'feed').length, patch: mine.filter((p) => p.via !== 'feed').length }
  }

  const floor = fanoutFloor(skus.length, args)
  const shopifyOps = diff(after.shopifyOps, before.shopifyOps)
  const amazonOps = diff(after.amazonOps, before.amazonOps)
  const shopifyCalls = sumOps(shopifyOps, false)
  const amazonCalls = sumOps(amazonOps, false) + after.amazonTransfers - before.amazonTransfers
  const seconds = seen.doneMs === undefined ? null : round(seen.doneMs / 1000, 2)
  const s = (ms: number | undefined) => (ms === undefined ? null : round(ms / 1000, 2))
  return {
    skus: skus.length,
    seconds,
    floorSeconds: round(floor.seconds, 2),
    calls: shopifyCalls + amazonCalls,
    minCalls: floor.calls,
    ratio: seconds === null || floor.seconds === 0 ? null : round(seconds / floor.seconds, 2),
    detail: {
      source: `ERP stock snapshot (SAP B1 JSON): US-EAST ${args.seedStock ? 'changed' : 'stocked from 0'} for every SKU, DE-HAM unchanged`,
      documents: sent.length,
      records: sent.reduce((n, x) => n + x.records, 0),
      accept_ms: Math.round(sendMs),
      hub_ingest_s: inbox?.ingest_s === null || inbox?.ingest_s === undefined ? null : round(inbox.ingest_s, 2),
      channel_s: { shopify: s(seen.shopifyMs), amazon_us: s(seen.usMs), amazon_de: s(seen.deMs) },
      missing_at_timeout: seen.doneMs === undefined ? seen.missing : undefined,
      push_runs: Object.fromEntries(
        runs.map((r: { connection_id: string; runs: number; pushed: number; failed: number }) => [
          name(r.connection_id),
          { runs: r.runs, pushed: r.pushed, failed: r.failed },
        ]),
      ),
      run_failures: failures.map(
        (f: { connection_id: string; direction: string; code: string; n: number; example: string }) => ({
          connection: name(f.connection_id),
          direction: f.direction,
          code: f.code,
          count: f.n,
          example: f.example.slice(0, 200),
        }),
      ),
      still_dirty_after: Object.fromEntries(
        dirtyAfter.map((d: { connection_id: string; n: number }) => [name(d.connection_id), d.n]),
      ),
      shopify: {
        calls: shopifyCalls,
        inventorySetQuantities: after.shopifySets - before.shopifySets,
        min_calls: floor.shopifyCalls,
        floor_s: round(floor.shopifySeconds, 2),
        throttled: after.shopifyThrottled - before.shopifyThrottled,
        by_operation: shopifyOps,
        pull_calls_meanwhile_not_counted: sumOps(shopifyOps, true),
      },
      amazon: {
        calls: amazonCalls,
        min_calls: floor.amazonCalls,
        floor_s: round(floor.amazonSeconds, 2),
        throttled: after.amazonThrottled - before.amazonThrottled,
        by_operation: { ...amazonOps, documentTransfer: after.amazonTransfers - before.amazonTransfers },
        pull_calls_meanwhile_not_counted: sumOps(amazonOps, true),
        lwa_token_exchanges: after.amazonLwa - before.amazonLwa,
        listings_updated: { US: road(MARKETPLACE.US), DE: road(MARKETPLACE.DE) },
        feed_ms: args.amazonFeedMs,
        rate_scale: args.amazonRateScale,
      },
    },
  }
}
