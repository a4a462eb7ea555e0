// Lists that behave, at phone and desktop widths, on a hub whose rows the test writes itself (so
// the counts are known): "Load more" pages to the end of runs, the webhook inbox, inventory and
// the SKU catalog, then hides, and no row is ever listed twice; the live refresh of the SKU-mapping
// page never wipes a SKU being typed or a ticked box; the inventory list shows each SKU's stock.
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tenantWithToken, type ApiCaller } from '../support/api.ts'
import { eventually, startTestHub, type TestHub } from '../support/hub.ts'
import { toyConnector } from '../support/toy-connector.ts'
import { hasChromium, launch, settled, signIn, viewer, waitText, WIDTHS } from './support.ts'

const ROWS = 120 // two full pages of 50 and a short one

describe.skipIf(!hasChromium)('lists at phone and desktop widths', () => {
  let hub: TestHub
  let seller: ApiCaller & { email: string }
  let browser: Browser
  let page: Page
  let errors: string[]
  const conn: Record<'a' | 'b', string> = { a: '', b: '' }

  beforeAll(async () => {
    hub = await startTestHub({ connectors: [toyConnector], roles: { api: true, worker: false } })
    seller = await tenantWithToken(hub)
    for (const [k, name] of [
      ['a', 'Toy A'],
      ['b', 'Toy B'],
    ] as const) {
      const r = await seller.call('POST', '/connections', {
        kind: 'toy',
        name,
        settings: {},
        credentials: { secret: 's' },
      })
      expect(r.status).toBe(201)
      conn[k] = r.body.id
    }
    await seed()
    browser = await launch()
    ;({ page, errors } = await viewer(browser))
    await signIn(page, hub.url!, seller.email, 'correct horse battery')
  })

  afterAll(async () => {
    await browser?.close()
    await hub?.close()
  })

  async function seed() {
    const db = hub.services.db
    const tenant_id = seller.tenantId
    const minute = (i: number) => new Date(Date.UTC(2026, 10, 20, 8, 0) + i * 60_000).toISOString()
    const n = [...Array(ROWS).keys()]
    await db('sync_runs').insert(
      n.map((i) => ({
        tenant_id,
        connection_id: conn.a,
        stream: 'catalog',
        direction: 'pull',
        trigger: 'schedule',
        status: 'ok',
        seen: i,
        started_at: minute(i),
        finished_at: minute(i),
      })),
    )
    await db('webhook_inbox').insert(
      n.map((i) => ({
        tenant_id,
        connection_id: conn.a,
        kind: 'toy',
        event_id: `evt-${i}`,
        topic: 'product',
        payload: { i },
        status: 'processed',
        received_at: minute(i),
      })),
    )
    const products = await db('products')
      .insert(n.map((i) => ({ tenant_id, handle: `lamp-${i}`, title: { en: `Lamp ${i}` }, content_hash: 'x' })))
      .returning('id')
    await db('variants').insert(
      n.map((i) => ({
        tenant_id,
        product_id: products[i].id,
        sku: `LAMP-${String(i).padStart(3, '0')}`,
        content_hash: 'x',
        created_at: minute(i),
      })),
    )
    // LAMP-119 (the newest, first listed): 12 on hand and 3 reserved in the US, 5 in the EU; Toy A
    // sells the US stock, Toy B both
    const [us, eu] = await db('locations')
      .insert([
        {
          tenant_id,
          code: 'US-EAST',
          name: 'US East',
          type: 'warehouse',
          country: 'US',
          time_zone: 'America/New_York',
        },
        { tenant_id, code: 'EU-DE', name: 'EU Germany', type: 'warehouse', country: 'DE', time_zone: 'Europe/Berlin' },
      ])
      .returning('id')
    await db('inventory_levels').insert([
      { tenant_id, sku: 'LAMP-119', location_id: us.id, on_hand: 12, reserved: 3 },
      { tenant_id, sku: 'LAMP-119', location_id: eu.id, on_hand: 5, reserved: 0 },
    ])
    await db('channel_locations').insert([
      { tenant_id, connection_id: conn.a, location_id: us.id },
      { tenant_id, connection_id: conn.b, location_id: us.id },
      { tenant_id, connection_id: conn.b, location_id: eu.id },
    ])
  }

  async function keysOf(rows: Locator, attribute: string): Promise<string[]> {
    return rows.evaluateAll((els, a) => els.map((e) => e.getAttribute(a) ?? ''), attribute)
  }

  const LISTS = [
    { path: '/ui/runs', table: 'runs', key: 'data-run', live: true },
    { path: '/ui/inbox', table: 'inbox', key: 'data-inbox', live: true },
    { path: '/ui/inventory', table: 'skus', key: 'data-sku', live: false },
    { path: '/ui/skus', table: 'skus', key: 'data-sku', live: false },
  ]

  for (const width of ['phone', 'desktop'] as const) {
    it(`${width}: "Load more" pages to the end, then hides; every row is listed once`, async () => {
      await page.setViewportSize(WIDTHS[width])
      for (const list of LISTS) {
        await page.goto(`${hub.url}${list.path}`)
        await settled(page)
        const rows = page.locator(`[data-table="${list.table}"] tbody tr[${list.key}]`)
        const more = page.locator('[data-action="more"]')
        const counted = async (n: number) =>
          eventually(async () => (await rows.count()) === n, { what: `${n} rows on ${list.path}`, timeoutMs: 10_000 })
        await counted(50)
        for (const n of [100, ROWS]) {
          expect(await more.isVisible(), `${list.path}: "Load more" before ${n}`).toBe(true)
          await more.click()
          await counted(n)
        }
        expect(await more.isVisible(), `${list.path}: "Load more" after the last page`).toBe(false)
        // a click that still reaches it (a script, a stale tab) adds nothing
        await more.evaluate((b: HTMLButtonElement) => b.click())
        if (list.live) {
          // the live refresh redraws the first page under the loaded ones: still each row once
          const live = page.locator('[data-slot="live"]')
          const before = await live.textContent()
          await eventually(async () => (await live.textContent()) !== before, {
            what: 'a refresh',
            timeoutMs: 15_000,
          })
        }
        const keys = await keysOf(rows, list.key)
        expect(keys.length, list.path).toBe(ROWS)
        expect(new Set(keys).size, list.path).toBe(ROWS)
      }
    })

    it(`${width}: the inventory list shows on hand, reserved and what each channel may sell`, async () => {
      await page.setViewportSize(WIDTHS[width])
      await page.goto(`${hub.url}/ui/inventory`)
      const row = page.locator('[data-table="skus"] tbody tr[data-sku="LAMP-119"]')
      await waitText(row.locator('[data-slot="ats"]'), /Toy B/)
      expect(await row.locator('[data-slot="on-hand"]').textContent()).toBe('17')
      expect(await row.locator('[data-slot="reserved"]').textContent()).toBe('3')
      expect(await row.locator('[data-slot="ats"] [data-channel="Toy A"]').textContent()).toBe('Toy A: 9')
      expect(await row.locator('[data-slot="ats"] [data-channel="Toy B"]').textContent()).toBe('Toy B: 14')
      // a SKU with no stock anywhere says so plainly
      const empty = page.locator('[data-table="skus"] tbody tr[data-sku="LAMP-118"]')
      await waitText(empty.locator('[data-slot="ats"]'), /Toy A: 0/)
      expect(await empty.locator('[data-slot="on-hand"]').textContent()).toBe('0')
    })

    it(`${width}: a SKU being typed and a ticked box outlive the live refresh of the SKU mapping`, async () => {
      await page.setViewportSize(WIDTHS[width])
      const db = hub.services.db
      const listing = (external_id: string) => ({
        tenant_id: seller.tenantId,
        connection_id: conn.a,
        external_id,
        external_sku: external_id,
      })
      // an external SKU that is LAMP-001 but for case and punctuation (one spelling per width)
      const lamp = width === 'phone' ? 'lamp_001' : 'lamp.001'
      await db('external_listings').insert([listing(lamp), listing(`${width}-mystery`)])
      await page.goto(`${hub.url}/ui/skus?connection=${conn.a}`)
      const table = page.locator('[data-table="unmatched"] tbody')
      const suggested = table.locator('tr', { hasText: lamp })
      const mystery = table.locator('tr', { hasText: `${width}-mystery` })
      await waitText(suggested, /same SKU ignoring case and punctuation/)
      await suggested.getByRole('checkbox').check()
      const typed = mystery.locator('input[name="sku"]')
      await typed.click()
      await page.keyboard.type('LAMP-00')
      // something new arrives: the next refresh redraws the list while the seller is mid-word
      await db('external_listings').insert(listing(`${width}-arrived`))
      await waitText(table, new RegExp(`${width}-arrived`), 15_000)
      expect(await typed.inputValue()).toBe('LAMP-00')
      expect(await suggested.getByRole('checkbox').isChecked()).toBe(true)
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('sku')
      await page.keyboard.type('2')
      await mystery.getByRole('checkbox').check()
      await page.getByRole('button', { name: 'Accept selected' }).click()
      await waitText(page.locator('[data-slot="toasts"]'), /2 SKUs matched/)
      const bound = await db('bindings')
        .join('variants', 'variants.id', 'bindings.canonical_id')
        .where('bindings.connection_id', conn.a)
        .whereIn('bindings.external_id', [lamp, `${width}-mystery`])
        .orderBy('bindings.external_id')
        .select('bindings.external_id', 'variants.sku')
      expect(bound.map((b) => b.sku).sort()).toEqual(['LAMP-001', 'LAMP-002'])
    })
  }

  it('no page threw or logged an error', () => {
    expect(errors).toEqual([])
  })
})
