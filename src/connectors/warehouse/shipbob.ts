// ShipBob adapter: everything ShipBob-specific about talking to ShipBob — Bearer PAT auth, the
// dated-version paths (/2026-01/...), the shipbob_channel_id header, its error bodies and codes,
// its rate-limit headers and its Standard Webhooks deliveries. Shapes map through
// src/mappers/warehouse/shipbob.ts. Facts: /work/shared/specs/erp-3pl.md §A1 and ShipBob's
// OpenAPI 2026-01 (vendored in brianzinn/shipbob-node-sdk).
import type { AxiosResponse } from 'axios'
import { CrossdockError } from '../../errors.ts'
import {
  facilityItem,
  inventoryItems,
  orderShipmentItems,
  orderStatusItem,
  shipBobTime,
  shipmentItem,
  shipmentStatusRecord,
  toShipBobOrder,
} from '../../mappers/warehouse/shipbob.ts'
import type {
  SbCanceledOrder,
  SbChannel,
  SbFieldErrors,
  SbFulfillmentCenter,
  SbInventoryByFc,
  SbOrder,
  SbPaged,
  SbShipment,
  SbWebhookSubscription,
  SbWebhookTopic,
} from '../../mappers/warehouse/shipbob-types.ts'
import { remoteResponse, shortReason } from '../http/classify.ts'
import type { ResponseIO } from '../http/client.ts'
import type { InboundEvent, PulledItem, RawWebhook, RecordError, WebhookEffect } from '../types.ts'
import { baseUrlFor } from './client.ts'
import type { AdapterCall, CancelOutcome, CreateOrderOutcome, TimedPage, WarehouseAdapter } from './adapter.ts'
import { requireCredential, type WarehouseConn } from './settings.ts'
import { header, verifyStandardWebhook } from './standard-webhooks.ts'

const ORDER_PAGE = 250 // GET /order Limit is 1..250 [SB-OAS]
const INVENTORY_PAGE = 250
const MAX_PAGES = 10_000

/** topics crossdock subscribes to; payload shapes per spec: OrderViewModel / ShipmentViewModel */
export const SHIPBOB_TOPICS: SbWebhookTopic[] = [
  'order.shipped',
  'order.shipment.delivered',
  'order.shipment.exception',
  'order.shipment.on_hold',
  'order.shipment.cancelled',
]
/** legacy (1.0) topic names still sent to old subscriptions [SB-SDK src/types.ts] */
const LEGACY_TOPICS: Record<string, string> = {
  order_shipped: 'order.shipped',
  shipment_delivered: 'order.shipment.delivered',
  shipment_exception: 'order.shipment.exception',
  shipment_onhold: 'order.shipment.on_hold',
  shipment_cancelled: 'order.shipment.cancelled',
}

function version(c: WarehouseConn): string {
  return c.settings.apiVersion ?? '2026-01'
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'string' || typeof v === 'number' ? Number(v) : NaN
  return Number.isFinite(n) ? n : undefined
}

/**
 * 150 requests per rolling minute per user and application [SB-DOC /rate-limit]. Every answer
 * says what is left (x-remaining-calls; the FAQ names X-RateLimit-Remaining instead) and a 429
 * says when to come back (x-retry-after, seconds; body "Try again in 25 seconds").
 */
async function readRateLimit(res: AxiosResponse, io: ResponseIO): Promise<void> {
  if (res.status === 429) {
    const fromBody = /try again in (\d+)/i.exec(String((res.data as { message?: unknown })?.message ?? ''))?.[1]
    const after = num(res.headers['x-retry-after']) ?? num(fromBody) ?? 1
    await io.limit.correct({ pauseMs: Math.max(1, after) * 1000 })
    return
  }
  const remaining = num(res.headers['x-remaining-calls'] ?? res.headers['x-ratelimit-remaining'])
  // only a remote that counts fewer left than we do changes the shared window (one write, not one per call)
  const ours = io.limit.last ? io.limit.last.available - 1 : Infinity
  if (remaining !== undefined && remaining < ours) await io.limit.correct({ available: remaining })
}

/** The body of a refused call (for ShipBob's known error shapes; never shown as is). */
function errorBody(err: CrossdockError): unknown {
  const b = remoteResponse(err)?.data
  if (typeof b !== 'string') return b
  try {
    return JSON.parse(b)
  } catch {
    return b
  }
}

/**
 * Orders answer 400/422 with a field → messages map ({"": ["Cannot insert order with existing
 * ReferenceId"]}, SB-SDK README); Inventory and Products with RFC 7807 ProblemDetails.
 */
export function shipBobErrors(body: unknown): RecordError[] {
  if (typeof body === 'string') return body.trim() ? [{ code: 'CONNECTOR_REJECTED', message: shortReason(body) }] : []
  if (!body || typeof body !== 'object') return []
  const o = body as Record<string, unknown>
  if (typeof o.title === 'string' || typeof o.detail === 'string') {
    const errs = o.errors && typeof o.errors === 'object' ? shipBobErrors(o.errors) : []
    return errs.length ? errs : [{ code: 'CONNECTOR_REJECTED', message: shortReason(o.detail ?? o.title) }]
  }
  const out: RecordError[] = []
  for (const [field, msgs] of Object.entries(o as SbFieldErrors)) {
    for (const m of Array.isArray(msgs) ? msgs : [msgs])
      out.push({
        code: 'CONNECTOR_REJECTED',
        message: shortReason(m),
        ...(field ? { field: shortReason(field, 100) } : {}),
      })
  }
  return out
}

/** ShipBob's duplicate-reference answer: 422 "Duplicate reference ID…" / "…existing ReferenceId". */
export function isDuplicateReference(status: unknown, errors: RecordError[]): boolean {
  return (
    status === 422 &&
    errors.some((e) => /reference ?id/i.test(e.message) && /(exist|duplicate|already)/i.test(e.message))
  )
}

async function channelId(c: AdapterCall): Promise<number> {
  if (c.settings.channelId !== undefined) return c.settings.channelId
  const memo = c.memo.get('shipbob.channelId')
  if (typeof memo === 'number') return memo
  const res = await c.http.get<{ items?: SbChannel[] } | SbChannel[]>(`/${version(c)}/channel`)
  const items = Array.isArray(res.data) ? res.data : (res.data.items ?? [])
  // a PAT sees its own channel plus the stores it is linked to; the one with orders_write creates orders
  const chosen = items.find((ch) => ch.scopes?.includes('orders_write')) ?? items[0]
  if (chosen?.id === undefined)
    throw new CrossdockError('CONNECTOR_REJECTED', 'ShipBob returned no channel for this token; set settings.channelId')
  c.memo.set('shipbob.channelId', chosen.id)
  return chosen.id
}

/** GET /order pages (Page ≥ 1, Limit ≤ 250) until a short page. */
async function* orderPages(c: AdapterCall, query: Record<string, string | boolean>): AsyncIterable<SbOrder[]> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await c.http.get<SbOrder[]>(`/${version(c)}/order`, {
      params: { ...query, SortOrder: 'Oldest', Limit: ORDER_PAGE, Page: page },
    })
    const orders = Array.isArray(res.data) ? res.data : []
    yield orders
    if (orders.length < ORDER_PAGE) return
  }
}

function latest(times: (string | null | undefined)[]): string | null {
  let best: string | null = null
  for (const t of times) {
    const iso = shipBobTime(t)
    if (iso && (best === null || iso > best)) best = iso
  }
  return best
}

/** Only follow a `next` URL on the API's own origin (the runtime would not send our token elsewhere). */
function sameOrigin(c: AdapterCall, next: string): string {
  const base = new URL(baseUrlFor(shipBobAdapter, c.settings))
  const url = new URL(next, base)
  if (url.origin !== base.origin)
    throw new CrossdockError('CONNECTOR_BAD_RESPONSE', `ShipBob paged to another host (${url.origin})`)
  return url.toString()
}

export const shipBobAdapter: WarehouseAdapter = {
  provider: 'shipbob',
  title: 'ShipBob',
  defaultBaseUrl: 'https://api.shipbob.com',
  defaultApiVersion: '2026-01',
  limits: { buckets: { default: { kind: 'window', limit: 150, windowSeconds: 60 } } },

  httpOptions(conn) {
    return {
      headers: { Authorization: `Bearer ${requireCredential(conn, 'apiToken')}`, Accept: 'application/json' },
      onResponse: readRateLimit,
    }
  },

  async testConnection(c) {
    try {
      const ch = await channelId(c)
      const fcs = (await c.http.get<SbFulfillmentCenter[]>(`/${version(c)}/fulfillment-center`)).data ?? []
      const remote = new Set(fcs.map((f) => String(f.id)))
      const unknown = Object.keys(c.facilities).filter((id) => !remote.has(id))
      const unmapped = fcs.filter((f) => !c.facilities[String(f.id)]).map((f) => `${f.id} ${f.name ?? ''}`.trim())
      const ok = unknown.length === 0
      const message = ok
        ? `connected to ShipBob ${version(c)}: channel ${ch}, ${fcs.length} fulfillment centres, ${fcs.length - unmapped.length} mapped`
        : `connected to ShipBob, but facilities ${unknown.join(', ')} in the facility map do not exist on this account`
      return { ok, message, details: { channelId: ch, fulfillmentCenters: fcs.length, unmapped, unknown } }
    } catch (err) {
      const e = err instanceof CrossdockError ? err : new CrossdockError('CONNECTOR_NETWORK', String(err))
      const status = e.details?.status
      const why =
        e.code === 'CONNECTOR_AUTH_FAILED' ? `ShipBob refused the API token (${String(status)})` : `${e.message}`
      return { ok: false, message: why, details: { code: e.code } }
    }
  },

  async *facilities(c) {
    const res = await c.http.get<SbFulfillmentCenter[]>(`/${version(c)}/fulfillment-center`)
    yield (Array.isArray(res.data) ? res.data : []).map((fc) => facilityItem(fc, c.facilities))
  },

  async *inventory(c) {
    let url: string | null = `/${version(c)}/inventory-level/locations?PageSize=${INVENTORY_PAGE}`
    const asOf = c.now().toISOString()
    for (let i = 0; url && i < MAX_PAGES; i++) {
      const res: AxiosResponse<SbPaged<SbInventoryByFc>> = await c.http.get<SbPaged<SbInventoryByFc>>(url)
      yield (res.data.items ?? []).flatMap((inv) => inventoryItems(inv, c.facilities, asOf))
      url = res.data.next ? sameOrigin(c, res.data.next) : null
    }
  },

  async *shipments(c, since): AsyncIterable<TimedPage> {
    for await (const orders of orderPages(c, { HasTracking: true, LastTrackingUpdateStartDate: since })) {
      const items = orders.flatMap(orderShipmentItems)
      const watermark = latest(
        orders.flatMap((o) => (o.shipments ?? []).map((s) => s.last_tracking_update_at ?? s.last_update_at)),
      )
      yield { items, watermark }
    }
  },

  async *orderStatuses(c, since): AsyncIterable<TimedPage> {
    for await (const orders of orderPages(c, { LastUpdateStartDate: since })) {
      // OrderViewModel has no update time of its own: its shipments' last_update_at stand in
      const watermark = latest(
        orders.flatMap((o) => [o.created_date, ...(o.shipments ?? []).map((s) => s.last_update_at)]),
      )
      yield { items: orders.map(orderStatusItem), watermark }
    }
  },

  async createOrder(c, item): Promise<CreateOrderOutcome> {
    const mapped = toShipBobOrder(item, {
      shippingMethod: c.settings.shippingMethod ?? 'Standard',
      facilities: c.facilities,
    })
    if (!mapped.ok) return { kind: 'invalid', errors: mapped.errors }
    const channel = await channelId(c)
    try {
      const res = await c.http.post<SbOrder>(`/${version(c)}/order`, mapped.body, {
        headers: { shipbob_channel_id: String(channel) },
      })
      return {
        kind: 'created',
        externalId: String(res.data.id),
        ...(res.data.status ? { remoteStatus: res.data.status } : {}),
      }
    } catch (err) {
      if (!(err instanceof CrossdockError) || err.code !== 'CONNECTOR_REJECTED') throw err
      const errors = shipBobErrors(errorBody(err))
      if (isDuplicateReference(err.details?.status, errors))
        return { kind: 'duplicate', message: errors.map((e) => e.message).join('; ') }
      return {
        kind: 'invalid',
        errors: errors.length ? errors : [{ code: 'CONNECTOR_REJECTED', message: err.message }],
      }
    }
  },

  async findOrderByReference(c, reference) {
    const res = await c.http.get<SbOrder[]>(`/${version(c)}/order`, { params: { ReferenceIds: reference } })
    const found = (Array.isArray(res.data) ? res.data : []).find((o) => o.reference_id === reference)
    return found ? { externalId: String(found.id), ...(found.status ? { remoteStatus: found.status } : {}) } : null
  },

  async cancelOrder(c, externalId): Promise<CancelOutcome> {
    let reasons: string[]
    try {
      const res = await c.http.post<SbCanceledOrder>(
        `/${version(c)}/order/${encodeURIComponent(externalId)}:cancel`,
        undefined,
        { headers: { 'Content-Type': 'application/json' } },
      )
      if (res.data.status === 'Success') return { kind: 'cancelled' }
      reasons = (res.data.canceled_shipment_results ?? [])
        .filter((r) => !r.is_success)
        .map((r) => r.reason ?? 'refused')
    } catch (err) {
      if (!(err instanceof CrossdockError)) throw err
      if (err.code === 'CONNECTOR_NOT_FOUND')
        return { kind: 'not_found', message: `ShipBob has no order ${externalId}` }
      if (err.code !== 'CONNECTOR_REJECTED') throw err
      reasons = shipBobErrors(errorBody(err)).map((e) => e.message)
    }
    // ShipBob refuses for several reasons; whether the goods left decides what the hub must do
    const order = (await c.http.get<SbOrder>(`/${version(c)}/order/${encodeURIComponent(externalId)}`)).data
    const left =
      order.status === 'Fulfilled' ||
      order.status === 'PartiallyFulfilled' ||
      (order.shipments ?? []).some((s) => s.status === 'Completed' || Boolean(s.tracking?.tracking_number))
    if (order.status === 'Cancelled') return { kind: 'cancelled' }
    const why = reasons.join('; ') || `ShipBob order status ${order.status ?? 'unknown'}`
    return left
      ? { kind: 'shipped', message: `order ${externalId} has already shipped and cannot be cancelled (${why})` }
      : { kind: 'refused', message: why }
  },

  webhooks: {
    verify(req, conn) {
      verifyStandardWebhook(req, conn.credentials.webhookSecret, { now: req.receivedAt })
    },

    parse(req: RawWebhook): InboundEvent[] {
      let payload: unknown
      try {
        payload = JSON.parse(req.rawBody.toString('utf8'))
      } catch {
        throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'the ShipBob webhook body is not JSON')
      }
      const rawTopic =
        header(req, 'x-webhook-topic') ??
        header(req, 'shipbob-topic') ??
        String((payload as { topic?: unknown })?.topic ?? '')
      const topic = LEGACY_TOPICS[rawTopic] ?? rawTopic
      const id = header(req, 'webhook-id')
      if (!id) throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'no webhook-id header to de-duplicate on')
      return [{ eventId: id, topic: topic || 'unknown', payload }]
    },

    effects(event): WebhookEffect[] {
      if (event.topic === 'order.shipped') {
        const order = event.payload as SbOrder
        if (typeof order?.id !== 'number') return [{ kind: 'ignored', reason: 'order.shipped without an order id' }]
        const items: PulledItem[] = [...orderShipmentItems(order), orderStatusItem(order)]
        // order.shipped sometimes arrives before tracking does [SB-SDK README]: ask for a pull
        const missingTracking =
          (order.shipments ?? []).length === 0 ||
          (order.shipments ?? []).some((s) => !s.tracking?.tracking_number && s.status !== 'Cancelled')
        return missingTracking
          ? [
              { kind: 'records', items },
              { kind: 'pull', stream: 'shipments' },
            ]
          : [{ kind: 'records', items }]
      }
      if (event.topic.startsWith('order.shipment.')) {
        const s = event.payload as SbShipment
        if (typeof s?.id !== 'number') return [{ kind: 'ignored', reason: `${event.topic} without a shipment id` }]
        const items: PulledItem[] = []
        const shipped = shipmentItem(s)
        if (shipped) items.push(shipped)
        const status = shipmentStatusRecord(s)
        if (status) items.push({ externalId: String(s.order_id), raw: s, records: [status] })
        return items.length
          ? [{ kind: 'records', items }]
          : [{ kind: 'ignored', reason: `${event.topic} carried nothing to record` }]
      }
      return [{ kind: 'ignored', reason: `topic ${event.topic} is not used by crossdock` }]
    },
  },

  async subscribeWebhooks(c, callbackUrl) {
    const res = await c.http.get<{ items?: SbWebhookSubscription[] }>(`/${version(c)}/webhook`)
    const existing = (res.data.items ?? []).filter((w) => w.url === callbackUrl && w.enabled !== false)
    const have = new Set(existing.flatMap((w) => w.topics ?? []))
    const missing = SHIPBOB_TOPICS.filter((t) => !have.has(t))
    if (missing.length > 0) {
      const secret = c.credentials.webhookSecret
      await c.http.post(`/${version(c)}/webhook`, {
        topics: missing,
        url: callbackUrl,
        description: 'crossdock',
        ...(secret ? { secret } : {}),
      })
    }
    return SHIPBOB_TOPICS.map((topic) => ({
      topic,
      status: have.has(topic) ? ('exists' as const) : ('created' as const),
    }))
  },
}
