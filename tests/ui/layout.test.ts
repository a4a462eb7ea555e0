// The panel on a phone (390 px) and on a desktop (1400 px), against the running demo so every page
// has real data in it (long webhook payloads, split orders, failed records): the sidebar folds
// behind a menu button on the phone and stays put on the desktop, and no page is ever wider than
// the window, whatever it shows.
// With CROSSDOCK_SCREENSHOTS=1 it also takes the phone screenshots docs/ui.md links.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningDemo } from '../../src/demo/index.ts'
import { createTestDatabase, type TestDatabase } from '../support/db.ts'
import { eventually } from '../support/hub.ts'
import {
  hasChromium,
  horizontalOverflow,
  launch,
  SCREENSHOTS,
  screenshot,
  settled,
  signIn,
  startTestDemo,
  viewer,
  WIDTHS,
  type WidthName,
} from './support.ts'

describe.skipIf(!hasChromium)('the panel at phone and desktop widths, on the demo', () => {
  let database: TestDatabase
  let demo: RunningDemo
  let browser: Browser
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    database = await createTestDatabase()
    demo = await startTestDemo(database, 'layout-test')
    browser = await launch()
    ;({ page, errors } = await viewer(browser))
    await signIn(page, demo.url, demo.owner.email, demo.owner.password)
  })

  afterAll(async () => {
    await browser?.close()
    await demo?.stop()
    await database?.drop()
  })

  const at = (width: WidthName) => page.setViewportSize(WIDTHS[width])
  const menu = () => page.locator('header.top [data-action="menu"]')
  const nav = () => page.locator('nav.side')
  const signOut = () => page.getByRole('button', { name: 'Sign out' })

  /** The element's box lies inside the window, left to right. */
  async function onScreen(locator: ReturnType<Page['locator']>): Promise<boolean> {
    const box = await locator.boundingBox()
    const width = page.viewportSize()!.width
    return Boolean(box && box.width > 0 && box.x >= 0 && box.x + box.width <= width)
  }

  it('phone: the sidebar folds behind a menu button, the main area gets the width, Sign out is on screen', async () => {
    await at('phone')
    await page.goto(`${demo.url}/ui/orders`)
    await settled(page)
    expect(await menu().isVisible()).toBe(true)
    expect(await menu().getAttribute('aria-expanded')).toBe('false')
    expect(await nav().isVisible()).toBe(false)
    const main = (await page.locator('main').boundingBox())!
    expect(main.width).toBeGreaterThanOrEqual(WIDTHS.phone.width - 2)
    expect(await onScreen(signOut())).toBe(true)
    if (SCREENSHOTS) {
      // a list worth showing: a few orders in, one of them shipped
      const rows = page.locator('[data-table="orders"] tbody tr[data-order]')
      await eventually(async () => (await rows.count()) >= 5, { what: 'five orders', timeoutMs: 60_000 })
      await page.locator('[data-table="orders"] tbody tr[data-status="shipped"]').first().waitFor({ timeout: 60_000 })
    }
    await screenshot(page, 'phone-orders')

    // keyboard only: Enter opens it with the focus on the first link, Tab walks the links, Escape
    // closes it and gives the focus back
    await menu().focus()
    await page.keyboard.press('Enter')
    expect(await menu().getAttribute('aria-expanded')).toBe('true')
    expect(await nav().isVisible()).toBe(true)
    expect(await onScreen(page.getByRole('link', { name: 'Dead letters' }))).toBe(true)
    const focused = () =>
      page.evaluate(() => document.activeElement?.closest('nav.side') && document.activeElement.textContent)
    expect(await focused()).toBe('Connections')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('SKU mapping')
    await page.keyboard.press('Escape')
    expect(await menu().getAttribute('aria-expanded')).toBe('false')
    expect(await nav().isVisible()).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('menu')

    // a link in the open menu goes where it says
    await menu().click()
    await page.getByRole('link', { name: 'Overview' }).click()
    await page.waitForURL(/\/ui\/overview$/)
    await settled(page)
    expect(await nav().isVisible()).toBe(false)
    await screenshot(page, 'phone-overview')
    await page.goto(`${demo.url}/ui/connections/${demo.connections.shopify}`)
    await settled(page)
    await screenshot(page, 'phone-connection')
  })

  it('desktop: the sidebar stays beside the page and there is no menu button', async () => {
    await at('desktop')
    await page.goto(`${demo.url}/ui/orders`)
    await settled(page)
    expect(await menu().isVisible()).toBe(false)
    expect(await nav().isVisible()).toBe(true)
    const side = (await nav().boundingBox())!
    const main = (await page.locator('main').boundingBox())!
    expect(side.x).toBe(0)
    expect(main.x).toBeGreaterThanOrEqual(side.width)
    expect(main.width).toBeGreaterThan(1000)
    expect(await onScreen(signOut())).toBe(true)
    await page.goto(`${demo.url}/ui/inventory`)
    await settled(page)
    await page.locator('[data-table="skus"] [data-slot="ats"] li').first().waitFor()
    await screenshot(page, 'inventory')
  })

  /** Every page of the panel, with the ids of things the demo has made by now. */
  async function everyPage(): Promise<string[]> {
    const db = demo.hub.services.db
    type Id = { id: string }
    const order = await eventually<Id>(
      () => db('orders').where({ status: 'shipped' }).orderBy('placed_at', 'desc').first('id'),
      { what: 'a shipped order', timeoutMs: 60_000 },
    )
    // the widest payload the inbox holds (a whole ERP item master, an order with its URLs)
    const event = await eventually<Id>(
      () => db('webhook_inbox').whereNotNull('payload').orderByRaw('length(payload::text) desc').first('id'),
      { what: 'a webhook event', timeoutMs: 30_000 },
    )
    const run = await eventually<Id>(() => db('sync_runs').orderBy('seen', 'desc').first('id'), { what: 'a run' })
    const sku = await eventually<{ sku: string }>(
      () => db('inventory_levels').orderBy('updated_at', 'desc').first('sku'),
      {
        what: 'stock',
      },
    )
    const c = demo.connections
    return [
      '/ui/overview',
      '/ui/connections',
      '/ui/connections/new',
      `/ui/connections/${c.shopify}`,
      `/ui/connections/${c.amazon}`,
      `/ui/connections/${c.erp}`,
      `/ui/connections/${c.erp}/mapping`,
      `/ui/connections/${c.warehouseUs}`,
      '/ui/skus',
      '/ui/routing',
      '/ui/runs',
      `/ui/runs/${run.id}`,
      '/ui/dead-letters',
      '/ui/inbox',
      `/ui/inbox/${event.id}`,
      '/ui/inventory',
      `/ui/inventory/${encodeURIComponent(sku.sku)}`,
      '/ui/orders',
      `/ui/orders/${order.id}`,
    ]
  }

  for (const width of ['phone', 'desktop'] as const) {
    it(`${width}: no page is wider than the window`, async () => {
      await at(width)
      const wide: string[] = []
      for (const path of await everyPage()) {
        await page.goto(`${demo.url}${path}`)
        await settled(page)
        // open everything a viewer can unfold: payloads, the credentials form, a kind's form
        if (path === '/ui/connections/new') {
          await page.locator('input[name="kind"][value="amazon"]').check()
          await page.locator('[data-slot="details"]').waitFor()
        }
        for (const d of await page.locator('main details').all()) await d.evaluate((el) => el.setAttribute('open', ''))
        const o = await horizontalOverflow(page)
        if (o.scrollWidth > o.innerWidth)
          wide.push(`${path}: ${o.scrollWidth} px > ${o.innerWidth} px; ${o.culprits.join('; ')}`)
      }
      expect(wide).toEqual([])
    })
  }

  it('no page threw or logged an error', () => {
    expect(errors).toEqual([])
  })
})
