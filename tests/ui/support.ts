// Browser tests drive Debian's Chromium through playwright-core (no browser download). Without
// /usr/bin/chromium they are skipped, saying why. Screenshots go to docs/screenshots/ only when
// CROSSDOCK_SCREENSHOTS=1 (a run that means to refresh them), never as a side effect of a test run.
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startDemo, type DemoOptions, type RunningDemo } from '../../src/demo/index.ts'
import { createLogger } from '../../src/log.ts'
import type { TestDatabase } from '../support/db.ts'
import { TEST_SECRET_KEY } from '../support/hub.ts'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)
export const SKIP_REASON = `browser tests skipped: ${CHROMIUM} is absent (apt-get install chromium)`

if (!hasChromium) console.warn(SKIP_REASON)

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** A viewer in Berlin reading English, on a laptop-sized window. */
export async function viewer(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`${page.url()}: ${m.text()}`)
  })
  return { context, page, errors }
}

export const SCREENSHOTS = process.env.CROSSDOCK_SCREENSHOTS === '1'
const SHOT_DIR = path.resolve(import.meta.dirname, '../../docs/screenshots')

export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return
  mkdirSync(SHOT_DIR, { recursive: true })
  await page.screenshot({ path: path.join(SHOT_DIR, `${name}.png`), fullPage: true })
}

export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/ui/login`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/ui\/(overview|connections)/)
}

/** Wait until the locator's text matches (pages update by polling, so text arrives later). */
export async function waitText(
  locator: import('playwright-core').Locator,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs
  let last: string
  for (;;) {
    last = (await locator.textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => null)) ?? ''
    if (pattern.test(last)) return last
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${pattern} in ${locator}; last text: ${last.slice(0, 300)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** The two widths every layout check runs at: a phone held upright and a desktop window. */
export const WIDTHS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1400, height: 900 },
} as const
export type WidthName = keyof typeof WIDTHS

/**
 * Wait until the page's module has filled it: no "Loading…" placeholder left and, on a live page,
 * the first refresh reported. A page that never settles fails with what it still shows.
 */
export async function settled(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const loading = [...document.querySelectorAll('main *')].some(
        (el) => el.childElementCount === 0 && el.textContent?.trim().startsWith('Loading') && el.checkVisibility(),
      )
      const live = document.querySelector('[data-slot="live"]')
      return !loading && (!live || /^Live|Could not update/.test(live.textContent ?? ''))
    },
    undefined,
    { timeout: timeoutMs, polling: 200 },
  )
}

/**
 * How far the document is wider than the window, and the outermost elements that stick out past
 * its right edge (tag.class "text…"), to say what to fix when it is.
 */
export async function horizontalOverflow(
  page: Page,
): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth
    const culprits: string[] = []
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > innerWidth + 0.5
    for (const el of document.body.querySelectorAll('*')) {
      if (!sticksOut(el) || (el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement)))
        continue
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : ''
      culprits.push(
        `${el.tagName.toLowerCase()}${cls} ${Math.round(el.getBoundingClientRect().right)}px "${(el.textContent ?? '').trim().slice(0, 60)}"`,
      )
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, culprits: culprits.slice(0, 8) }
  })
}

/**
 * The demo (sandboxes, hub, a seller set up, buyers ordering) on a test database, every port
 * free, quick to ship, logging at the test level: a panel with real data in every page.
 */
export async function startTestDemo(
  database: TestDatabase,
  name: string,
  opts: Partial<DemoOptions> = {},
): Promise<RunningDemo> {
  return startDemo({
    port: 0,
    databaseUrl: database.url,
    secretKey: TEST_SECRET_KEY,
    dataDir: `/tmp/crossdock-${name}-${process.pid}`,
    sandboxPorts: { shopify: 0, amazon: 0, erp: 0, warehouseUs: 0, warehouseEu: 0 },
    shipDelayMs: 3000,
    orderEveryMs: 3000,
    receiptEveryMs: 15_000,
    logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    ...opts,
  })
}
