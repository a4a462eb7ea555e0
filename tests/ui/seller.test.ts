// A seller in a browser, against a real hub and the sandboxes over HTTP: first-run setup, then
// each of the four kinds of system connected through the form generated from its schema (tested,
// with plain results, errors next to the field), a catalog sync and its run with counts, a
// record that fails with its payload and goes through on retry once the store is fixed, and an
// Amazon SKU matched by accepting the suggestion. Each test sets up what it needs (connections it
// does not itself create through the form are made over the API), so any one runs alone.
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken, createTenantWithOwner } from '../../src/auth/accounts.ts'
import { marketplaceByCode } from '../../src/connectors/amazon/marketplaces.ts'
import { listenAmazonSandbox, SANDBOX_DEFAULTS } from '../../src/sandbox/amazon/index.ts'
import { listenErpSandbox } from '../../src/sandbox/erp/index.ts'
import { addLocation, setProduct } from '../../src/sandbox/shopify/catalog-ops.ts'
import { listenShopifySandbox } from '../../src/sandbox/shopify/index.ts'
import { listenWarehouseSandbox } from '../../src/sandbox/warehouse/index.ts'
import { caller, type ApiCaller } from '../support/api.ts'
import { eventually, startTestHub, type TestHub } from '../support/hub.ts'
import { hasChromium, launch, screenshot, signIn, viewer, waitText } from './support.ts'

const OWNER = { email: 'owner@kettle.test', password: 'correct horse battery' }
const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
const US = marketplaceByCode('US')!.id
const DE = marketplaceByCode('DE')!.id

describe.skipIf(!hasChromium)('first-run setup in the browser', () => {
  let hub: TestHub
  let browser: Browser
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    hub = await startTestHub()
    browser = await launch()
    ;({ page, errors } = await viewer(browser))
  })
  afterAll(async () => {
    await browser?.close()
    await hub?.close()
  })
  afterEach(() => {
    expect(errors).toEqual([])
  })

  it('first-run setup creates the business and its owner, then shows the connections', async () => {
    await page.goto(`${hub.url}/ui/`)
    await page.waitForURL(/\/ui\/setup$/)
    await page.getByLabel('Business name').fill('Kettle & Co.')
    await page.getByLabel('Your time zone').fill('Europe/Berlin')
    await page.getByLabel('Owner email').fill(OWNER.email)
    await page.getByLabel('Password').fill('short')
    await page.getByRole('button', { name: 'Create and sign in' }).click()
    // refused next to the field, before anything is sent
    await expect(page.locator('#password').getAttribute('aria-invalid')).resolves.toBe('true')
    expect(await page.locator('.field:has(#password) .field-error').textContent()).toMatch(/10 characters/)
    await page.getByLabel('Password').fill(OWNER.password)
    await page.getByRole('button', { name: 'Create and sign in' }).click()
    await page.waitForURL(/\/ui\/connections$/)
    await waitText(page.locator('[data-table="connections"] tbody'), /No connection yet/)
  })
})

describe.skipIf(!hasChromium)('a seller connects Shopify, Amazon, the ERP and a 3PL through the browser', () => {
  let hub: TestHub
  let browser: Browser
  let page: Page
  let errors: string[]
  let shopify: Awaited<ReturnType<typeof listenShopifySandbox>>
  let amazon: Awaited<ReturnType<typeof listenAmazonSandbox>>
  let erp: Awaited<ReturnType<typeof listenErpSandbox>>
  let warehouse: Awaited<ReturnType<typeof listenWarehouseSandbox>>
  let owner: ApiCaller
  const ids: Record<string, string> = {}
  let base = ''

  const variant = (sku: string) => ({
    sku,
    price: '25.00',
    optionValues: [{ optionName: 'Title', name: 'Default Title' }],
  })

  beforeAll(async () => {
    hub = await startTestHub()
    base = hub.url!
    shopify = await listenShopifySandbox({
      accessToken: 'shpat_right',
      appSecret: 'app-secret',
      shopDomain: 'kettle-ui.myshopify.com',
      shopName: 'Kettle UI',
    })
    const store = shopify.store
    store.silently(() => {
      addLocation(store, { name: 'Main', address: { countryCode: 'US' } })
      setProduct(store, {
        title: 'Desk lamp',
        handle: 'desk-lamp-01',
        status: 'ACTIVE',
        options: [{ name: 'Title', values: ['Default Title'] }],
        variants: [variant('DESK-LAMP-01')],
      })
      setProduct(store, {
        title: 'Green mug',
        handle: 'mug-green',
        status: 'ACTIVE',
        options: [{ name: 'Title', values: ['Default Title'] }],
        variants: [variant('MUG-GREEN')],
      })
      // a product someone saved with a SKU longer than a canonical SKU may be: the catalog pull
      // cannot take it (a variant without a SKU imports, by the connection's SKU rule)
      setProduct(store, {
        title: 'Linen tote',
        handle: 'linen-tote',
        status: 'ACTIVE',
        options: [{ name: 'Title', values: ['Default Title'] }],
        variants: [
          {
            sku: `TOTE-${'L'.repeat(120)}`,
            price: '30.00',
            optionValues: [{ optionName: 'Title', name: 'Default Title' }],
          },
        ],
      })
    })
    amazon = await listenAmazonSandbox({ throttle: false })
    erp = await listenErpSandbox({})
    warehouse = await listenWarehouseSandbox({ tokens: ['wh-token'], shipDelayMs: null })
    const { tenantId } = await createTenantWithOwner(hub.services.db, {
      tenantName: 'Kettle & Co.',
      timeZone: 'Europe/Berlin',
      ...OWNER,
    })
    owner = caller(
      hub,
      (await createApiToken(hub.services.db, tenantId, { name: 'test', role: 'owner' })).token,
      tenantId,
    )
    browser = await launch()
    ;({ page, errors } = await viewer(browser))
    await signIn(page, base, OWNER.email, OWNER.password)
  })

  afterAll(async () => {
    await browser?.close()
    await Promise.allSettled([shopify?.close(), amazon?.close(), erp?.close(), warehouse?.close()])
    await hub?.close()
  })

  afterEach(() => {
    expect(errors).toEqual([])
  })

  /** A connection this test did not make through the form: made over the API, once. */
  async function connected(key: string, body: () => object): Promise<string> {
    if (!ids[key]) {
      const r = await owner.call('POST', '/connections', body())
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      ids[key] = r.body.id
    }
    return ids[key]!
  }
  const shopifyConnection = () =>
    connected('shopify', () => ({
      kind: 'shopify',
      name: 'Shopify (set up by a test)',
      settings: { baseUrl: shopify.url, shop: 'kettle-ui.myshopify.com' },
      credentials: { accessToken: 'shpat_right' },
    }))
  const amazonConnection = () =>
    connected('amazon', () => ({
      kind: 'amazon',
      name: 'Amazon (set up by a test)',
      settings: {
        sellerId: SANDBOX_DEFAULTS.sellerId,
        marketplaceIds: [US, DE],
        endpoint: amazon.url,
        lwaTokenUrl: `${amazon.url}/auth/o2/token`,
        initialLookbackDays: 2,
      },
      credentials: {
        clientId: SANDBOX_DEFAULTS.app.clientId,
        clientSecret: SANDBOX_DEFAULTS.app.clientSecret,
        refreshToken: SANDBOX_DEFAULTS.app.refreshToken,
      },
    }))
  const warehouseConnection = () =>
    connected('warehouse', () => ({
      kind: 'warehouse',
      name: 'ShipBob (set up by a test)',
      settings: {
        provider: 'shipbob',
        baseUrl: warehouse.url,
        facilities: { 10: { code: 'US-EAST', country: 'US', timeZone: 'America/New_York' } },
      },
      credentials: { apiToken: 'wh-token' },
    }))

  /** The catalog pulled once from the store (the SKUs other tests match against). */
  async function catalogPulled(): Promise<string> {
    const id = await shopifyConnection()
    const finished = () =>
      hub.services
        .db('sync_runs')
        .where({ connection_id: id, stream: 'catalog' })
        .whereNotNull('finished_at')
        .first('id')
    if (!(await finished())) {
      expect((await owner.call('POST', `/connections/${id}/streams/catalog/sync`)).status).toBe(202)
      await eventually(finished, { what: 'the catalog pull', timeoutMs: 30_000 })
    }
    return id
  }

  const field = (pointer: string) => page.locator(`[data-pointer="${pointer}"]`)
  const result = () => page.locator('[data-slot="test-result"]')

  async function chooseKind(kind: string, name: string) {
    await page.goto(`${base}/ui/connections/new`)
    await page.locator(`input[name="kind"][value="${kind}"]`).check()
    await page.locator('#name').fill(name)
  }

  async function testThenSave(expected: RegExp): Promise<string> {
    await page.getByRole('button', { name: 'Test connection' }).click()
    const text = await waitText(result(), /^Connection (works|failed)/)
    expect(text).toMatch(expected)
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.waitForURL(/\/ui\/connections\/[0-9a-f-]{36}$/)
    return page.url().split('/').pop()!
  }

  it('Shopify: a bad shop is refused next to its field, a wrong token plainly, the right one connects; saved', async () => {
    await chooseKind('shopify', 'US store')
    await field('/settings/baseUrl').fill(shopify.url)
    await field('/settings/shop').fill('not a shop domain')
    await field('/credentials/accessToken').fill('shpat_wrong')
    await page.getByRole('button', { name: 'Test connection' }).click()
    const shopError = page.locator('.field:has([data-pointer="/settings/shop"]) .field-error')
    await shopError.waitFor()
    expect(await field('/settings/shop').getAttribute('aria-invalid')).toBe('true')
    await field('/settings/shop').fill('kettle-ui.myshopify.com')
    await page.getByRole('button', { name: 'Test connection' }).click()
    expect(await waitText(result(), /^Connection (works|failed)/)).toMatch(
      /^Connection failed: token refused by shop kettle-ui\.myshopify\.com \(401\)/,
    )
    await field('/credentials/accessToken').fill('shpat_right')
    await screenshot(page, 'connection-new')
    ids.shopify = await testThenSave(/^Connection works: connected to Kettle UI/)
    await waitText(page.locator('h1'), /US store/)
    // credentials are only ever shown masked
    expect(await page.locator('[data-slot="credentials-masked"]').textContent()).not.toContain('shpat_right')
  })

  it('a catalog sync shows its run and counts; the product with a bad SKU fails with its payload', async () => {
    const id = await shopifyConnection()
    await page.goto(`${base}/ui/connections/${id}`)
    await page.locator('[data-action="sync-catalog"]').click()
    await waitText(page.locator('[data-slot="toasts"]'), /catalog: sync queued/)
    await page.goto(`${base}/ui/runs?connectionId=${id}&stream=catalog`)
    const row = page.locator('[data-table="runs"] tbody tr').first()
    const text = await waitText(row, /partial/, 30_000)
    // seen 3 · (created + updated + unchanged) 2 · failed 1: the first pull creates both products
    expect(text).toMatch(/catalog/)
    const [seen, created, updated, unchanged, failed] = (await row.locator('td.num').allTextContents()).map(Number)
    expect([seen, created! + updated! + unchanged!, failed]).toEqual([3, 2, 1])
    await screenshot(page, 'runs')
    await row.locator('a').first().click()
    await page.waitForURL(/\/ui\/runs\/[0-9a-f-]{36}$/)
    const failure = page.locator('[data-table="failures"] tbody tr').first()
    await waitText(failure, /MAPPING_INVALID/)
    expect(await failure.textContent()).toMatch(/\/variants\/0\/sku/)
    await failure.getByText('Payload').click()
    expect(await failure.locator('pre.json').textContent()).toContain('Linen tote')
    await screenshot(page, 'run-failed-record')
  })

  it('after the store is fixed, retrying the record resolves it', async () => {
    const id = await catalogPulled()
    const run = await hub.services
      .db('sync_run_failures as f')
      .join('sync_runs as r', 'r.id', 'f.run_id')
      .where({ 'r.connection_id': id })
      .whereNull('f.resolved_at')
      .first('r.id')
    expect(run, 'a failed record of the catalog pull').toBeTruthy()
    await page.goto(`${base}/ui/runs/${run.id}`)
    const store = shopify.store
    const tote = [...store.products.values()].find((p) => p.title === 'Linen tote')!
    store.silently(() =>
      setProduct(
        store,
        {
          variants: [
            { sku: 'TOTE-LINEN', price: '30.00', optionValues: [{ optionName: 'Title', name: 'Default Title' }] },
          ],
        },
        tote,
      ),
    )
    const failure = page.locator('[data-table="failures"] tbody tr').first()
    await failure.getByRole('button', { name: 'Retry record' }).click()
    await waitText(failure, /resolved/, 30_000)
    const sku = await hub.services.db('variants').where({ sku: 'TOTE-LINEN' }).first('id')
    expect(sku).toBeTruthy()
  })

  it('Amazon: one connection for the US and Germany, tested and saved', async () => {
    await chooseKind('amazon', 'Amazon US + DE')
    await field('/settings/sellerId').fill(SANDBOX_DEFAULTS.sellerId)
    await field('/settings/marketplaceIds').fill(`${US}, ${DE}`)
    await field('/settings/endpoint').fill(amazon.url)
    await field('/settings/lwaTokenUrl').fill(`${amazon.url}/auth/o2/token`)
    await field('/settings/initialLookbackDays').fill('2')
    await field('/credentials/clientId').fill(SANDBOX_DEFAULTS.app.clientId)
    await field('/credentials/clientSecret').fill(SANDBOX_DEFAULTS.app.clientSecret)
    await field('/credentials/refreshToken').fill(SANDBOX_DEFAULTS.app.refreshToken)
    ids.amazon = await testThenSave(
      new RegExp(`^Connection works: connected to seller ${SANDBOX_DEFAULTS.sellerId} in US, DE`),
    )
  })

  it('ERP: a short secret is refused next to its field; with a good one the mapping and endpoint check out', async () => {
    await chooseKind('erp', 'SAP Business One')
    await field('/settings/preset').selectOption('sap-b1')
    await field('/settings/outbound/url').fill(erp.url)
    await field('/settings/outbound/format').selectOption('json')
    await field('/settings/outbound/healthPath').fill('/')
    await field('/credentials/inboundSecret').fill('too-short')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    const err = page.locator('.field:has([data-pointer="/credentials/inboundSecret"]) .field-error')
    expect(await waitText(err, /16 characters/)).toMatch(/fewer than 16 characters/)
    await field('/credentials/inboundSecret').fill('a-long-enough-erp-secret')
    ids.erp = await testThenSave(/^Connection works: mapping version 1 is valid; outbound endpoint .* answered 200/)
  })

  it('3PL: the facility map is rows (remote id → location); tested and saved', async () => {
    await chooseKind('warehouse', 'ShipBob US')
    await field('/settings/provider').selectOption('shipbob')
    await field('/settings/baseUrl').fill(warehouse.url)
    // the map is required, so it starts with one empty row; more come from "Add facility"
    await page.getByLabel('Remote facility ID', { exact: true }).fill('10')
    await field('/settings/facilities/10/code').fill('US-EAST')
    await field('/settings/facilities/10/country').fill('US')
    await field('/settings/facilities/10/timeZone').fill('America/New_York')
    await field('/credentials/apiToken').fill('wh-token')
    ids.warehouse = await testThenSave(/^Connection works: connected to ShipBob/)
    await page.goto(`${base}/ui/connections`)
    await waitText(page.locator('[data-table="connections"] tbody'), /ShipBob US/)
    await screenshot(page, 'connections')
  })

  it('an Amazon SKU nobody mapped is suggested and accepted in bulk, and leaves the unmatched list', async () => {
    await catalogPulled()
    const amazonId = await amazonConnection()
    amazon.control.seedListings('US', [{ sku: 'desk_lamp_01', quantity: 0 }])
    const placedAt = new Date(Date.now() - 20 * 60_000).toISOString()
    amazon.control.placeOrder({
      marketplace: 'US',
      purchaseDate: placedAt,
      items: [{ sku: 'desk_lamp_01', quantity: 1, unitPrice: '25.00' }],
      address: {
        name: 'Avery Brooks',
        line1: '12 Elm St',
        city: 'Portland',
        region: 'OR',
        postalCode: '97205',
        country: 'US',
      },
    })
    await page.goto(`${base}/ui/connections/${amazonId}`)
    await page.locator('[data-action="sync-orders"]').click()
    await waitText(page.locator('[data-slot="toasts"]'), /orders: sync queued/)
    await eventually(async () => hub.services.db('orders').where({ connection_id: amazonId }).first('id'), {
      what: 'the Amazon order',
      timeoutMs: 30_000,
    })
    await page.goto(`${base}/ui/skus?connection=${amazonId}`)
    const row = page.locator('[data-table="unmatched"] tbody tr', { hasText: 'desk_lamp_01' })
    await waitText(row, /same SKU ignoring case and punctuation/)
    expect(await row.locator('input[name="sku"]').inputValue()).toBe('DESK-LAMP-01')
    await screenshot(page, 'sku-mapping')
    await page.getByLabel('Accept a match for desk_lamp_01').check()
    await page.getByRole('button', { name: 'Accept selected' }).click()
    await waitText(page.locator('[data-slot="toasts"]'), /1 SKU matched/)
    const binding = await hub.services
      .db('bindings as b')
      .join('variants as v', 'v.id', 'b.canonical_id')
      .where({ 'b.connection_id': amazonId, 'b.external_sku': 'desk_lamp_01' })
      .first('v.sku', 'b.scope')
    expect(binding?.sku).toBe('DESK-LAMP-01')
    // the listing was reported in the US marketplace: the binding keeps that scope
    expect(binding?.scope).toBe(US)
    const amazonName = (await owner.call('GET', `/connections/${amazonId}`)).body.name as string
    await waitText(
      page.locator('[data-table="skus"] tbody'),
      new RegExp(`${literally(amazonName).source}: desk_lamp_01`),
    )
    // accepting a suggestion binds the listing, so it leaves the unmatched list
    await waitText(page.locator('[data-table="unmatched"] tbody'), /Every listing of this connection is matched/, 8000)
  })

  it('keyboard only: sign out, sign back in, reach a connection and test it', async () => {
    const name = (await owner.call('GET', `/connections/${await warehouseConnection()}`)).body.name as string
    await page.goto(`${base}/ui/connections`)
    await page.getByRole('button', { name: 'Sign out' }).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/ui\/login/)
    // the email field has focus on arrival; Tab to the password; Enter submits
    await page.keyboard.type(OWNER.email)
    await page.keyboard.press('Tab')
    await page.keyboard.type(OWNER.password)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/ui\/$|\/ui\/overview/)
    await page.goto(`${base}/ui/connections`)
    await waitText(page.locator('[data-table="connections"] tbody'), literally(name))
    // the skip link comes first, then the page; a connection's link opens with Enter
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
    await page.getByRole('link', { name }).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/ui\/connections\/[0-9a-f-]{36}$/)
    await page.getByRole('button', { name: 'Test connection' }).focus()
    await page.keyboard.press('Enter')
    await waitText(page.locator('[data-slot="test-result"]'), /^Connection works/)
  })
})
