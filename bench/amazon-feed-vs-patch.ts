// How long, and how many HTTP calls, an MFN quantity update of N SKUs takes by each road, against
// the sandbox at Amazon's real usage plans (rateScale 1):
//   feed  — one JSON_LISTINGS_FEED: createFeedDocument, upload, createFeed, getFeed polls with
//           backoff (5 s → ×1.5 → 60 s), getFeedDocument, report download; its time is dominated by
//           the sandbox's feed latency (queue 30 s + 15 s + 3 ms/message by default — Amazon's is
//           minutes to hours and not documented, so that part is an assumption, not a measurement)
//   patch — one patchListingsItem per SKU, paced at 5/s after a burst of 5. Measured on a sample
//           (default 100 SKUs) and extrapolated: steady time per SKU × (N − burst), which is what a
//           token bucket allows; the call count is N plus the retries the sample needed, scaled.
// Run: node --experimental-strip-types bench/amazon-feed-vs-patch.ts [--skus 5000] [--patch-sample 100]
// (or npx tsx). Calls are counted on the sandbox side: SP-API requests (429s included), LWA token
// exchanges and feed document transfers.
import { randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { httpRuntimeConfig } from '../src/config.ts'
import { amazonConnector } from '../src/connectors/amazon/index.ts'
import type { AmazonContext } from '../src/connectors/amazon/client.ts'
import type { AmazonSettings } from '../src/connectors/amazon/settings.ts'
import { ConnectorRuntime } from '../src/connectors/runtime.ts'
import type { InventoryPushItem } from '../src/connectors/types.ts'
import { silentLogger } from '../src/log.ts'
import { listenAmazonSandbox, SANDBOX_DEFAULTS, type AmazonSandboxOptions } from '../src/sandbox/amazon/index.ts'

const US = 'ATVPDKIKX0DER'
const PATCH_BURST = 5

export interface RoadFigures {
  skus: number
  ms: number
  calls: number
  byOperation: Record<string, number>
  throttled: number
  ok: number
}

export interface AmazonPushBench {
  skus: number
  feed: RoadFigures
  patch: RoadFigures & { sampleSkus: number; sampleMs: number; sampleCalls: number; extrapolated: boolean }
  sandbox: { feedQueueMs: number; feedProcessingMs: number; feedProcessingMsPerMessage: number; rateScale: 1 }
}

async function runRoad(skus: number, road: 'feed' | 'patch', sandboxOpts: AmazonSandboxOptions): Promise<RoadFigures> {
  const sb = await listenAmazonSandbox({ ...sandboxOpts, rateScale: 1 })
  try {
    const list = Array.from({ length: skus }, (_, i) => `BENCH-${String(i).padStart(6, '0')}`)
    sb.control.seedListings(
      'US',
      list.map((sku) => ({ sku, quantity: 0, leadTimeDays: 2 })),
    )
    const settings: AmazonSettings = {
      sellerId: SANDBOX_DEFAULTS.sellerId,
      marketplaceIds: [US],
      endpoint: sb.url,
      lwaTokenUrl: `${sb.url}/auth/o2/token`,
      feedThreshold: road === 'feed' ? 1 : 25_000,
    }
    // the sandbox listens on loopback: allow it, and only it; the feed road waits minutes for its
    // feed, so no bound on rate-limit waits here
    const runtime = new ConnectorRuntime({ ...httpRuntimeConfig(), egressAllow: '127.0.0.1', maxLimitWaitMs: 600_000 })
    const ctx: AmazonContext = runtime.context(
      amazonConnector,
      { tenantId: randomUUID(), connectionId: randomUUID(), settings, credentials: { ...SANDBOX_DEFAULTS.app } },
      { log: silentLogger },
    )
    const batch: InventoryPushItem[] = list.map((sku, i) => ({ key: sku, sku, scope: US, quantity: (i % 97) + 1 }))
    const started = performance.now()
    const results = await amazonConnector.push!(ctx, 'inventory', batch)
    const ms = Math.round(performance.now() - started)
    const stats = sb.control.stats()
    return {
      skus,
      ms,
      calls: stats.totalRequests + stats.lwaExchanges + stats.documentTransfers,
      byOperation: { ...stats.requests, lwaToken: stats.lwaExchanges, documentTransfer: stats.documentTransfers },
      throttled: stats.totalThrottled,
      ok: results.filter((r) => r.status === 'ok').length,
    }
  } finally {
    await sb.close()
  }
}

export async function benchAmazonPush(opts: {
  skus: number
  patchSample?: number
  sandbox?: AmazonSandboxOptions
}): Promise<AmazonPushBench> {
  const sample = Math.min(opts.skus, opts.patchSample ?? 100)
  const sandboxOpts: AmazonSandboxOptions = { ...opts.sandbox }
  // the roads run side by side, each against its own sandbox and connection
  const [feed, patchSample] = await Promise.all([
    runRoad(opts.skus, 'feed', sandboxOpts),
    runRoad(sample, 'patch', sandboxOpts),
  ])
  const extrapolated = sample < opts.skus
  const perSku = patchSample.ms / Math.max(1, sample - PATCH_BURST)
  const scale = opts.skus / sample
  return {
    skus: opts.skus,
    feed,
    patch: {
      skus: opts.skus,
      ms: extrapolated ? Math.round(perSku * (opts.skus - PATCH_BURST)) : patchSample.ms,
      calls: extrapolated ? Math.round(opts.skus + (patchSample.calls - sample - 1) * scale + 1) : patchSample.calls,
      byOperation: patchSample.byOperation,
      throttled: extrapolated ? Math.round(patchSample.throttled * scale) : patchSample.throttled,
      ok: extrapolated ? Math.round(patchSample.ok * scale) : patchSample.ok,
      sampleSkus: sample,
      sampleMs: patchSample.ms,
      sampleCalls: patchSample.calls,
      extrapolated,
    },
    sandbox: {
      feedQueueMs: opts.sandbox?.feedQueueMs ?? SANDBOX_DEFAULTS.feedQueueMs,
      feedProcessingMs: opts.sandbox?.feedProcessingMs ?? SANDBOX_DEFAULTS.feedProcessingMs,
      feedProcessingMsPerMessage:
        opts.sandbox?.feedProcessingMsPerMessage ?? SANDBOX_DEFAULTS.feedProcessingMsPerMessage,
      rateScale: 1,
    },
  }
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const skus = arg('skus', 5000)
  const r = await benchAmazonPush({ skus, patchSample: arg('patch-sample', 100) })
  console.log(`Amazon MFN quantity push of ${r.skus} SKUs, sandbox at Amazon's usage plans (rateScale 1)`)
  console.log(
    `  feed  : ${s(r.feed.ms)}, ${r.feed.calls} HTTP calls (${Object.entries(r.feed.byOperation)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}), ${r.feed.ok} ok, ${r.feed.throttled} throttled`,
  )
  console.log(
    `          sandbox feed latency: queue ${s(r.sandbox.feedQueueMs)} + ${s(r.sandbox.feedProcessingMs)} + ${r.sandbox.feedProcessingMsPerMessage} ms/message (assumed; Amazon's is minutes to hours)`,
  )
  console.log(
    `  patch : ${s(r.patch.ms)}, ${r.patch.calls} HTTP calls${r.patch.extrapolated ? ` — extrapolated from ${r.patch.sampleSkus} SKUs measured in ${s(r.patch.sampleMs)} with ${r.patch.sampleCalls} calls (5/s after a burst of 5)` : ''}`,
  )
  console.log(
    `  ratio : patch/feed time ${(r.patch.ms / r.feed.ms).toFixed(1)}×, calls ${(r.patch.calls / r.feed.calls).toFixed(0)}×`,
  )
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
  writeFileSync(
    new URL('./results/amazon-feed-vs-patch.json', import.meta.url),
    JSON.stringify({ at: new Date().toISOString(), ...r }, null, 2),
  )
}
