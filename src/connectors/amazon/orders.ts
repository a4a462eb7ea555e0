// Incremental order pull. Orders 2026-01-01 searchOrders by lastUpdatedAfter/Before with
// includedData, so items, buyer, address and money come in the same call (v0 needed one
// getOrderItems per order at 0.5/s); or, behind `ordersApi: 'v0'`, the deprecated getOrders +
// getOrderItems. One call per region covers all its marketplaces (marketplaceIds ≤ 50).
//
// The window: lastUpdatedBefore must be at least two minutes before now [M-ord26, M-ord0], so a
// pull reads [cursor − overlap, now − 2 min − margin]; the overlap re-reads orders whose update
// Amazon indexed late (the hub de-duplicates by connection + order id, so re-reads are free).
// searchOrders allows one call per ~3 minutes after its burst of 20, so a page's cursor carries
// the pagination token: a pull that dies mid-window resumes on the next page, not from scratch.
import type { BindingHint, Page, PulledItem } from '../types.ts'
import {
  mapOrder2026,
  mapOrderV0,
  type MapResult,
  type Order2026,
  type OrderItemV0,
  type OrderMapContext,
  type OrderV0,
} from '../../mappers/amazon/index.ts'
import type { Order } from '../../model/index.ts'
import { CrossdockError } from '../../errors.ts'
import { queryString, spApiFor, type AmazonContext, type SpApi } from './client.ts'
import { canonicalSkuFor, type ResolvedSettings } from './settings.ts'

/** Datasets asked of searchOrders [M-ord26 includedData]: what the canonical order needs, no more. */
export const INCLUDED_DATA = ['BUYER', 'RECIPIENT', 'PROCEEDS', 'FULFILLMENT'] as const
const BEFORE_NOW_MS = 2 * 60_000 + 10_000

interface Window {
  after: string
  until: string
}

type Cursor = { since: string } | { window: Window; region: number; token?: string }

function parseCursor(cursor: string | null): Cursor | null {
  if (!cursor) return null
  if (/^\d{4}-\d{2}-\d{2}T/.test(cursor)) return { since: new Date(cursor).toISOString() }
  try {
    const c = JSON.parse(cursor) as Cursor
    if ('since' in c || 'window' in c) return c
  } catch {}
  throw new CrossdockError('VALIDATION_FAILED', `unreadable Amazon orders cursor "${cursor.slice(0, 80)}"`)
}

function planWindow(
  s: ResolvedSettings,
  now: Date,
  c: Cursor | null,
): { window: Window; region: number; token?: string } | null {
  // a window cut short by a change of marketplaces (fewer regions now) counts as read
  if (c && 'window' in c && c.region >= s.regions.length) return planWindow(s, now, { since: c.window.until })
  if (c && 'window' in c) return c
  const until = new Date(now.getTime() - BEFORE_NOW_MS)
  const since = c ? new Date(c.since) : new Date(now.getTime() - s.initialLookbackDays * 86_400_000)
  const after = new Date(since.getTime() - s.orderOverlapMinutes * 60_000)
  if (after >= until) return null
  return { window: { after: after.toISOString(), until: until.toISOString() }, region: 0 }
}

function mapContext(ctx: AmazonContext, s: ResolvedSettings): OrderMapContext {
  const byId = new Map(s.marketplaces.map((m) => [m.id, m]))
  return { connectionId: ctx.connectionId, marketplace: (id) => byId.get(id) }
}

export function orderPulledItem(
  s: ResolvedSettings,
  externalId: string,
  raw: unknown,
  result: MapResult<Order>,
  marketplaceId: string | undefined,
): PulledItem {
  if (!result.ok) return { externalId, raw, error: result.error }
  const order = result.value
  const bindings: BindingHint[] = [
    { entity: 'order', canonicalKey: externalId, externalId, ...(marketplaceId ? { scope: marketplaceId } : {}) },
  ]
  for (const line of order.lines) {
    const canonical = canonicalSkuFor(s, marketplaceId ?? '', line.sku)
    bindings.push({
      entity: 'variant',
      canonicalKey: canonical.sku,
      externalId: line.sku,
      externalSku: line.sku,
      ...(marketplaceId ? { scope: marketplaceId } : {}),
    })
  }
  return { externalId, raw, records: [{ type: 'order', value: order }], bindings }
}

function nextCursor(w: Window, region: number, regions: number, token: string | undefined): string {
  if (token) return JSON.stringify({ window: w, region, token })
  if (region + 1 < regions) return JSON.stringify({ window: w, region: region + 1 })
  return JSON.stringify({ since: w.until })
}

interface SearchOrdersResponse {
  orders: Order2026[]
  pagination?: { nextToken?: string }
}

interface GetOrdersResponse {
  payload?: { Orders: OrderV0[]; NextToken?: string }
}

interface GetOrderItemsResponse {
  payload?: { AmazonOrderId: string; OrderItems: OrderItemV0[]; NextToken?: string }
}

/** A token Amazon no longer knows (they last 24 h) answers 400: start the region's window again. */
async function withTokenFallback<T>(
  token: string | undefined,
  call: (token: string | undefined) => Promise<T>,
): Promise<T> {
  try {
    return await call(token)
  } catch (err) {
    if (token && err instanceof CrossdockError && err.code === 'CONNECTOR_REJECTED') return call(undefined)
    throw err
  }
}

export async function* pullOrders(ctx: AmazonContext, cursor: string | null): AsyncIterable<Page> {
  const api = spApiFor(ctx)
  const s = api.settings
  const plan = planWindow(s, ctx.now(), parseCursor(cursor))
  if (!plan) return
  const mctx = mapContext(ctx, s)
  for (let r = plan.region; r < s.regions.length; r++) {
    let token = r === plan.region ? plan.token : undefined
    do {
      const page =
        s.ordersApi === 'v0'
          ? await pageV0(ctx, api, r, plan.window, token, mctx)
          : await page2026(ctx, api, r, plan.window, token, mctx)
      token = page.token
      yield { items: page.items, nextCursor: nextCursor(plan.window, r, s.regions.length, token) }
    } while (token)
  }
}

async function page2026(
  ctx: AmazonContext,
  api: SpApi,
  r: number,
  w: Window,
  token: string | undefined,
  mctx: OrderMapContext,
) {
  const s = api.settings
  const region = s.regions[r]!
  const res = await withTokenFallback(token, (t) =>
    api.call<SearchOrdersResponse>(region.region, 'searchOrders', {
      method: 'GET',
      url:
        '/orders/2026-01-01/orders' +
        queryString({
          lastUpdatedAfter: w.after,
          lastUpdatedBefore: w.until,
          marketplaceIds: region.marketplaces.map((m) => m.id),
          includedData: INCLUDED_DATA,
          maxResultsPerPage: s.maxResultsPerPage,
          paginationToken: t,
        }),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    }),
  )
  const items = (res.orders ?? []).map((o) =>
    orderPulledItem(s, o.orderId, o, mapOrder2026(o, mctx), o.salesChannel?.marketplaceId),
  )
  return { items, token: res.pagination?.nextToken }
}

async function pageV0(
  ctx: AmazonContext,
  api: SpApi,
  r: number,
  w: Window,
  token: string | undefined,
  mctx: OrderMapContext,
) {
  const s = api.settings
  const region = s.regions[r]!
  const signal = ctx.signal ? { signal: ctx.signal } : {}
  const res = await withTokenFallback(token, (t) =>
    api.call<GetOrdersResponse>(region.region, 'getOrders', {
      method: 'GET',
      url:
        '/orders/v0/orders' +
        queryString({
          LastUpdatedAfter: w.after,
          LastUpdatedBefore: w.until,
          MarketplaceIds: region.marketplaces.map((m) => m.id),
          MaxResultsPerPage: s.maxResultsPerPage,
          NextToken: t,
        }),
      ...signal,
    }),
  )
  const items: PulledItem[] = []
  for (const o of res.payload?.Orders ?? []) {
    const orderItems: OrderItemV0[] = []
    let itemsToken: string | undefined
    do {
      const page = await api.call<GetOrderItemsResponse>(region.region, 'getOrderItems', {
        method: 'GET',
        url:
          `/orders/v0/orders/${encodeURIComponent(o.AmazonOrderId)}/orderItems` +
          queryString({ NextToken: itemsToken }),
        ...signal,
      })
      orderItems.push(...(page.payload?.OrderItems ?? []))
      itemsToken = page.payload?.NextToken
    } while (itemsToken)
    items.push(
      orderPulledItem(
        s,
        o.AmazonOrderId,
        { order: o, items: orderItems },
        mapOrderV0(o, orderItems, mctx),
        o.MarketplaceId,
      ),
    )
  }
  return { items, token: res.payload?.NextToken }
}
