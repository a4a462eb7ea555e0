// The story again, with the world misbehaving: Shopify sends every webhook twice and out of
// order, the 3PL and Shopify throttle hard (a 429 / THROTTLED storm), and the only worker process
// is killed with SIGKILL in the middle of the order flow, then a new one starts. Afterwards: no
// order lost or duplicated, no 3PL order sent twice, no unit pushed above what the ledger allowed,
// and the ledger's on-hand equal to the warehouses' own final stock.
import { chmodSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  configureStack,
  connectStack,
  MARKETPLACE,
  startSandboxStack,
  type Stack,
  type StackItem,
} from '../../src/sandbox/stack.ts'
import { tenantWithToken, type ApiCaller } from '../support/api.ts'
import { eventually, startTestHub, TEST_SECRET_KEY, type TestHub } from '../support/hub.ts'
import { spawnCli, type Child } from '../support/spawn.ts'
import { storyHelpers } from '../support/story.ts'

const ITEMS: StackItem[] = [
  { sku: 'MUG-BLUE', name: 'Blue mug', price: '12.50', stock: { 'US-EAST': 40, 'DE-HAM': 20 } },
  { sku: 'TEE-M', name: 'T-shirt M', price: '20.00', stock: { 'US-EAST': 30, 'DE-HAM': 10 } },
  { sku: 'CAP-RED', name: 'Red cap', price: '9.00', stock: { 'US-EAST': 5, 'DE-HAM': 5 } },
]
const SHOPIFY_ORDERS = 12
const AMAZON_ORDERS = 8

describe('chaos: duplicate and out-of-order webhooks, a 429 storm, a worker killed mid-flow', () => {
  let hub: TestHub
  let stack: Stack
  let seller: ApiCaller
  let conns: Awaited<ReturnType<typeof connectStack>>
  const workers: Child[] = []
  const { db, level, syncAndWait, listingQty, shopifyQty } = storyHelpers(
    () => hub,
    () => seller,
    () => stack,
  )

  function startWorker(): Child {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cd-chaos-'))
    chmodSync(dataDir, 0o755)
    const w = spawnCli(['worker'], {
      DATABASE_URL: hub.database.url,
      CROSSDOCK_SECRET_KEY: TEST_SECRET_KEY,
      CROSSDOCK_DATA_DIR: dataDir,
      CROSSDOCK_JOB_HEARTBEAT_SECONDS: '10',
      CROSSDOCK_SUPERVISE_SECONDS: '2',
      LOG_LEVEL: 'info',
    })
    workers.push(w)
    return w
  }

  beforeAll(async () => {
    // a killed worker's jobs come back after 10 s without a heartbeat (the queues are created here)
    process.env.CROSSDOCK_JOB_HEARTBEAT_SECONDS = '10'
    process.env.CROSSDOCK_SUPERVISE_SECONDS = '2'
    // the API in this process, the only worker a separate process we can kill
    hub = await startTestHub({ roles: { api: true, worker: false } })
    seller = await tenantWithToken(hub, 'owner', 'Chaos Seller')
    stack = await startSandboxStack({ items: ITEMS, shipDelayMs: null, amazonRateScale: 20 })
    conns = await connectStack(seller.call, stack, hub.url!, ITEMS)
    await startWorker().waitFor(/crossdock ready/)
    await syncAndWait(conns.whUS.id, 'locations')
    await syncAndWait(conns.whEU.id, 'locations')
    await stack.erp.control.send({ type: 'item_master', format: 'json' })
    await stack.erp.control.send({ type: 'stock_snapshot', format: 'json' })
    await eventually(async () => (await level('CAP-RED', 'DE-HAM'))?.onHand === 5, {
      what: 'ERP stock',
      timeoutMs: 30_000,
    })
    await syncAndWait(conns.shopify.id, 'catalog')
    await configureStack(seller.call, stack, conns)
    const reg = await seller.call('POST', `/connections/${conns.shopify.id}/webhooks/register`)
    expect(reg.status, JSON.stringify(reg.body)).toBe(200)
  }, 120_000)

  afterAll(async () => {
    delete process.env.CROSSDOCK_JOB_HEARTBEAT_SECONDS
    delete process.env.CROSSDOCK_SUPERVISE_SECONDS
    for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL')
    await hub?.close()
    await stack?.close()
  })

  it('survives the storm and the crash with nothing lost, duplicated or oversold', async () => {
    // every Shopify webhook twice, released newest first; Shopify's bucket is drained; the 3PLs'
    // windows are already full (another app used them up), so their first calls get 429
    stack.shopify.control.setKnobs({
      webhooks: { duplicate: 1, outOfOrder: true, outOfOrderBatch: 5 },
      throttle: { drain: true },
    })
    stack.whUS.control.setRateLimit({ limit: 6, windowSeconds: 60, consume: 6 })
    stack.whEU.control.setRateLimit({ limit: 6, windowSeconds: 60, consume: 6 })

    const at = new Date(Date.now() - 5 * 60_000).toISOString()
    const skus = ITEMS.map((i) => i.sku)
    for (let i = 0; i < SHOPIFY_ORDERS; i++) {
      stack.shopify.control.createOrder({
        lines: [{ sku: skus[i % 3]!, quantity: 1 + (i % 2), price: '10.00' }],
        email: `buyer${i}@example.com`,
        shippingAddress: {
          firstName: 'B',
          lastName: `${i}`,
          address1: `${i} Main St`,
          city: 'Austin',
          provinceCode: 'TX',
          countryCode: 'US',
          zip: '78701',
        },
      })
    }
    for (let i = 0; i < AMAZON_ORDERS; i++) {
      const de = i % 2 === 1
      stack.amazon.control.placeOrder({
        purchaseDate: at,
        lastUpdated: at,
        marketplace: de ? 'DE' : 'US',
        status: 'Unshipped',
        items: [{ sku: skus[(i + 1) % 3]!, quantity: 1, unitPrice: de ? '11.00' : '12.00' }],
        address: de
          ? { name: 'K', line1: 'Str. 1', city: 'Berlin', postalCode: '10115', country: 'DE' }
          : { name: 'P', line1: '1 Rd', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
      })
    }
    await stack.shopify.control.flushWebhooks()
    void seller.call('POST', `/connections/${conns.amazon.id}/streams/orders/sync`)

    // kill the worker once the flow is under way, with work in flight
    await eventually(async () => (await db()('orders').where({ tenant_id: seller.tenantId })).length >= 3, {
      what: 'some orders imported',
      timeoutMs: 60_000,
    })
    workers[0]!.proc.kill('SIGKILL')
    await workers[0]!.exited
    await startWorker().waitFor(/crossdock ready/)
    stack.shopify.control.setKnobs({ throttle: { fill: true } })

    // the pulls catch whatever the webhooks and the dead worker left behind
    await syncAndWait(conns.shopify.id, 'orders', 90_000)
    await syncAndWait(conns.amazon.id, 'orders', 90_000)
    await eventually(
      async () =>
        (await db()('orders').where({ tenant_id: seller.tenantId })).length === SHOPIFY_ORDERS + AMAZON_ORDERS,
      { what: 'all orders', timeoutMs: 60_000 },
    )
    // the storm has hit (the 3PLs refused calls with 429); then it passes, and the retries go through
    await eventually(async () => stack.whUS.control.stats().rateLimited + stack.whEU.control.stats().rateLimited > 0, {
      what: '429s from the 3PLs',
      timeoutMs: 90_000,
    })
    stack.whUS.control.setRateLimit({ limit: 150, windowSeconds: 60 })
    stack.whEU.control.setRateLimit({ limit: 150, windowSeconds: 60 })
    await eventually(
      async () => (await db()('allocations').where({ tenant_id: seller.tenantId, status: 'planned' })).length === 0,
      { what: 'every allocation sent', timeoutMs: 180_000 },
    ).catch(async (e) => {
      console.log(
        'DEBUG',
        JSON.stringify({
          a: await db()('allocations').where({ tenant_id: seller.tenantId }).select('id', 'status', 'error'),
          o: await db()('orders')
            .where({ tenant_id: seller.tenantId })
            .select('status', 'routing_status', 'external_id'),
          j: (
            await db().raw(
              `select name, state, retry_count, data->>'allocationId' as a, output from pgboss.job where name like 'allocation%' or name = 'dead-letter'`,
            )
          ).rows,
          w: workers.map((w) => w.lines.filter((l) => /"level":(40|50)/.test(l)).slice(-5)),
        }).slice(0, 6000),
      )
      throw e
    })

    const allocations = await db()('allocations')
      .where({ tenant_id: seller.tenantId })
      .whereNot({ status: 'backordered' })
    const remote = [...stack.whUS.control.orders(), ...stack.whEU.control.orders()]
    expect(remote.length).toBe(allocations.length)
    expect(new Set(remote.map((o) => String(o.reference_id))).size).toBe(remote.length)
    expect(new Set(remote.map((o) => String(o.reference_id)))).toEqual(
      new Set(allocations.map((a: { id: string }) => a.id)),
    )

    stack.whUS.control.shipAll()
    stack.whEU.control.shipAll()
    await syncAndWait(conns.whUS.id, 'shipments', 60_000)
    await syncAndWait(conns.whEU.id, 'shipments', 60_000)
    await eventually(
      async () =>
        (await db()('orders').where({ tenant_id: seller.tenantId }).whereNot({ status: 'shipped' })).length === 0,
      { what: 'every order shipped', timeoutMs: 60_000 },
    )
    await eventually(async () => stack.shopify.store.fulfillments.size === SHOPIFY_ORDERS, {
      what: 'Shopify fulfillments',
      timeoutMs: 60_000,
    })

    // the ledger equals the warehouses' own books, and nothing is still held
    for (const [wh, code] of [
      [stack.whUS, 'US-EAST'],
      [stack.whEU, 'DE-HAM'],
    ] as const) {
      for (const row of wh.state.stockRows()) {
        expect({ sku: row.product.sku, code, onHand: (await level(row.product.sku, code))?.onHand }).toEqual({
          sku: row.product.sku,
          code,
          onHand: row.onHand,
        })
      }
    }
    const held = await db()('inventory_levels')
      .where({ tenant_id: seller.tenantId })
      .sum<{ sum: number }[]>('reserved as sum')
    expect(Number(held[0]!.sum)).toBe(0)

    // no push above what the ledger allowed, and the channels end on the ledger's numbers
    const pushed = await db()('pushed_quantities').where({ tenant_id: seller.tenantId })
    expect(pushed.filter((p: { quantity: number; allowed: number }) => p.quantity > p.allowed)).toEqual([])
    await eventually(
      async () => {
        for (const it of ITEMS) {
          const free = ['US-EAST', 'DE-HAM'].reduce(
            async (s, code) => (await s) + ((await level(it.sku, code))?.onHand ?? 0),
            Promise.resolve(0),
          )
          const total = await free
          if (shopifyQty(it.sku) !== total) return false
          if ((listingQty(MARKETPLACE.US, it.sku) ?? 0) + (listingQty(MARKETPLACE.DE, it.sku) ?? 0) !== total)
            return false
        }
        return true
      },
      { what: 'channels show the ledger', timeoutMs: 60_000 },
    )

    // the duplicated webhooks were stored once each
    const dupes = await db().raw(
      `select event_id, count(*) from webhook_inbox where tenant_id = ? group by 1 having count(*) > 1`,
      [seller.tenantId],
    )
    expect(dupes.rows).toEqual([])
  }, 600_000) // minutes on a busy 2-core machine: the retries back off while the 3PLs refuse
})
