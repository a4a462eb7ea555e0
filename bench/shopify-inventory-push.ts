// How many calls, how long, and how many THROTTLED answers a full inventory push of N SKUs takes
// through the Shopify connector (inventorySetQuantities, 250 entries a call, changeFromQuantity on
// every entry, an idempotency key per batch), against the sandbox at a plan's real limits
// (default Standard: 2000-point bucket, 100 points/s). Calls and throttles are counted on the
// sandbox side. `latencyMs` adds a round trip per GraphQL request (a live call is ~100–300 ms).
// Run: npx tsx bench/shopify-inventory-push.ts [--skus 10000] [--plan standard] [--latency 0] [--concurrency 4]
import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { httpRuntimeConfig } from '../src/config.ts'
import { ConnectorRuntime } from '../src/connectors/runtime.ts'
import { shopifyConnector, type ShopifyCredentials, type ShopifySettings } from '../src/connectors/shopify/index.ts'
import type { ConnectorContext, InventoryPushItem } from '../src/connectors/types.ts'
import { silentLogger } from '../src/log.ts'
import { listenShopifySandbox, type ShopifyPlan } from '../src/sandbox/shopify/index.ts'

export interface ShopifyPushBench {
  skus: number
  /** inventorySetQuantities calls Shopify (the sandbox) received */
  calls: number
  /** all GraphQL requests, lookups included */
  requests: number
  seconds: number
  throttled: number
  /** the bucket size and restore rate the sandbox ran with */
  bucket: number
  restoreRate: number
  plan: ShopifyPlan
  ok: number
  latencyMs: number
  concurrency: number
}

export async function benchShopifyPush(opts: {
  skus: number
  plan?: ShopifyPlan
  latencyMs?: number
  concurrency?: number
  bucketSize?: number
  restoreRate?: number
}): Promise<ShopifyPushBench> {
  const plan = opts.plan ?? 'standard'
  const sandbox = await listenShopifySandbox({
    plan,
    latencyMs: opts.latencyMs ?? 0,
    ...(opts.bucketSize ? { bucketSize: opts.bucketSize } : {}),
    ...(opts.restoreRate ? { restoreRate: opts.restoreRate } : {}),
  })
  try {
    sandbox.control.seed({ products: opts.skus, variantsPerProduct: 1, locations: 1, available: 10 })
    const settings: ShopifySettings = { baseUrl: sandbox.url, plan, pushConcurrency: opts.concurrency ?? 4 }
    // the sandbox listens on loopback: allow it, and only it
    const runtime = new ConnectorRuntime({ ...httpRuntimeConfig(), egressAllow: '127.0.0.1' })
    const ctx: ConnectorContext<ShopifySettings, ShopifyCredentials> = runtime.context(
      shopifyConnector,
      {
        tenantId: randomUUID(),
        connectionId: randomUUID(),
        settings,
        credentials: { accessToken: sandbox.accessToken, appSecret: sandbox.appSecret },
      },
      { log: silentLogger },
    )
    const items: InventoryPushItem[] = [...sandbox.store.levels.values()].map((l, i) => ({
      key: `bench-${i}`,
      sku: sandbox.store.variants.get(sandbox.store.items.get(l.itemId)!.variantId)!.sku!,
      scope: l.itemId,
      locationExternalId: l.locationId,
      quantity: 10 + (i % 7),
      previousQuantity: 10,
    }))
    const before = sandbox.control.stats()
    const started = performance.now()
    const results = await shopifyConnector.push!(ctx, 'inventory', items)
    const seconds = (performance.now() - started) / 1000
    const after = sandbox.control.stats()
    return {
      skus: opts.skus,
      calls: (after.byOperation.inventorySetQuantities ?? 0) - (before.byOperation.inventorySetQuantities ?? 0),
      requests: after.requests - before.requests,
      seconds: Math.round(seconds * 1000) / 1000,
      throttled: after.throttled - before.throttled,
      bucket: sandbox.limits.bucketSize,
      restoreRate: sandbox.limits.restoreRate,
      plan,
      ok: results.filter((r) => r.status === 'ok').length,
      latencyMs: opts.latencyMs ?? 0,
      concurrency: opts.concurrency ?? 4,
    }
  } finally {
    await sandbox.close()
  }
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const skus = Number(arg('skus', '10000'))
  const plan = arg('plan', 'standard') as ShopifyPlan
  const concurrency = Number(arg('concurrency', '4'))
  const latencies = process.argv.includes('--latency') ? [Number(arg('latency', '0'))] : [0, 150]
  for (const latencyMs of latencies) {
    const r = await benchShopifyPush({ skus, plan, latencyMs, concurrency })
    console.log(
      `${r.skus} SKUs, plan ${r.plan} (bucket ${r.bucket} points, restore ${r.restoreRate}/s), ${r.latencyMs} ms per round trip, ${r.concurrency} batches in flight:`,
    )
    console.log(
      `  ${r.calls} inventorySetQuantities calls (${r.requests} requests in all), ${r.seconds} s, ${r.throttled} THROTTLED, ${r.ok} ok`,
    )
  }
}
