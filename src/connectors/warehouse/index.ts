// The overseas-warehouse (3PL) connector. One account, several facilities, each mapped to a
// canonical location in settings.facilities. Provider-neutral: idempotent order creation by our
// allocation id, cancellations, cursors and push results live here; everything provider-specific
// is an adapter (shipbob.ts, fourpx.ts): a provider is one adapter file plus its mapper.
//
// Folder: adapter.ts (the provider seam), shipbob.ts and fourpx.ts (adapters), settings.ts (schemas),
// client.ts (the connection's HTTP description for the runtime), standard-webhooks.ts (signatures).
// Imports: model, connectors/http, connectors/types, mappers/warehouse.
import { CrossdockError } from '../../errors.ts'
import type {
  CancelPushItem,
  Connector,
  ConnectorContext,
  OrderPushItem,
  Page,
  PushResult,
  PushStream,
  RawWebhook,
  Stream,
} from '../types.ts'
import type { AdapterCall, TimedPage, WarehouseAdapter } from './adapter.ts'
import { adapterCall, warehouseHttp } from './client.ts'
import { fourPxAdapter } from './fourpx.ts'
import {
  providerOf,
  readSettings,
  WarehouseCredentialsSchema,
  WarehouseSettingsSchema,
  type ProviderName,
  type WarehouseCredentials,
  type WarehouseSettings,
} from './settings.ts'
import { shipBobAdapter } from './shipbob.ts'

type Ctx = ConnectorContext<WarehouseSettings, WarehouseCredentials>

const ADAPTERS: Record<ProviderName, WarehouseAdapter> = { shipbob: shipBobAdapter, '4px': fourPxAdapter }

/** Re-read changes this far behind the stored cursor: remote clocks and "later than" filters are not exact. */
const CURSOR_OVERLAP_MS = 5 * 60_000
const PUSH_CONCURRENCY = 4

export function adapterFor(settings: WarehouseSettings): WarehouseAdapter {
  return ADAPTERS[providerOf(settings)]
}

function call(ctx: Ctx): AdapterCall {
  return adapterCall(ctx, readSettings(ctx.settings))
}

// ---- pull ---------------------------------------------------------------------------------

function sinceFor(cursor: string | null, settings: WarehouseSettings, now: Date): string {
  const at = cursor
    ? Date.parse(cursor) - CURSOR_OVERLAP_MS
    : now.getTime() - (settings.firstPullDays ?? 30) * 86_400_000
  return new Date(at).toISOString()
}

/**
 * Pages of a time-filtered list. The remote does not order pages by the cursor field, so only
 * the last page carries the new cursor (the newest change seen): a crash mid-run re-reads from
 * the old cursor, and the hub de-duplicates by external id.
 */
async function* withCursor(pages: AsyncIterable<TimedPage>, cursor: string | null): AsyncIterable<Page> {
  let newest = cursor
  let held: Page | null = null
  for await (const p of pages) {
    if (p.watermark && (newest === null || p.watermark > newest)) newest = p.watermark
    if (held) yield held
    held = { items: p.items, nextCursor: null }
  }
  if (held) yield { ...held, nextCursor: newest !== cursor ? newest : null }
}

async function* snapshot(pages: AsyncIterable<Page['items']>): AsyncIterable<Page> {
  for await (const items of pages) yield { items, nextCursor: null }
}

async function* pull(ctx: Ctx, stream: Stream, cursor: string | null): AsyncIterable<Page> {
  const c = call(ctx)
  const a = adapterFor(c.settings)
  switch (stream) {
    case 'locations':
      yield* snapshot(a.facilities(c))
      return
    case 'inventory':
      yield* snapshot(a.inventory(c))
      return
    case 'shipments':
      yield* withCursor(a.shipments(c, sinceFor(cursor, c.settings, ctx.now())), cursor)
      return
    case 'orders':
      yield* withCursor(a.orderStatuses(c, sinceFor(cursor, c.settings, ctx.now())), cursor)
      return
    default:
      throw new CrossdockError('BAD_REQUEST', `a warehouse connection has no ${stream} stream`)
  }
}

// ---- push ---------------------------------------------------------------------------------

function failed(key: string, err: unknown): PushResult {
  const e =
    err instanceof CrossdockError
      ? err
      : new CrossdockError('INTERNAL', err instanceof Error ? err.message : String(err))
  // a refused token is the connection's problem, not the record's: keep the item for later
  const retryable = e.retryable || e.code === 'CONNECTOR_AUTH_FAILED'
  return { key, status: retryable ? 'retryable' : 'rejected', error: { code: e.code, message: e.message } }
}

/** Create the remote order for an allocation; a retry finds the first one by our reference. */
async function createOrder(c: AdapterCall, a: WarehouseAdapter, item: OrderPushItem): Promise<PushResult> {
  try {
    const out = await a.createOrder(c, item)
    if (out.kind === 'created') return { key: item.key, status: 'ok', externalId: out.externalId }
    if (out.kind === 'invalid') {
      const first = out.errors[0]
      const message = out.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ')
      return {
        key: item.key,
        status: 'rejected',
        error: { code: first?.code ?? 'CONNECTOR_REJECTED', message, ...(first?.field ? { field: first.field } : {}) },
      }
    }
    const existing = await a.findOrderByReference(c, item.key)
    if (existing) return { key: item.key, status: 'ok', externalId: existing.externalId }
    return {
      key: item.key,
      status: 'retryable',
      error: {
        code: 'CONNECTOR_CONFLICT',
        message: `${a.title} reports reference ${item.key} exists (${out.message}) but does not list it yet`,
      },
    }
  } catch (err) {
    return failed(item.key, err)
  }
}

async function cancelOrder(c: AdapterCall, a: WarehouseAdapter, item: CancelPushItem): Promise<PushResult> {
  try {
    const out = await a.cancelOrder(c, item.externalId, item.reason)
    switch (out.kind) {
      case 'cancelled':
        return { key: item.key, status: 'ok', externalId: item.externalId }
      case 'shipped':
        return {
          key: item.key,
          status: 'rejected',
          externalId: item.externalId,
          error: { code: 'CONNECTOR_CONFLICT', message: out.message },
        }
      case 'not_found':
        return { key: item.key, status: 'rejected', error: { code: 'CONNECTOR_NOT_FOUND', message: out.message } }
      default:
        return {
          key: item.key,
          status: 'rejected',
          externalId: item.externalId,
          error: { code: 'CONNECTOR_REJECTED', message: out.message },
        }
    }
  } catch (err) {
    return failed(item.key, err)
  }
}

async function inPool<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker))
  return out
}

async function push(ctx: Ctx, stream: PushStream, batch: unknown[]): Promise<PushResult[]> {
  const c = call(ctx)
  const a = adapterFor(c.settings)
  if (stream === 'orders') return inPool(batch as OrderPushItem[], PUSH_CONCURRENCY, (i) => createOrder(c, a, i))
  if (stream === 'cancellations')
    return inPool(batch as CancelPushItem[], PUSH_CONCURRENCY, (i) => cancelOrder(c, a, i))
  return (batch as { key: string }[]).map((i) => ({
    key: i.key,
    status: 'rejected',
    error: { code: 'BAD_REQUEST', message: `a warehouse connection does not accept ${stream}` },
  }))
}

// ---- webhooks -----------------------------------------------------------------------------

function webhookAdapter(settings: WarehouseSettings) {
  const a = adapterFor(settings)
  if (!a.webhooks)
    throw new CrossdockError('WEBHOOK_SIGNATURE_INVALID', `${a.title} sends no webhooks; this connection polls instead`)
  return a.webhooks
}

export const warehouseConnector: Connector<WarehouseSettings, WarehouseCredentials> = {
  description: {
    kind: 'warehouse',
    title: 'Overseas warehouse (3PL)',
    role: 'warehouse',
    configSchema: WarehouseSettingsSchema,
    credentialsSchema: WarehouseCredentialsSchema,
    capabilities: { locations: 'pull', inventory: 'pull', shipments: 'pull', orders: 'both', cancellations: 'push' },
    // one order per call on every provider we know: no batch order endpoint
    batchSizes: { orders: 1, cancellations: 1 },
    // ShipBob (the default provider): 150 requests per rolling minute [SB-DOC /rate-limit]; 4PX signs each call
    http: warehouseHttp(adapterFor),
  },

  async testConnection(ctx) {
    let c: AdapterCall
    try {
      c = call(ctx)
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) }
    }
    return adapterFor(c.settings).testConnection(c)
  },

  pull,

  push: push as Connector['push'],

  webhooks: {
    verify(req: RawWebhook, conn) {
      webhookAdapter(readSettings(conn.settings)).verify(req, conn)
    },
    parse(req: RawWebhook, conn) {
      return webhookAdapter(readSettings(conn.settings)).parse(req)
    },
    async process(ctx, event) {
      const settings = readSettings(ctx.settings)
      return webhookAdapter(settings).effects(event, settings.facilities)
    },
  },

  async registerWebhooks(ctx, callbackUrl) {
    const c = call(ctx)
    const a = adapterFor(c.settings)
    if (!a.subscribeWebhooks) return []
    return a.subscribeWebhooks(c, callbackUrl)
  },

  hooks: { webhookSecret: { credential: 'webhookSecret' } },
}
