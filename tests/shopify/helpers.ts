// Shared set-up for the Shopify tests: a sandbox on 127.0.0.1:0 and a connector context pointed
// at it over real HTTP.
import type { ConnectorContext, Page, PulledItem } from '../../src/connectors/types.ts'
import type { ShopifyCredentials, ShopifySettings } from '../../src/connectors/shopify/settings.ts'
import { shopifyConnector } from '../../src/connectors/shopify/index.ts'
import { listenShopifySandbox, type ShopifySandboxOptions } from '../../src/sandbox/shopify/index.ts'
import { runtimeContext } from '../support/runtime.ts'

export type Sandbox = Awaited<ReturnType<typeof listenShopifySandbox>>
export type ShopifyCtx = ConnectorContext<ShopifySettings, ShopifyCredentials>

export async function startSandbox(o: ShopifySandboxOptions = {}): Promise<Sandbox> {
  return listenShopifySandbox({ bulkDelayMs: 20, webhooks: { retryBaseMs: 20, timeoutMs: 2_000 }, ...o })
}

export function contextFor(
  sb: Sandbox,
  settings: Partial<ShopifySettings> = {},
  credentials: Partial<ShopifyCredentials> = {},
): ShopifyCtx {
  const fullSettings: ShopifySettings = { baseUrl: sb.url, ...settings }
  return runtimeContext(shopifyConnector, {
    settings: fullSettings,
    credentials: { accessToken: sb.accessToken, appSecret: sb.appSecret, ...credentials },
  })
}

export async function collect(pages: AsyncIterable<Page>): Promise<{ pages: Page[]; items: PulledItem[] }> {
  const out: Page[] = []
  for await (const p of pages) out.push(p)
  return { pages: out, items: out.flatMap((p) => p.items) }
}

/** A GraphQL call straight to the sandbox (what a naive client would send). */
export async function rawGraphql(
  sb: Sandbox,
  query: string,
  variables: Record<string, unknown> = {},
  version = '2026-07',
): Promise<any> {
  const res = await fetch(`${sb.url}/admin/api/${version}/graphql.json`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': sb.accessToken },
    body: JSON.stringify({ query, variables }),
  })
  return res.json()
}
