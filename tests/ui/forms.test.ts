// Forms that forgive, at phone and desktop widths, against a real hub and the Shopify sandbox over
// HTTP: a shop pasted as a URL and a base URL without its scheme are tidied before they are sent
// (and shown tidied); what the API refuses is said in words next to the field, never as a regular
// expression; addresses such as the token URL are shown, only secrets are masked.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listenShopifySandbox } from '../../src/sandbox/shopify/index.ts'
import { tenantWithToken } from '../support/api.ts'
import { startTestHub, type TestHub } from '../support/hub.ts'
import { hasChromium, launch, signIn, viewer, waitText, WIDTHS } from './support.ts'

const SHOP = 'kettle-forms.myshopify.com'

describe.skipIf(!hasChromium)('connection forms at phone and desktop widths', () => {
  let hub: TestHub
  let browser: Browser
  let page: Page
  let errors: string[]
  let shopify: Awaited<ReturnType<typeof listenShopifySandbox>>

  beforeAll(async () => {
    hub = await startTestHub({ roles: { api: true, worker: false } })
    const seller = await tenantWithToken(hub)
    shopify = await listenShopifySandbox({ accessToken: 'shpat_right', shopDomain: SHOP, shopName: 'Kettle Forms' })
    browser = await launch()
    ;({ page, errors } = await viewer(browser))
    await signIn(page, hub.url!, seller.email, 'correct horse battery')
  })

  afterAll(async () => {
    await browser?.close()
    await shopify?.close()
    await hub?.close()
  })

  const field = (pointer: string) => page.locator(`[data-pointer="${pointer}"]`)
  const errorOf = (pointer: string) => page.locator(`.field:has([data-pointer="${pointer}"]) .field-error`)

  async function newConnection(kind: string, name: string) {
    await page.goto(`${hub.url}/ui/connections/new`)
    await page.locator(`input[name="kind"][value="${kind}"]`).check()
    await page.locator('#name').fill(name)
  }

  for (const width of ['phone', 'desktop'] as const) {
    it(`${width}: a shop pasted as a URL and a base URL without a scheme are tidied, tested and saved`, async () => {
      await page.setViewportSize(WIDTHS[width])
      await newConnection('shopify', `Store ${width}`)
      const origin = shopify.url.replace(/^http:\/\//, '')
      await field('/settings/shop').fill(`https://Kettle-Forms.myshopify.com/admin/`)
      await field('/settings/baseUrl').fill(`${origin}/`)
      await field('/credentials/accessToken').fill('shpat_right')
      // leaving a field shows the value that will be sent
      expect(await field('/settings/shop').inputValue()).toBe(SHOP)
      expect(await field('/settings/baseUrl').inputValue()).toBe(shopify.url)
      await page.getByRole('button', { name: 'Test connection' }).click()
      expect(await waitText(page.locator('[data-slot="test-result"]'), /^Connection (works|failed)/)).toMatch(
        /^Connection works: connected to Kettle Forms/,
      )
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page.waitForURL(/\/ui\/connections\/[0-9a-f-]{36}$/)
      const saved = await hub.services
        .db('connections')
        .where({ name: `Store ${width}` })
        .first('settings')
      expect(saved.settings).toMatchObject({ shop: SHOP, baseUrl: shopify.url })
    })

    it(`${width}: what the API refuses is said in words next to the field`, async () => {
      await page.setViewportSize(WIDTHS[width])
      await newConnection('shopify', `Refused ${width}`)
      await field('/settings/shop').fill('my store')
      await field('/settings/apiVersion').fill('latest')
      await field('/settings/locale').fill('English')
      await field('/credentials/accessToken').fill('shpat_right')
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      const shop = await waitText(errorOf('/settings/shop'), /./)
      expect(shop).toBe('Not in the expected form: it should be a shop domain like example.myshopify.com.')
      expect(await errorOf('/settings/apiVersion').textContent()).toBe(
        'Not in the expected form: it should be a year and month like 2026-07.',
      )
      expect(await errorOf('/settings/locale').textContent()).toBe(
        'Not in the expected form: it should be a language code like en or en-US.',
      )
      expect(await field('/settings/shop').getAttribute('aria-invalid')).toBe('true')
      const summary = await page.locator('.form-errors').textContent()
      expect(summary).toBe('3 fields need a change: see the message under each.')
      for (const text of [shop, summary!]) expect(text).not.toMatch(/must match|pattern|\^|schema is false/)
      // the other wordings the API's schema checks come in, as the panel puts them
      const plan = {
        anyOf: ['standard', 'advanced', 'plus'].map((c) => ({ const: c })),
        description: 'starting rate limits',
      }
      const cases: [string[], unknown?][] = [
        [['schema is false']],
        [['must be equal to constant', 'must be equal to constant', 'must match a schema in anyOf'], { schema: plan }],
        [['must not have fewer than 16 characters']],
        [['must match format "uri"']],
        [['must be >= 1']],
        [
          ['must be integer', 'must match pattern "^\\d+$"', 'must match a schema in anyOf'],
          { schema: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\d+$' }] } },
        ],
        [['must match pattern "^[A-Z]{2}$"'], { schema: { pattern: '^[A-Z]{2}$' } }],
      ]
      // the page's own module, as the browser loads it (a string, so the test runner leaves the import be)
      const words = await page.evaluate(
        `import('/ui/assets/lib/plain-errors.js').then((m) => ${JSON.stringify(cases)}.map(([messages, info]) => m.plainMessages(messages, info)))`,
      )
      expect(words).toEqual([
        ['This is not a field this form knows: remove it.'],
        ['Choose one of: standard, advanced, plus.'],
        ['Too short: it must not have fewer than 16 characters.'],
        ['Not a web address: write it in full, e.g. https://example.com.'],
        ['At least 1.'],
        ['A whole number, please.'],
        ['Not in the expected form: it should be a two-letter code in capitals, e.g. US or DE.'],
      ])
    })

    it(`${width}: the token URL is shown as typed, the secrets are masked`, async () => {
      await page.setViewportSize(WIDTHS[width])
      await newConnection('amazon', `Amazon ${width}`)
      expect(await field('/settings/lwaTokenUrl').getAttribute('type')).toBe('text')
      expect(await field('/settings/endpoint').getAttribute('type')).toBe('text')
      expect(await field('/settings/sellerId').getAttribute('type')).toBe('text')
      for (const secret of ['/credentials/clientSecret', '/credentials/refreshToken'])
        expect(await field(secret).getAttribute('type'), secret).toBe('password')
      await field('/settings/lwaTokenUrl').fill('api.amazon.com/auth/o2/token/')
      await field('/settings/endpoint').click()
      expect(await field('/settings/lwaTokenUrl').inputValue()).toBe('https://api.amazon.com/auth/o2/token')
    })
  }

  it('no page threw or logged an error', () => {
    expect(errors).toEqual([])
  })
})
