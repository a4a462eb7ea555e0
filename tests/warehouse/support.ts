// Shared fixtures for the warehouse tests: a sandbox on a real port, a connector context pointed
// at it, a webhook receiver that keeps raw bodies, and order fixtures.
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ConnectorContext, OrderPushItem, RawWebhook } from '../../src/connectors/types.ts'
import { warehouseConnector } from '../../src/connectors/warehouse/index.ts'
import type { WarehouseCredentials, WarehouseSettings } from '../../src/connectors/warehouse/settings.ts'
import type { Order } from '../../src/model/index.ts'
import {
  createWarehouseSandbox,
  type WarehouseSandbox,
  type WarehouseSandboxOptions,
} from '../../src/sandbox/warehouse/index.ts'
import { runtimeContext } from '../support/runtime.ts'

export const TOKEN = 'pat-test-token'
// ShipBob takes only whsec_ + 32 base64 characters (24 bytes) [SB-OAS Webhooks.V2.CreateSubscriptionRequest]
export const WEBHOOK_SECRET = `whsec_${Buffer.from('crossdock-3pl-hook-secre').toString('base64')}`

export const FACILITIES: WarehouseSettings['facilities'] = {
  10: { code: 'US-EAST', country: 'US', timeZone: 'America/New_York', cutoffHour: 14, workingDays: [1, 2, 3, 4, 5] },
  11: { code: 'US-WEST', country: 'US', timeZone: 'America/Los_Angeles', cutoffHour: 14, workingDays: [1, 2, 3, 4, 5] },
  20: { code: 'DE-HAM', country: 'DE', timeZone: 'Europe/Berlin', cutoffHour: 15, workingDays: [1, 2, 3, 4, 5] },
  30: { code: 'UK-COV', country: 'GB', timeZone: 'Europe/London', cutoffHour: 15, workingDays: [1, 2, 3, 4, 5] },
  40: { code: 'JP-TYO', country: 'JP', timeZone: 'Asia/Tokyo', cutoffHour: 13, workingDays: [1, 2, 3, 4, 5, 6] },
}

export interface Running extends WarehouseSandbox {
  url: string
}

export async function startSandbox(opts: WarehouseSandboxOptions = {}): Promise<Running> {
  const sb = createWarehouseSandbox({ tokens: [TOKEN], shipDelayMs: null, webhookRetryDelaysMs: [20, 40], ...opts })
  const url = await sb.app.listen({ port: 0, host: '127.0.0.1' })
  return { ...sb, url }
}

export function context(
  url: string,
  over: Partial<WarehouseSettings> = {},
  creds: Partial<WarehouseCredentials> = {},
): ConnectorContext<WarehouseSettings, WarehouseCredentials> {
  const settings: WarehouseSettings = { provider: 'shipbob', baseUrl: url, facilities: FACILITIES, ...over }
  return runtimeContext(warehouseConnector, {
    settings,
    credentials: { apiToken: TOKEN, webhookSecret: WEBHOOK_SECRET, ...creds },
  })
}

export function order(over: Partial<Order> = {}): Order {
  return {
    connectionId: randomUUID(),
    externalId: `shop-${randomUUID().slice(0, 8)}`,
    externalNumber: '#1001',
    channel: 'shopify',
    status: 'open',
    currency: 'USD',
    lines: [
      {
        externalLineId: 'l1',
        sku: 'MUG-BLUE',
        title: 'Blue mug',
        quantity: 2,
        unitPrice: { amount: 1250, currency: 'USD' },
      },
    ],
    totals: {
      subtotal: { amount: 2500, currency: 'USD' },
      shipping: { amount: 500, currency: 'USD' },
      tax: { amount: 0, currency: 'USD' },
      discount: { amount: 0, currency: 'USD' },
      total: { amount: 3000, currency: 'USD' },
    },
    buyer: { name: 'Ada Buyer', email: 'ada@example.com' },
    shippingAddress: {
      name: 'Ada Buyer',
      line1: '1 Main St',
      city: 'Springfield',
      region: 'PA',
      postalCode: '19001',
      country: 'US',
      phone: '+12155550100',
    },
    placedAt: '2026-11-20T10:00:00.000Z',
    ...over,
  }
}

/** One allocation of `o` to a location, as the hub routes it; the key is our allocation id. */
export function allocation(
  o: Order,
  locationCode: string,
  lines = o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
): OrderPushItem {
  const key = randomUUID()
  return {
    key,
    order: o,
    allocation: { id: key, orderId: randomUUID(), locationCode, status: 'planned', lines },
    lines: lines.map((l) => ({
      ...l,
      unitPrice: o.lines.find((x) => x.sku === l.sku)?.unitPrice,
    })) as OrderPushItem['lines'],
  }
}

export interface Receiver {
  url: string
  received: RawWebhook[]
  close(): Promise<void>
}

/** A plain HTTP endpoint that keeps each delivery as the hub's intake would: raw bytes and headers. */
export async function startReceiver(status = 200): Promise<Receiver> {
  const received: RawWebhook[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const headers: Record<string, string | undefined> = {}
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v
      received.push({
        headers,
        rawBody: Buffer.concat(chunks),
        contentType: String(req.headers['content-type'] ?? ''),
        receivedAt: new Date(),
      })
      res.statusCode = status
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/webhooks/warehouse/conn-1`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Wait for something asynchronous to become true (not a timing assertion: it only bounds the wait). */
export async function until<T>(
  probe: () => T | undefined | null | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}
