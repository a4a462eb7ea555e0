// Shared wiring for the Shopify sandbox tests under tests/sandbox: a sandbox on its own clock, a
// webhook receiver that keeps raw bodies and headers (and can refuse deliveries), and the calls a
// client makes over HTTP — GraphQL with the app's token and the /__control routes. Nothing here
// uses the hub's connector: these tests check the sandbox against Shopify's documented behaviour.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { listenShopifySandbox, type ShopifySandboxOptions } from '../../src/sandbox/shopify/index.ts'

export type Sandbox = Awaited<ReturnType<typeof listenShopifySandbox>>

export interface Delivery {
  headers: IncomingHttpHeaders
  body: Buffer
  json: any
}

export interface Receiver {
  url: string
  received: Delivery[]
  /** answer 500 while this returns true for a delivery */
  refuse: (d: Delivery) => boolean
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const r: Receiver = { url: '', received: [], refuse: () => false, close: async () => undefined }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const d: Delivery = { headers: req.headers, body, json: JSON.parse(body.toString('utf8') || 'null') }
      r.received.push(d)
      res.statusCode = r.refuse(d) ? 500 : 200
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  r.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks/shopify/conn-1`
  r.close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return r
}

/** A sandbox whose clock the test moves (Shopify times have second resolution). */
export async function startShop(
  o: ShopifySandboxOptions = {},
): Promise<{ sb: Sandbox; clock: { now: number; advance(ms: number): void } }> {
  const clock = {
    now: Date.parse('2026-11-20T10:00:00Z'),
    advance(ms: number) {
      this.now += ms
    },
  }
  const sb = await listenShopifySandbox({ bulkDelayMs: 20, now: () => new Date(clock.now), ...o })
  return { sb, clock }
}

export async function graphql(
  sb: Sandbox,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sb.url}/admin/api/2026-07/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': sb.accessToken },
    body: JSON.stringify({ query, variables }),
  })
  return { status: res.status, body: await res.json() }
}

export async function control(sb: Sandbox, path: string, body: unknown = {}): Promise<any> {
  const res = await fetch(`${sb.url}/__control${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const json = await res.json()
  if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(json)}`)
  return json
}

/** Subscribe the receiver to topics the way an app does: webhookSubscriptionCreate. */
export async function subscribe(sb: Sandbox, uri: string, topics: string[]): Promise<void> {
  for (const topic of topics) {
    const r = await graphql(
      sb,
      `
        mutation ($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
          webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
            webhookSubscription {
              id
            }
            userErrors {
              message
            }
          }
        }
      `,
      { topic, sub: { uri, format: 'JSON' } },
    )
    if (r.body.data?.webhookSubscriptionCreate?.userErrors?.length || r.body.errors)
      throw new Error(`subscribe ${topic}: ${JSON.stringify(r.body)}`)
  }
}

export function validHmac(d: Delivery, secret: string): boolean {
  return createHmac('sha256', secret).update(d.body).digest('base64') === d.headers['x-shopify-hmac-sha256']
}

/** Wait until deliveries are flushed; then the deliveries of a topic. */
export async function delivered(sb: Sandbox, r: Receiver, topic: string): Promise<Delivery[]> {
  await control(sb, '/webhooks/flush')
  return r.received.filter((d) => d.headers['x-shopify-topic'] === topic)
}
