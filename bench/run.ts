// `npm run bench`: the sync engine's four figures on one machine, printed as a table and written
// to bench/results/latest.json so runs can be compared. One hub (API + workers) on a fresh
// database, every remote a sandbox over loopback HTTP at its real rate limits (flags scale them),
// one seller set up through the REST API as the whole-story test does; then, in this order:
//   fanout   N SKUs change stock at a warehouse → every channel shows them   (bench/fanout.ts)
//   single   one stock change → every channel, p50/p99                        (bench/single-change.ts)
//   pgbench  single-row INSERT TPS on the same database                       (bench/pgbench.ts)
//   orders   N orders imported → reserved → routed                            (bench/orders.ts)
//   webhooks signed webhooks accepted per second, p99                         (bench/webhook-intake.ts)
// Each phase starts once the hub's queues are quiet (bounded wait), and every load loop is
// bounded in count and in time. The connector-level benches (bench/shopify-inventory-push.ts,
// bench/amazon-feed-vs-patch.ts) run on their own.
import '../src/require-node.ts'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { benchFanout, type FanoutResult } from './fanout.ts'
import { benchOrders, type OrdersResult } from './orders.ts'
import { benchPgbench, type PgbenchResult } from './pgbench.ts'
import { benchSingleChange, type SingleChangeResult } from './single-change.ts'
import { freshDatabase, log, parseArgs, round, startBenchHub, type BenchDatabase, type BenchHub } from './support.ts'
import { benchWebhookIntake, type WebhookResult } from './webhook-intake.ts'
import { buildWorld, closeWorld, waitQuiet, type World } from './world.ts'

// the sandboxes listen on loopback: the hubs (in process or spawned) may call 127.0.0.1, and only it
process.env.CROSSDOCK_EGRESS_ALLOW ??= '127.0.0.1'
const args = parseArgs(process.argv.slice(2))
const want = (name: string) => !args.only || args.only.has(name)
const runStarted = performance.now()
const elapsedS = () => round((performance.now() - runStarted) / 1000, 1)

const TIME = { fanoutMs: 420_000, singleMs: 240_000, ordersMs: 180_000, webhooksMs: 60_000, quietMs: 60_000 }

let database: BenchDatabase | undefined
let hub: BenchHub | undefined
let world: World | undefined
let fanout: FanoutResult | undefined
let single: SingleChangeResult | undefined
let orders: OrdersResult | undefined
let pgb: PgbenchResult | undefined
let hooks: WebhookResult | undefined
const errors: Record<string, string> = {}
const quiet: Record<string, { quiet: boolean; busy: Record<string, number> }> = {}
let peakRss: number | undefined

async function phase<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
  if (!want(name)) return undefined
  if (world) {
    const t = performance.now()
    const q = await waitQuiet(world, `before ${name}`, TIME.quietMs)
    quiet[name] = q
    if (performance.now() - t > 1000)
      log(
        `  waited ${round((performance.now() - t) / 1000, 1)} s for the hub's queues to go quiet${q.quiet ? '' : ` (still busy: ${JSON.stringify(q.busy)}; going on)`}`,
      )
  }
  log(`${name}…`)
  try {
    return await fn()
  } catch (err) {
    errors[name] = err instanceof Error ? err.message : String(err)
    log(`  ${name} failed: ${errors[name]}`)
    return undefined
  }
}

try {
  log(
    `crossdock bench: ${args.skus} SKUs, ${args.changes} changes, ${args.orders} orders, ${args.webhooks} webhooks; Amazon rates ×${args.amazonRateScale}, feed ${args.amazonFeedMs.queue}+${args.amazonFeedMs.processing} ms + ${args.amazonFeedMs.perMessage} ms/message; Shopify bucket ×${args.shopifyRateScale}`,
  )
  database = await freshDatabase()
  log(`database ${database.name} (${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL server'})`)
  hub = await startBenchHub(database, args)
  log(`hub at ${hub.url} (${hub.mode})`)
  log('setup…')
  world = await buildWorld(args, hub, database.url)
  log(`setup done at ${elapsedS()} s`)
  const w = world
  fanout = await phase('fanout', () => benchFanout(w, args, TIME.fanoutMs))
  single = await phase('single', () => benchSingleChange(w, args, TIME.singleMs))
  // pgbench on a quiet hub, before the orders leave 3PL sends behind (150 a minute at the 3PL)
  pgb = await phase('pgbench', () => benchPgbench(database!.url, args))
  orders = await phase('orders', () => benchOrders(w, args, TIME.ordersMs))
  hooks = await phase('webhooks', () => benchWebhookIntake(w, args, TIME.webhooksMs))
} catch (err) {
  errors.setup = err instanceof Error ? err.message : String(err)
  log(`setup failed: ${errors.setup}`)
  if (hub) console.error(hub.tail().join('\n'))
} finally {
  peakRss = hub?.peakRssMb()
  await closeWorld(world).catch(() => undefined)
  await hub?.stop().catch((err) => log(`hub stop: ${(err as Error).message}`))
  await database?.drop().catch((err) => log(`database drop: ${(err as Error).message}`))
}

const results = {
  fanout_skus: fanout?.skus ?? null,
  fanout_seconds: fanout?.seconds ?? null,
  fanout_floor_seconds: fanout?.floorSeconds ?? null,
  fanout_calls: fanout?.calls ?? null,
  fanout_min_calls: fanout?.minCalls ?? null,
  single_change_p50_ms: single?.p50Ms ?? null,
  single_change_p99_ms: single?.p99Ms ?? null,
  webhook_per_s: hooks?.perSecond ?? null,
  webhook_p99_ms: hooks?.p99Ms ?? null,
  pgbench_insert_tps: pgb?.tps ?? null,
  orders_per_s: orders?.perSecond ?? null,
  peak_rss_mb: peakRss ?? null,
  // beyond the compared keys: what the figures stand on
  fanout_ratio: fanout?.ratio ?? null,
  single_changes_measured: single?.changes ?? null,
  orders_routed: orders?.orders ?? null,
  run_seconds: elapsedS(),
  at: new Date().toISOString(),
  bench_process_peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  settings: {
    skus: args.skus,
    changes: args.changes,
    change_concurrency: args.changeConcurrency,
    orders: args.orders,
    webhooks: args.webhooks,
    webhook_concurrency: args.webhookConcurrency,
    amazon_rate_scale: args.amazonRateScale,
    amazon_feed_ms: args.amazonFeedMs,
    shopify_rate_scale: args.shopifyRateScale,
    erp_batch: args.erpBatch,
    amazon_feed_poll_ms: args.amazonFeedPollMs ?? 'connector defaults (5000 ×1.5 → 60000)',
    seed_stock: args.seedStock,
    keep_schedules: args.keepSchedules,
    hub: hub?.mode ?? null,
    hub_log_level: args.logLevel,
    database: database ? (database.embedded ? 'embedded' : 'DATABASE_URL') : null,
  },
  setup_s: world?.setup ?? null,
  queues_quiet_before: quiet,
  operator_replays: world?.stuck.replays ?? null,
  fanout: fanout?.detail ?? null,
  single_change: single?.detail ?? null,
  orders: orders?.detail ?? null,
  pgbench: pgb?.detail ?? null,
  webhooks: hooks?.detail ?? null,
  errors,
}

mkdirSync(path.dirname(args.out), { recursive: true })
writeFileSync(args.out, JSON.stringify(results, null, 2) + '\n')

const v = (x: unknown, unit = '') => (x === null || x === undefined ? '—' : `${x}${unit}`)
const rows: [string, string, string][] = [
  [
    'fan-out',
    `${v(results.fanout_skus)} SKUs → every channel`,
    `${v(results.fanout_seconds, ' s')} (floor ${v(results.fanout_floor_seconds, ' s')}, ×${v(results.fanout_ratio)})`,
  ],
  ['', 'API calls', `${v(results.fanout_calls)} (min ${v(results.fanout_min_calls)})`],
  [
    'single change',
    `p50 / p99 over ${v(results.single_changes_measured)}`,
    `${v(results.single_change_p50_ms, ' ms')} / ${v(results.single_change_p99_ms, ' ms')}`,
  ],
  [
    'webhook intake',
    'accepted per second, p99',
    `${v(results.webhook_per_s, '/s')}, ${v(results.webhook_p99_ms, ' ms')}`,
  ],
  ['pgbench', 'single-row INSERT TPS', v(results.pgbench_insert_tps)],
  ['orders', `${v(results.orders_routed)} imported → routed`, v(results.orders_per_s, ' orders/s')],
  ['hub', 'peak RSS', v(results.peak_rss_mb, ' MB')],
  ['run', 'wall time', v(results.run_seconds, ' s')],
]
const w1 = Math.max(...rows.map((r) => r[0].length))
const w2 = Math.max(...rows.map((r) => r[1].length))
console.log('')
for (const [a, b, c] of rows) console.log(`${a.padEnd(w1)}  ${b.padEnd(w2)}  ${c}`)
if (Object.keys(errors).length) console.log(`\nerrors: ${JSON.stringify(errors)}`)
console.log(`\nwritten to ${path.relative(process.cwd(), args.out)}`)
process.exit(Object.keys(errors).length ? 1 : 0)
