// The whole story over HTTP, every system a sandbox, on real Postgres and real pg-boss:
// the ERP pushes catalog and stock → quantities appear on Shopify and Amazon (US and DE) →
// orders on both channels → reserved, routed, split between the US and EU warehouses → the
// 3PLs ship → tracking reaches the origin channel and the ERP → on-hand and reservations right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signErpBody } from '../../src/connectors/erp/auth.ts'
import {
  configureStack,
  connectStack,
  ERP_SECRET,
  MARKETPLACE,
  startSandboxStack,
  type Stack,
  type StackItem,
} from '../../src/sandbox/stack.ts'
import { tenantWithToken, type ApiCaller } from '../support/api.ts'
import { eventually, startTestHub, type TestHub } from '../support/hub.ts'
import { storyHelpers } from '../support/story.ts'

const ITEMS: StackItem[] = [
  { sku: 'MUG-BLUE', name: 'Blue mug', price: '12.50', stock: { 'US-EAST': 10, 'DE-HAM': 5 } },
  { sku: 'TEE-M', name: 'T-shirt M', price: '20.00', stock: { 'US-EAST': 3, 'DE-HAM': 4 } },
]

describe('the whole story', () => {
  let hub: TestHub
  let stack: Stack
  let seller: ApiCaller
  let conns: Awaited<ReturnType<typeof connectStack>>
  const { db, level, syncAndWait, listingQty, shopifyQty } = storyHelpers(
    () => hub,
    () => seller,
    () => stack,
  )

  beforeAll(async () => {
    hub = await startTestHub()
    seller = await tenantWithToken(hub, 'owner', 'Story Seller')
    stack = await startSandboxStack({ items: ITEMS, shipDelayMs: null, amazonRateScale: 20 })
    conns = await connectStack(seller.call, stack, hub.url!, ITEMS)
  }, 60_000)
  afterAll(async () => {
    await hub?.close()
    await stack?.close()
  })

  it('the warehouses bring their locations', async () => {
    await syncAndWait(conns.whUS.id, 'locations')
    await syncAndWait(conns.whEU.id, 'locations')
    const codes = await db()('locations').where({ tenant_id: seller.tenantId }).orderBy('code').pluck('code')
    expect(codes).toEqual(['DE-HAM', 'US-EAST'])
  })

  it('the ERP pushes its item master and stock; both land once', async () => {
    const [master] = await stack.erp.control.send({ type: 'item_master', format: 'json' })
    expect(master!.status).toBe(202)
    const [stock] = await stack.erp.control.send({ type: 'stock_snapshot', format: 'json' })
    expect(stock!.status).toBe(202)
    await eventually(async () => (await level('TEE-M', 'DE-HAM'))?.onHand === 4, { what: 'ERP stock applied' })
    expect(await level('MUG-BLUE', 'US-EAST')).toEqual({ onHand: 10, reserved: 0 })
    // sent again (an ERP retry; in the same second it is even the same event id): nothing changes
    const [again] = await stack.erp.control.send({ type: 'stock_snapshot', format: 'json' })
    expect(again!.status).toBe(202)
    await eventually(
      async () =>
        (await db()('webhook_inbox').where({ tenant_id: seller.tenantId }).whereNot({ status: 'processed' })).length ===
        0,
      { what: 'inbox drained' },
    )
    const snapshots = await db()('inventory_ledger').where({ tenant_id: seller.tenantId, reason: 'snapshot' })
    expect(snapshots).toHaveLength(4)
  })

  it('the ERP reads per-record results from the receipt, rejections by field', async () => {
    // a stock count for a warehouse code the mapping does not know: that record is refused by field
    stack.erp.control.setStock('TEE-M', '99', 7)
    const [sent] = await stack.erp.control.send({ type: 'stock_snapshot', format: 'json', skus: ['TEE-M'] })
    const { receiptId } = JSON.parse(sent!.body)
    const get = (path: string) =>
      fetch(`${hub.url}${path}`, { headers: signErpBody(ERP_SECRET, '', Date.now() / 1000) })
    const receipt = await eventually(
      async () => {
        const r = await (await get(`/webhooks/erp/${conns.erp.id}/receipts/${receiptId}`)).json()
        return r.status === 'processed' ? r : undefined
      },
      { what: 'receipt processed' },
    )
    expect(receipt.summary).toEqual({ applied: 0, unchanged: 2, rejected: 1 })
    expect(receipt.records.find((r: { result: string }) => r.result === 'rejected')).toMatchObject({
      field: expect.stringMatching(/locationCode/),
    })
    expect((await fetch(`${hub.url}/webhooks/erp/${conns.erp.id}/receipts/${receiptId}`)).status).toBe(401)
  })

  it('quantities appear on Shopify and on Amazon in both marketplaces, never more than the ledger allows', async () => {
    // Shopify's listings bind to the ERP's SKUs (the ERP is the catalog master; Shopify does not overwrite it)
    await syncAndWait(conns.shopify.id, 'catalog')
    expect((await db()('products').where({ tenant_id: seller.tenantId })).length).toBe(2)
    await configureStack(seller.call, stack, conns)
    await eventually(async () => shopifyQty('MUG-BLUE') === 15 && shopifyQty('TEE-M') === 7, {
      what: 'quantities on Shopify',
      timeoutMs: 10_000,
    }).catch(async (e) => {
      console.log(
        'DEBUG3',
        JSON.stringify({
          b: await db()('bindings').where({ connection_id: conns.shopify.id }),
          runs: await db()('sync_runs').where({ connection_id: conns.shopify.id }),
          f: await db()('sync_run_failures'),
          el: await db()('external_listings'),
          st: stack.shopify.control.stock('MUG-BLUE'),
        }),
      )
      throw e
    })
    // ATS 15 for the mug, split over two marketplaces so their sum never exceeds it
    await eventually(
      async () => listingQty(MARKETPLACE.US, 'MUG-BLUE') === 7 && listingQty(MARKETPLACE.DE, 'MUG-BLUE') === 8,
      { what: 'mug quantities on Amazon', timeoutMs: 30_000 },
    )
    await eventually(
      async () => listingQty(MARKETPLACE.US, 'TEE-M') === 3 && listingQty(MARKETPLACE.DE, 'TEE-M') === 4,
      { what: 'tee quantities on Amazon', timeoutMs: 30_000 },
    )
    const pushed = await db()('pushed_quantities').where({ connection_id: conns.amazon.id })
    expect(pushed.every((p: { quantity: number; allowed: number }) => p.quantity <= p.allowed)).toBe(true)
  })

  it('orders from Shopify and from two Amazon marketplaces in two currencies are imported once, reserved and routed (one split)', async () => {
    // SP-API only shows orders updated at least two minutes ago (lastUpdatedBefore ≤ now − 2 min)
    const at = new Date(Date.now() - 5 * 60_000).toISOString()
    const when = { purchaseDate: at, lastUpdated: at }
    const usAddress = {
      name: 'Pat Buyer',
      line1: '1 Main St',
      city: 'Austin',
      region: 'TX',
      postalCode: '78701',
      country: 'US',
    }
    const deAddress = { name: 'Kim Käufer', line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' }
    stack.amazon.control.placeOrder({
      ...when,
      marketplace: 'US',
      status: 'Unshipped',
      items: [{ sku: 'MUG-BLUE', quantity: 2, unitPrice: '12.50' }],
      address: usAddress,
      buyer: { name: 'Pat', email: 'pat@example.com' },
    })
    stack.amazon.control.placeOrder({
      ...when,
      marketplace: 'DE',
      status: 'Unshipped',
      items: [{ sku: 'TEE-M', quantity: 1, unitPrice: '19.00' }],
      address: deAddress,
    })
    // 11 mugs to the US: US-EAST has 8 left after the first order, so 8 + 3 from Hamburg
    stack.amazon.control.placeOrder({
      ...when,
      marketplace: 'US',
      status: 'Unshipped',
      items: [{ sku: 'MUG-BLUE', quantity: 11, unitPrice: '12.50' }],
      address: usAddress,
    })
    const run = await syncAndWait(conns.amazon.id, 'orders')
    expect(run.created).toBe(3)
    await syncAndWait(conns.amazon.id, 'orders') // a second pull (overlap window) duplicates nothing
    stack.shopify.control.createOrder({
      lines: [{ sku: 'TEE-M', quantity: 2, price: '20.00' }],
      email: 'sam@example.com',
      shippingAddress: {
        firstName: 'Sam',
        lastName: 'Shopper',
        address1: '5 Elm St',
        city: 'Boston',
        provinceCode: 'MA',
        countryCode: 'US',
        zip: '02108',
      },
    })
    const shopRun = await syncAndWait(conns.shopify.id, 'orders')
    expect(shopRun.created).toBe(1)
    await syncAndWait(conns.shopify.id, 'orders')
    const orders = await db()('orders').where({ tenant_id: seller.tenantId }).orderBy('total_amount')
    expect(orders).toHaveLength(4)
    expect(orders.map((o: { currency: string }) => o.currency).sort()).toEqual(['EUR', 'USD', 'USD', 'USD'])
    const de = orders.find((o: { currency: string }) => o.currency === 'EUR')
    expect(de.total_amount).toBeGreaterThanOrEqual(1900)
    const split = orders.find((o: { total_amount: number }) => o.total_amount >= 13750)
    const allocs = await db()('allocations as a')
      .join('locations as x', 'x.id', 'a.location_id')
      .where('a.order_id', split.id)
      .orderBy('x.code')
      .select('x.code', 'a.lines')
    expect(allocs.map((a: { code: string; lines: unknown }) => [a.code, a.lines])).toEqual([
      ['DE-HAM', [{ sku: 'MUG-BLUE', quantity: 3 }]],
      ['US-EAST', [{ sku: 'MUG-BLUE', quantity: 8 }]],
    ])
    expect(await level('MUG-BLUE', 'US-EAST')).toEqual({ onHand: 10, reserved: 10 })
    expect(await level('MUG-BLUE', 'DE-HAM')).toEqual({ onHand: 5, reserved: 3 })
    expect(await level('TEE-M', 'DE-HAM')).toEqual({ onHand: 4, reserved: 1 })
    expect(await level('TEE-M', 'US-EAST')).toEqual({ onHand: 3, reserved: 2 })
  })

  it('the routed parts become 3PL orders (once each) and sales orders in the ERP', async () => {
    const sentAllocations = () =>
      db()('allocations').where({ tenant_id: seller.tenantId }).whereIn('status', ['sent', 'accepted'])
    // the 3PL holds the order a moment before the job that sent it commits the allocation as sent
    await eventually(
      async () =>
        stack.whUS.control.orders().length === 3 &&
        stack.whEU.control.orders().length === 2 &&
        (await sentAllocations()).length === 5,
      { what: '3PL orders', timeoutMs: 30_000 },
    )
    const sent = await sentAllocations()
    expect(sent).toHaveLength(5)
    const refs = [...stack.whUS.control.orders(), ...stack.whEU.control.orders()]
      .map((o) => String(o.reference_id))
      .sort()
    expect(refs).toEqual(sent.map((a: { id: string }) => a.id).sort())
    await eventually(async () => stack.erp.control.received('orders').length === 4, { what: 'ERP sales orders' })
  })

  it('stock moved by the reservations reaches Shopify and Amazon', async () => {
    // mug: 0 free in the US, 2 in Hamburg → 2 on Shopify, 2 over Amazon's two marketplaces
    await eventually(
      async () => (listingQty(MARKETPLACE.US, 'MUG-BLUE') ?? 0) + (listingQty(MARKETPLACE.DE, 'MUG-BLUE') ?? 0) === 2,
      { what: 'mug quantities after reservations', timeoutMs: 30_000 },
    )
    await eventually(async () => shopifyQty('MUG-BLUE') === 2 && shopifyQty('TEE-M') === 4, {
      what: 'Shopify quantities after reservations',
      timeoutMs: 30_000,
    })
  })

  it('the 3PLs ship; tracking goes back to the origin channel and the ERP; stock leaves the ledger', async () => {
    stack.whUS.control.shipAll()
    stack.whEU.control.shipAll()
    await syncAndWait(conns.whUS.id, 'shipments')
    await syncAndWait(conns.whEU.id, 'shipments')
    const shipments = await db()('shipments').where({ tenant_id: seller.tenantId })
    expect(shipments).toHaveLength(5)
    await eventually(async () => stack.amazon.state.shipments.length >= 4, {
      what: 'Amazon shipment confirmations',
      timeoutMs: 30_000,
    })
    const fulfillment = await eventually(async () => [...stack.shopify.store.fulfillments.values()][0], {
      what: 'Shopify fulfillment',
      timeoutMs: 30_000,
    })
    // the Shopify order's tracking number is the one its 3PL shipment carried
    const shopOrder = await db()('orders')
      .where({ tenant_id: seller.tenantId, connection_id: conns.shopify.id })
      .first('id')
    const shopTracking = await db()('shipments').where({ order_id: shopOrder.id }).pluck('tracking_number')
    expect(fulfillment.tracking.map((t) => t.number)).toEqual(shopTracking)
    await eventually(async () => stack.erp.control.received('shipments').length === 5, {
      what: 'ERP delivery notes',
      timeoutMs: 30_000,
    })
    const statuses = await db()('orders').where({ tenant_id: seller.tenantId }).pluck('status')
    expect(statuses.every((s: string) => s === 'shipped')).toBe(true)
    expect(await level('MUG-BLUE', 'US-EAST')).toEqual({ onHand: 0, reserved: 0 })
    expect(await level('MUG-BLUE', 'DE-HAM')).toEqual({ onHand: 2, reserved: 0 })
    expect(await level('TEE-M', 'DE-HAM')).toEqual({ onHand: 3, reserved: 0 })
    expect(await level('TEE-M', 'US-EAST')).toEqual({ onHand: 1, reserved: 0 })
  })

  it('an ERP that prefers to poll reads orders and shipments from the feed, page by page', async () => {
    const get = async (cursor?: string) =>
      (
        await fetch(`${hub.url}/webhooks/erp/${conns.erp.id}/feed?limit=4${cursor ? `&cursor=${cursor}` : ''}`, {
          headers: signErpBody(ERP_SECRET, '', Date.now() / 1000),
        })
      ).json()
    const seen: { type: string }[] = []
    let page = await get()
    for (let i = 0; i < 10 && page.items.length; i++) {
      seen.push(...page.items)
      page = await get(page.nextCursor)
    }
    expect(seen.filter((x) => x.type === 'order')).toHaveLength(4)
    expect(seen.filter((x) => x.type === 'shipment')).toHaveLength(5)
  })
})
