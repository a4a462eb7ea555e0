// The demo as a newcomer meets it: started, signed in, and within 60 s an order shows shipped
// with its tracking, while stock moves. Then an ops person works the panel on that live demo:
// the overview, a webhook event inspected, discarded with a reason (audited) and replayed, a dead
// letter replayed and another discarded, the ERP mapping previewed against a pasted sample, the
// routing rules edited, and a channel's inventory rule previewed live.
// With CROSSDOCK_SCREENSHOTS=1 it also refreshes docs/screenshots/ (after Amazon orders, which
// SP-API lists only two minutes after they change, have shipped too).
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startDemo, type RunningDemo } from '../../src/demo/index.ts'
import { createLogger } from '../../src/log.ts'
import { SYNC_QUEUES } from '../../src/sync/queues.ts'
import { createTestDatabase, type TestDatabase } from '../support/db.ts'
import { eventually, TEST_SECRET_KEY } from '../support/hub.ts'
import { hasChromium, launch, SCREENSHOTS, screenshot, signIn, viewer, waitText } from './support.ts'

describe.skipIf(!hasChromium)('the demo, in the browser', () => {
  let database: TestDatabase
  let demo: RunningDemo
  let browser: Browser
  let page: Page
  let errors: string[]
  let started = 0

  beforeAll(async () => {
    database = await createTestDatabase()
    started = Date.now()
    demo = await startDemo({
      port: 0,
      databaseUrl: database.url,
      secretKey: TEST_SECRET_KEY,
      dataDir: `/tmp/crossdock-demo-test-${process.pid}`,
      sandboxPorts: { shopify: 0, amazon: 0, erp: 0, warehouseUs: 0, warehouseEu: 0 },
      shipDelayMs: 4000,
      orderEveryMs: 3000,
      receiptEveryMs: 15_000,
      logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    })
    browser = await launch()
    ;({ page, errors } = await viewer(browser))
    await signIn(page, demo.url, demo.owner.email, demo.owner.password)
  })

  afterAll(async () => {
    await browser?.close()
    await demo?.stop()
    await database?.drop()
  })

  const base = () => demo.url

  // each test starts from its own page; none relies on what an earlier one left behind
  afterEach(() => {
    expect(errors).toEqual([])
  })

  it('shows a shipped order with tracking within 60 s of starting', async () => {
    await page.goto(`${base()}/ui/orders`)
    const shipped = page.locator('[data-table="orders"] tbody tr[data-status="shipped"]').first()
    await shipped.waitFor({ timeout: Math.max(1000, 60_000 - (Date.now() - started)) })
    expect(Date.now() - started).toBeLessThan(60_000)
    console.info(
      `demo: first shipped order listed ${((Date.now() - started) / 1000).toFixed(1)} s after the demo started`,
    )
    await shipped.locator('a').first().click()
    await page.waitForURL(/\/ui\/orders\/[0-9a-f-]{36}$/)
    const tracking = page.locator('[data-table="shipments"] [data-tracking]').first()
    await tracking.waitFor()
    expect((await tracking.textContent())?.trim()).toMatch(/^[0-9A-Z]{8,}$/)
    expect(await page.locator('[data-table="allocations"] tbody').textContent()).toMatch(/US-EAST|EU-DE/)
    expect(await page.locator('[data-table="deliveries"] tbody').textContent()).toMatch(/shipment.*ok/)
  })

  it('the overview is live: runs, lag and the oversell window', async () => {
    await page.goto(`${base()}/ui/overview`)
    await waitText(page.locator('[data-slot="connections"]'), /Shopify store/)
    await waitText(page.locator('[data-slot="connections"]'), /ShipBob US/)
    const live = page.locator('[data-slot="live"]')
    const before = await waitText(live, /^Live · updated/)
    await eventually(async () => (await live.textContent()) !== before, {
      what: 'the overview to refresh by itself',
      timeoutMs: 10_000,
    })
    await waitText(page.locator('[data-card="oversell-p50"] .value'), /\d/, 30_000)
  })

  it('a webhook event: inspected, discarded with a reason (audited), replayed', async () => {
    await page.goto(`${base()}/ui/inbox`)
    const row = page.locator('[data-table="inbox"] tbody tr', { hasText: 'erp.item_master' }).first()
    await row.waitFor()
    await row.locator('a').first().click()
    await page.waitForURL(/\/ui\/inbox\/[0-9a-f-]{36}$/)
    await waitText(page.locator('[data-slot="payload"]'), /MUG-BLUE-350/)
    await page.getByRole('button', { name: 'Discard…' }).click()
    await page.getByLabel(/Why discard this event/).fill('no')
    await page.getByRole('button', { name: 'Discard event' }).click()
    await waitText(page.locator('.inline-form .field-error'), /at least 3 characters/)
    await page.getByLabel(/Why discard this event/).fill('sent twice by the ERP')
    await page.getByRole('button', { name: 'Discard event' }).click()
    await waitText(page.locator('[data-slot="status"]'), /discarded/)
    const inboxId = page.url().split('/').pop()!
    const audit = await demo.hub.services
      .db('audit_log')
      .where({ action: 'inbox.discarded', entity_id: inboxId })
      .first('data')
    expect(audit?.data).toEqual({ reason: 'sent twice by the ERP' })
    await page.getByRole('button', { name: 'Replay' }).click()
    await waitText(page.locator('[data-slot="status"]'), /processed/, 20_000)
    await screenshot(page, 'inbox-event')
  })

  it('dead letters: one replayed to its queue (it leaves the list), one discarded with a reason', async () => {
    // two pulls that cannot work (an ERP connection has no pull stream), sent without retries:
    // they land in the dead letter queue at once
    const { db, boss } = demo.hub.services
    const erp = await db('connections').where({ id: demo.connections.erp }).first('id', 'tenant_id')
    for (const stream of ['catalog', 'orders']) {
      // the pull queue is 'stately' (one waiting job per key): each gets a key of its own
      const id = await boss.send(
        SYNC_QUEUES.pull.name,
        { tenantId: erp.tenant_id, connectionId: erp.id, stream, trigger: 'test' },
        { retryLimit: 0, singletonKey: `ui-test-${stream}` },
      )
      expect(id).toBeTruthy()
    }
    await page.goto(`${base()}/ui/dead-letters`)
    const ours = page.locator('[data-table="dead"] tbody tr[data-job]', { hasText: 'trigger: test' })
    await eventually(async () => (await ours.count()) === 2, { what: 'two dead letters', timeoutMs: 30_000 })
    await waitText(ours.first(), /sync-pull[\s\S]*stream: (catalog|orders)/)
    await screenshot(page, 'dead-letters')
    const replayedId = (await ours.first().getAttribute('data-job'))!
    const discardedId = (await ours.nth(1).getAttribute('data-job'))!
    await ours.first().getByRole('button', { name: 'Replay' }).click()
    const toast = await waitText(page.locator('[data-slot="toasts"]'), /Sent back to sync-pull as job [0-9a-f-]{36}/)
    const newJob = /job ([0-9a-f-]{36})/.exec(toast)![1]
    expect((await boss.findJobs(SYNC_QUEUES.pull.name, { id: newJob }))[0]?.data).toMatchObject({
      connectionId: erp.id,
      trigger: 'test',
    })
    expect(
      await db('audit_log').where({ action: 'dead_letter.replayed', entity_id: replayedId }).first('id'),
    ).toBeTruthy()
    const other = page.locator(`[data-table="dead"] tbody tr[data-job="${discardedId}"]`)
    await other.getByRole('button', { name: 'Discard…' }).click()
    await page.getByLabel(/Why discard it/).fill('an ERP is never pulled; sent by mistake')
    await page.getByRole('button', { name: 'Discard job' }).click()
    await eventually(async () => (await other.count()) === 0, {
      what: 'the discarded dead letter to go',
      timeoutMs: 10_000,
    })
    const audit = await db('audit_log').where({ action: 'dead_letter.discarded', entity_id: discardedId }).first('data')
    expect(audit?.data).toEqual({ reason: 'an ERP is never pulled; sent by mistake' })
    // a dead letter waits in 'created' (nobody works that queue): replay must close it all the same
    await page.goto(`${base()}/ui/dead-letters`)
    await waitText(page.locator('[data-table="dead"] tbody'), /./)
    await eventually(
      async () => (await page.locator(`[data-table="dead"] tbody tr[data-job="${replayedId}"]`).count()) === 0,
      { what: 'the replayed dead letter to go', timeoutMs: 8000 },
    )
  })

  it('the ERP mapping editor previews a pasted sample, with a field error for a bad record', async () => {
    await page.goto(`${base()}/ui/connections/${demo.connections.erp}/mapping`)
    await waitText(page.locator('[data-slot="version"]'), /version \d+/)
    const sample = JSON.stringify(
      {
        'odata.metadata': 'https://erp/b1s/v1/$metadata#Items',
        value: [
          { ItemCode: 'KETTLE-2L', ItemName: 'Stovetop kettle, 2 l', Valid: 'tYES' },
          { ItemCode: '', ItemName: 'No code', Valid: 'tYES' },
        ],
      },
      null,
      2,
    )
    await page.getByLabel('Sample payload').fill(sample)
    await page.getByRole('button', { name: 'Preview' }).click()
    const records = page.locator('[data-table="preview-records"] tbody')
    await waitText(records, /product kettle-2l: Stovetop kettle, 2 l \(KETTLE-2L\)/)
    await waitText(page.locator('[data-table="preview-errors"] tbody'), /#2[\s\S]*sku/)
    // the preview wrote nothing
    expect(await demo.hub.services.db('variants').where({ sku: 'KETTLE-2L' }).first('id')).toBeUndefined()
    // a broken mapping is refused on save, and the editor says where
    const text = await page.locator('#mapping-json').inputValue()
    await page.locator('#mapping-json').fill(text.replace('"timeZone": "UTC"', '"timeZone": "Mars/Olympus"'))
    await page.getByRole('button', { name: 'Save mapping' }).click()
    await waitText(
      page.locator('.field:has(#mapping-json) .field-error'),
      /timeZone: unknown IANA time zone Mars\/Olympus/,
    )
    await screenshot(page, 'erp-mapping')
  })

  it('routing rules: a destination added and saved, refused plainly when it names no warehouse', async () => {
    await page.goto(`${base()}/ui/routing`)
    await waitText(page.locator('[data-table="routes"] tbody'), /US-EAST/)
    await page.getByRole('button', { name: 'Add destination' }).click()
    const row = page.locator('[data-table="routes"] tbody tr').last()
    await row.getByLabel('Destination').fill('jp')
    await page.getByRole('button', { name: 'Save routing rules' }).click()
    await waitText(row.locator('.field-error'), /choose at least one warehouse/)
    await row.getByLabel('Add a warehouse').selectOption('US-EAST')
    await page.getByRole('button', { name: 'Save routing rules' }).click()
    await waitText(page.locator('[data-slot="toasts"]'), /Routing rules saved/)
    const rules = await demo.hub.services.db('routing_rules').first('rules')
    expect(rules.rules.routes.JP).toEqual(['US-EAST'])
    await screenshot(page, 'routing')
  })

  it('an inventory rule shows the resulting ATS for a sample SKU as it is typed', async () => {
    await page.goto(`${base()}/ui/connections/${demo.connections.shopify}#rules`)
    await page.getByLabel('Sample SKU', { exact: true }).fill('MUG-RED-350')
    await waitText(page.locator('[data-slot="ats"]'), /MUG-RED-350 on this channel/)
    const value = page.locator('[data-slot="ats-value"]')
    const before = Number((await waitText(value, /available to sell/)).match(/\d+/)![0])
    await page.getByLabel('Safety buffer (units)').fill('5')
    await page.getByLabel('Allocation share (%)').fill('50')
    const after = Number(
      (await waitText(value, new RegExp(`^${Math.floor(Math.max(0, before - 5) / 2)} available`))).match(/\d+/)![0],
    )
    expect(after).toBe(Math.floor(Math.max(0, before - 5) / 2))
    await page.getByRole('button', { name: 'Save rule' }).click()
    await waitText(page.locator('[data-slot="toasts"]'), /Rule saved/)
    const rule = await demo.hub.services
      .db('inventory_rules')
      .where({ connection_id: demo.connections.shopify })
      .first('buffer', 'share_percent')
    expect(rule).toEqual({ buffer: 5, share_percent: 50 })
  })

  it('stock moves: the ledger of a sold SKU shows reservations and shipments', async () => {
    // the demo ships an order within a minute of starting
    const sold = await eventually(
      async () =>
        (await demo.hub.services.db('inventory_ledger').where({ reason: 'ship' }).first('sku')) as
          { sku: string } | undefined,
      { what: 'a shipment in the ledger', timeoutMs: 90_000, intervalMs: 1000 },
    )
    await page.goto(`${base()}/ui/inventory/${encodeURIComponent(sold.sku)}`)
    await waitText(page.locator('[data-table="ledger"] tbody'), /reserve[\s\S]*ship|ship[\s\S]*reserve/)
    await waitText(
      page.locator('[data-table="channels"] tbody'),
      /Shopify store[\s\S]*Amazon US \+ DE|Amazon US \+ DE[\s\S]*Shopify store/,
    )
  })

  it.runIf(SCREENSHOTS)(
    'screenshots of the main pages',
    async () => {
      const db = demo.hub.services.db
      // Amazon lists an order two minutes after its last change: wait for one shipped from there
      await eventually(
        async () =>
          db('orders as o')
            .join('connections as c', 'c.id', 'o.connection_id')
            .where({ 'c.kind': 'amazon', 'o.status': 'shipped' })
            .first('o.id'),
        { what: 'a shipped Amazon order', timeoutMs: 300_000, intervalMs: 2000 },
      )
      const split = await db('allocations')
        .select('order_id')
        .whereNotNull('location_id')
        .groupBy('order_id')
        .havingRaw('count(*) > 1')
        .first()
      const order = split ?? (await db('orders').where({ status: 'shipped' }).orderBy('placed_at', 'desc').first('id'))
      const run = await db('sync_runs')
        .where({ stream: 'orders', direction: 'pull' })
        .where('seen', '>', 0)
        .orderBy('started_at', 'desc')
        .first('id')
      const shots: [string, string][] = [
        ['overview', '/ui/overview'],
        ['orders', '/ui/orders'],
        ['order', `/ui/orders/${order.order_id ?? order.id}`],
        ['inventory-sku', '/ui/inventory/TEAPOT-1L'],
        ['connections', '/ui/connections'],
        ['connection', `/ui/connections/${demo.connections.shopify}`],
        ['runs', '/ui/runs'],
        ['run', `/ui/runs/${run.id}`],
        ['inbox', '/ui/inbox'],
        ['skus', '/ui/skus'],
      ]
      for (const [name, path] of shots) {
        await page.goto(`${base()}${path}`)
        await page.waitForTimeout(2500)
        await screenshot(page, name)
      }
    },
    400_000,
  )
})
