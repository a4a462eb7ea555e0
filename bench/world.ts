// One seller's world for the benchmarks, set up as the whole-story test does it and as a seller
// would (REST API, sync now, documents the ERP sends): N articles in the ERP's item master, both
// 3PLs' warehouses, a Shopify store listing every article, Amazon US and DE bound to them, and the
// first push of every quantity (0 unless --seed-stock) to every channel. Also the eyes of the
// benchmarks: what each channel sandbox shows for a SKU, and what it should show by the ERP's books.
import type { Knex } from 'knex'
import { createApiToken, createTenantWithOwner } from '../src/auth/accounts.ts'
import { createDb } from '../src/db/knex.ts'
import { quantityOf } from '../src/sandbox/amazon/listings.ts'
import {
  ERP_WAREHOUSES,
  MARKETPLACE,
  connectStack,
  startSandboxStack,
  type Stack,
  type StackItem,
} from '../src/sandbox/stack.ts'
import { splitAcrossTargets } from '../src/sync/inventory/ats.ts'
import { log, round, until, type BenchArgs, type BenchHub } from './support.ts'

export type Conns = Awaited<ReturnType<typeof connectStack>>
type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>

export const US_WH = '02' // ERP warehouse code of US-EAST (ERP_WAREHOUSES)
const AMAZON_TARGETS = [MARKETPLACE.US, MARKETPLACE.DE]
/** POST /connections/:id/bindings takes at most this many items a call */
const BINDINGS_PER_CALL = 5000

export interface World {
  hub: BenchHub
  db: Knex
  tenantId: string
  call: Call
  stack: Stack
  conns: Conns
  items: StackItem[]
  view: ChannelView
  setup: Record<string, number>
  stuck: StuckPushes
}

/** N articles; with `seedStock` both warehouses hold some, else none yet (the fan-out brings it). */
export function benchItems(n: number, seedStock: boolean): StackItem[] {
  return Array.from({ length: n }, (_, i) => ({
    sku: `BENCH-${String(i).padStart(6, '0')}`,
    name: `Bench article ${i}`,
    price: `${10 + (i % 40)}.${String(i % 100).padStart(2, '0')}`,
    stock: seedStock ? { 'US-EAST': 20 + (i % 10), 'DE-HAM': 10 + (i % 5) } : { 'US-EAST': 0, 'DE-HAM': 0 },
  }))
}

function apiCaller(hubUrl: string, token: string): Call {
  return async (method, path, body) => {
    const res = await fetch(`${hubUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await res.text()
    let json: unknown = text
    try {
      json = JSON.parse(text)
    } catch {}
    return { status: res.status, body: json }
  }
}

async function must(call: Call, method: string, path: string, body?: unknown): Promise<any> {
  const r = await call(method, path, body)
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`)
  return r.body
}

/** What each channel sandbox shows, read from its memory (no API calls, so nothing is counted). */
export class ChannelView {
  private shopifyItem = new Map<string, string>()

  constructor(private readonly stack: Stack) {
    for (const v of stack.shopify.store.variants.values()) if (v.sku) this.shopifyItem.set(v.sku, v.inventoryItemId)
  }

  shopify(sku: string): number | undefined {
    const item = this.shopifyItem.get(sku)
    return item ? this.stack.shopify.store.level(item, this.stack.shopLocation.id)?.q.available : undefined
  }

  amazon(marketplaceId: string, sku: string): number | undefined {
    const l = this.stack.amazon.state.listing(marketplaceId, sku)
    return l ? quantityOf(l) : undefined
  }

  /** on hand in the ERP's books (the stock source of both warehouses) */
  erpTotal(sku: string): number {
    const it = this.stack.erp.control.state.items.get(sku)
    return (it?.stock ?? []).filter((s) => s.warehouse in ERP_WAREHOUSES).reduce((n, s) => n + s.inStock, 0)
  }

  /**
   * What every channel should show with no reservations and no rules: Shopify sells both
   * warehouses through its one location; Amazon's ATS is split over its two marketplaces.
   */
  expected(sku: string): { shopify: number; us: number; de: number } {
    const total = this.erpTotal(sku)
    const split = splitAcrossTargets(total, AMAZON_TARGETS)
    return { shopify: total, us: split.get(MARKETPLACE.US)!, de: split.get(MARKETPLACE.DE)! }
  }

  /** which channels already show the expected quantity of `sku` */
  shows(sku: string): { shopify: boolean; us: boolean; de: boolean } {
    const e = this.expected(sku)
    return {
      shopify: this.shopify(sku) === e.shopify,
      us: this.amazon(MARKETPLACE.US, sku) === e.us,
      de: this.amazon(MARKETPLACE.DE, sku) === e.de,
    }
  }
}

export interface ChannelWait {
  /** ms from `since` until each channel showed every SKU (undefined: not within the time) */
  shopifyMs?: number
  usMs?: number
  deMs?: number
  doneMs?: number
  missing: { shopify: number; us: number; de: number }
}

/** Watch until every channel shows the expected quantity of every SKU; when each got there. */
export async function waitChannels(
  view: ChannelView,
  skus: string[],
  since: number,
  opts: { timeoutMs: number; intervalMs: number; onPoll?: () => Promise<void> },
): Promise<ChannelWait> {
  const left = { shopify: new Set(skus), us: new Set(skus), de: new Set(skus) }
  const out: ChannelWait = { missing: { shopify: 0, us: 0, de: 0 } }
  const check = () => {
    const now = performance.now() - since
    for (const sku of left.shopify) if (view.shopify(sku) === view.expected(sku).shopify) left.shopify.delete(sku)
    for (const sku of left.us) if (view.amazon(MARKETPLACE.US, sku) === view.expected(sku).us) left.us.delete(sku)
    for (const sku of left.de) if (view.amazon(MARKETPLACE.DE, sku) === view.expected(sku).de) left.de.delete(sku)
    if (out.shopifyMs === undefined && left.shopify.size === 0) out.shopifyMs = now
    if (out.usMs === undefined && left.us.size === 0) out.usMs = now
    if (out.deMs === undefined && left.de.size === 0) out.deMs = now
    return left.shopify.size + left.us.size + left.de.size === 0
  }
  let polls = 0
  const done = await until(async () => {
    if (opts.onPoll && ++polls % 10 === 0) await opts.onPoll()
    return check()
  }, opts)
  if (done) out.doneMs = Math.max(out.shopifyMs!, out.usMs!, out.deMs!)
  out.missing = { shopify: left.shopify.size, us: left.us.size, de: left.de.size }
  return out
}

async function lastPullRun(
  db: Knex,
  connectionId: string,
  stream: string,
): Promise<{ id: string; status: string; finished_at: Date | null } | undefined> {
  return db('sync_runs')
    .where({ connection_id: connectionId, stream, direction: 'pull' })
    .orderBy('started_at', 'desc')
    .first('id', 'status', 'finished_at')
}

/** Sync now, and wait for a run that started after the press to finish. */
export async function syncAndWait(
  w: Pick<World, 'db' | 'call'>,
  connectionId: string,
  stream: string,
  timeoutMs = 120_000,
): Promise<{ id: string; status: string }> {
  const before = (await lastPullRun(w.db, connectionId, stream))?.id
  await must(w.call, 'POST', `/connections/${connectionId}/streams/${stream}/sync`)
  const run = await until(
    async () => {
      const r = await lastPullRun(w.db, connectionId, stream)
      return r && r.id !== before && r.finished_at ? r : undefined
    },
    { timeoutMs, intervalMs: 100 },
  )
  if (!run) throw new Error(`${stream} pull of ${connectionId} did not finish within ${timeoutMs} ms`)
  if (run.status === 'failed') throw new Error(`${stream} pull of ${connectionId} failed`)
  return run
}

/** Wait until the hub has processed every document the ERP sent (its inbox is drained). */
export async function erpInboxDrained(w: Pick<World, 'db' | 'conns'>, timeoutMs: number): Promise<boolean> {
  const done = await until(
    async () => {
      const open = await w
        .db('webhook_inbox')
        .where({ connection_id: w.conns.erp.id })
        .whereNotIn('status', ['processed', 'discarded'])
        .first('id', 'status', 'error')
      if (open?.status === 'failed') throw new Error(`ERP document failed in the hub: ${open.error}`)
      return !open
    },
    { timeoutMs, intervalMs: 100 },
  )
  return Boolean(done)
}

/**
 * Default schedules that in this set-up only produce failures, switched off as a seller would
 * once they saw them (manual sync still works): the 3PLs' inventory pulls (the ERP is the stock
 * source of both warehouses, so every count is refused: N failed records per pull), Shopify's
 * inventory pull (its location is not a hub warehouse: N failed records) and Shopify's hourly
 * catalog pull (N products re-read). Left on, each fires every 10 minutes (the catalog hourly)
 * and lands in whichever benchmark runs at the time. --keep-schedules leaves them on.
 */
async function pauseIdleSchedules(call: Call, conns: Conns): Promise<void> {
  for (const [id, stream] of [
    [conns.whUS.id, 'inventory'],
    [conns.whEU.id, 'inventory'],
    [conns.shopify.id, 'inventory'],
    [conns.shopify.id, 'catalog'],
  ] as const) {
    await must(call, 'PATCH', `/connections/${id}/streams/${stream}`, { enabled: false })
  }
}

/**
 * How often the hub asks Amazon whether a feed is done. connectStack polls every 100–500 ms, which
 * suits the tests' 0.4-second sandbox feeds; with feeds of a minute that is ~2 getFeed calls a
 * second per marketplace against a plan of 2/s for the seller, and the 429s that follow can fail a
 * whole feed. The connector's defaults (5 s ×1.5 up to 60 s) are made for Amazon's feeds of
 * minutes to hours; against one-minute feeds their steps (40.6, 65.9, 103.9 s…) decide the figure
 * (a 67-second feed is seen at 104 s). The benchmark polls from 2 s growing to 5 s: two
 * marketplaces stay at ≤ 1 getFeed a second, and a finished feed is seen within 5 s.
 */
async function amazonFeedPolling(call: Call, conns: Conns, poll: [number, number] | undefined): Promise<void> {
  const conn = await must(call, 'GET', `/connections/${conns.amazon.id}`)
  const { feedPollMinMs: _min, feedPollMaxMs: _max, ...settings } = conn.settings as Record<string, unknown>
  await must(call, 'PATCH', `/connections/${conns.amazon.id}`, {
    settings: { ...settings, ...(poll ? { feedPollMinMs: poll[0], feedPollMaxMs: poll[1] } : {}) },
  })
}

/**
 * A push whose items fail retryably (a 429 that outlasted the client's retries, a feed that
 * ended FATAL) leaves those SKUs dirty, but nothing asks for another push until some other
 * stock change does. An operator would press "replay" on the failed run (POST /runs/:id/replay);
 * this does the same after the SKUs have sat dirty with no push job for 5 seconds, and counts it,
 * so a benchmark finishes and says it needed help.
 */
export class StuckPushes {
  readonly replays: Record<string, number> = {}
  private since = new Map<string, number>()

  constructor(private readonly w: World) {}

  async check(phase: string): Promise<void> {
    const { db, conns } = this.w
    for (const id of [conns.shopify.id, conns.amazon.id]) {
      const dirty = await db('inventory_dirty').where({ connection_id: id }).first('sku')
      const job = await db.raw(
        `select 1 from pgboss.job where name = 'inventory-push' and state in ('created', 'retry', 'active') and data->>'connectionId' = ? limit 1`,
        [id],
      )
      if (!dirty || job.rows.length) {
        this.since.delete(id)
        continue
      }
      const first = this.since.get(id) ?? Date.now()
      this.since.set(id, first)
      if (Date.now() - first < 5000) continue
      const run = await db('sync_runs')
        .where({ connection_id: id, direction: 'push' })
        .orderBy('started_at', 'desc')
        .first('id', 'failed')
      if (!run) continue
      await must(this.w.call, 'POST', `/runs/${run.id}/replay`)
      this.replays[phase] = (this.replays[phase] ?? 0) + 1
      this.since.delete(id)
      log(
        `  ${phase}: ${id === conns.amazon.id ? 'Amazon' : 'Shopify'} had SKUs left dirty with no push to come (its last run had ${run.failed} failed); replayed that run`,
      )
    }
  }
}

// configureStack (src/sandbox/stack.ts) in two parts, the same routing, channel locations and
// bindings, with the Amazon bindings sent in calls of at most 5000 items as the API takes them.

/**
 * The seller binds the Amazon listings while the connection is paused and switches it on once
 * all are bound: each bindings call asks for a push, and a live connection would send a feed per
 * call (JSON_LISTINGS_FEED allows 5 per 5 minutes) instead of one feed for the lot.
 */
async function configureAmazon(call: Call, conns: Conns): Promise<void> {
  await must(call, 'PATCH', `/connections/${conns.amazon.id}`, { status: 'disabled' })
  const bindings = conns.items.flatMap((it) =>
    AMAZON_TARGETS.map((m) => ({ sku: it.sku, externalId: it.sku, externalSku: it.sku, scope: m })),
  )
  for (let i = 0; i < bindings.length; i += BINDINGS_PER_CALL) {
    await must(call, 'POST', `/connections/${conns.amazon.id}/bindings`, {
      items: bindings.slice(i, i + BINDINGS_PER_CALL),
    })
  }
  await must(call, 'PATCH', `/connections/${conns.amazon.id}`, { status: 'connected' })
  await must(call, 'PUT', `/connections/${conns.amazon.id}/locations`, {
    items: [{ location: 'US-EAST' }, { location: 'DE-HAM' }],
  })
}

async function configureShopify(call: Call, stack: Stack, conns: Conns): Promise<void> {
  await must(call, 'PUT', '/routing-rules', {
    routes: { US: ['US-EAST', 'DE-HAM'], CA: ['US-EAST'], EUROPE: ['DE-HAM', 'US-EAST'], '*': ['US-EAST'] },
  })
  await must(call, 'PUT', `/connections/${conns.shopify.id}/locations`, {
    items: [
      { location: 'US-EAST', externalLocationId: stack.shopLocation.id },
      { location: 'DE-HAM', externalLocationId: stack.shopLocation.id },
    ],
  })
}

export async function buildWorld(args: BenchArgs, hub: BenchHub, databaseUrl: string): Promise<World> {
  const setup: Record<string, number> = {}
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now()
    const r = await fn()
    setup[name] = round((performance.now() - t) / 1000, 2)
    log(`  setup: ${name} ${setup[name]} s`)
    return r
  }
  const db = createDb(databaseUrl, { poolMax: 4, applicationName: 'crossdock-bench' })
  const { tenantId } = await createTenantWithOwner(db, {
    tenantName: 'Bench Seller',
    email: 'bench@example.com',
    password: 'correct horse battery staple',
  })
  const { token } = await createApiToken(db, tenantId, { name: 'bench', role: 'owner' })
  const call = apiCaller(hub.url, token)
  const items = benchItems(args.skus, args.seedStock)
  const stack = await step('sandboxes', () =>
    startSandboxStack({
      items,
      shipDelayMs: null,
      amazonRateScale: args.amazonRateScale,
      amazonFeedMs: args.amazonFeedMs,
      shopifyThrottle: {
        bucketSize: Math.round(2000 * args.shopifyRateScale),
        restoreRate: 100 * args.shopifyRateScale,
      },
    }),
  )
  const view = new ChannelView(stack)
  const conns = await step('connections', () => connectStack(call, stack, hub.url, items))
  const w: World = {
    hub,
    db,
    tenantId,
    call,
    stack,
    conns,
    items,
    view,
    setup,
    stuck: undefined as unknown as StuckPushes,
  }
  w.stuck = new StuckPushes(w)
  await step('Amazon feed polling as configured', () => amazonFeedPolling(call, conns, args.amazonFeedPollMs))
  if (!args.keepSchedules)
    await step('schedules that only fail here switched off', () => pauseIdleSchedules(call, conns))
  await step('warehouse locations', async () => {
    await syncAndWait(w, conns.whUS.id, 'locations')
    await syncAndWait(w, conns.whEU.id, 'locations')
  })
  const batch = args.erpBatch > 0 ? { batchSize: args.erpBatch } : {}
  await step('ERP item master', async () => {
    const sent = await stack.erp.control.send({
      type: 'item_master',
      format: 'json',
      documentId: 'bench-items',
      ...batch,
    })
    if (sent.some((s) => s.status !== 202))
      throw new Error(`ERP item master refused: ${sent.map((s) => `${s.status} ${s.body.slice(0, 200)}`).join('; ')}`)
    if (!(await erpInboxDrained(w, 600_000))) throw new Error('ERP item master not processed in 10 minutes')
  })
  if (args.seedStock)
    await step('ERP stock snapshot', async () => {
      const sent = await stack.erp.control.send({
        type: 'stock_snapshot',
        format: 'json',
        documentId: 'bench-stock-0',
        ...batch,
      })
      if (sent.some((s) => s.status !== 202))
        throw new Error(`ERP stock refused: ${sent.map((s) => `${s.status} ${s.body.slice(0, 200)}`).join('; ')}`)
      if (!(await erpInboxDrained(w, 600_000))) throw new Error('ERP stock not processed in 10 minutes')
    })
  const started = performance.now()
  // Amazon first (its first push, a feed per marketplace, then runs while Shopify's catalog is pulled)
  await step('Amazon channel locations and bindings', () => configureAmazon(call, conns))
  await step('Shopify catalog pull (binds listings)', async () => {
    await syncAndWait(w, conns.shopify.id, 'catalog', 600_000)
    const bound = await db('bindings')
      .where({ connection_id: conns.shopify.id, entity: 'variant' })
      .count<{ n: number }[]>('* as n')
    if (Number(bound[0]!.n) < items.length)
      throw new Error(`only ${bound[0]!.n} of ${items.length} Shopify listings bound`)
  })
  await step('routing rules and Shopify channel locations', () => configureShopify(call, stack, conns))
  await step('first push to every channel', async () => {
    const r = await waitChannels(
      view,
      items.map((i) => i.sku),
      started,
      { timeoutMs: 900_000, intervalMs: 250 },
    )
    if (r.doneMs === undefined)
      throw new Error(`the first push did not reach every channel: missing ${JSON.stringify(r.missing)}`)
    // with no stock yet the sandboxes already show 0: wait for the hub to have pushed it all
    const pushed = await until(
      async () => {
        await w.stuck.check('setup')
        const dirty = await db('inventory_dirty').where({ tenant_id: tenantId }).first('sku')
        const busy = Object.keys(await busyJobs(db)).some((k) => k.startsWith('inventory-push:'))
        return !dirty && !busy
      },
      { timeoutMs: 900_000, intervalMs: 250 },
    )
    if (!pushed) throw new Error('the first push did not finish')
  })
  return w
}

export async function closeWorld(w: World | undefined): Promise<void> {
  if (!w) return
  await w.stack.close()
  await w.db.destroy()
}

/**
 * backorder-retry gets a job for every stock record that moved and drains at 2 jobs/s (one slot,
 * 0.5 s poll): after a big snapshot it stays busy for a long time without touching what the
 * benchmarks measure, so it does not count against quiet (its backlog is reported).
 */
export const BACKGROUND_QUEUES = ['backorder-retry']

/** Jobs waiting or running now (scheduled ones for later excluded), by queue: the hub is quiet when none. */
export async function busyJobs(db: Knex): Promise<Record<string, number>> {
  const r = await db.raw(
    `select name, state, count(*)::int as n from pgboss.job where state in ('created', 'retry', 'active') and start_after <= now() group by name, state`,
  )
  return Object.fromEntries(
    r.rows.map((x: { name: string; state: string; n: number }) => [`${x.name}:${x.state}`, x.n]),
  )
}

export async function waitQuiet(
  w: World,
  phase: string,
  timeoutMs: number,
): Promise<{ quiet: boolean; busy: Record<string, number> }> {
  let busy: Record<string, number> = {}
  const quiet = await until(
    async () => {
      await w.stuck.check(phase)
      busy = await busyJobs(w.db)
      return Object.keys(busy).every((k) => BACKGROUND_QUEUES.includes(k.split(':')[0]!))
    },
    { timeoutMs, intervalMs: 250 },
  )
  return { quiet: Boolean(quiet), busy }
}
