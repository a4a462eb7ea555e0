// The ShipBob Developer API as the sandbox speaks it: dated-version paths (/2026-01/...), the
// same request and response shapes (OpenAPI 2026-01), status codes (201 created, 400 invalid,
// 422 duplicate reference_id, 404), field → messages error bodies, paging (Page/Limit with
// Page-Number… headers on /order [UNVERIFIED for /order]; next URLs on inventory) and
// webhook subscriptions. Facts: /work/shared/specs/erp-3pl.md §A1.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type {
  CreateOrder as SbCreateOrder,
  FieldErrors as SbFieldErrors,
  Order as SbOrder,
  WebhookTopic as SbWebhookTopic,
} from './types.ts'
import { LINK_CURSOR } from './contract.ts'
import type { OrderLine, WarehouseState } from './state.ts'
import { TOPICS, type WebhookSender } from './webhooks.ts'

export interface ApiBehaviour {
  /** ShipBob creates a product for an unknown reference_id (real); 'reject' answers 422 instead (sandbox-only) */
  unknownSku: 'autocreate' | 'reject'
  /** ShipBob accepts and holds an order it has no stock for, in Exception (real); 'reject' answers 422 (sandbox-only) */
  outOfStock: 'exception' | 'reject'
  channel: { id: number; name: string }
  publicUrl?: string
}

export interface ApiHooks {
  /** an order became shippable: the sandbox schedules its shipping */
  onAllocated(o: SbOrder): void
  onCancelled(o: SbOrder): void
}

type Req = FastifyRequest<{
  Params: Record<string, string>
  Querystring: Record<string, string | undefined>
  Body: unknown
}>

// the one version whose document the sandbox holds; ShipBob also serves 2025-07, 2026-07, 1.0 and
// 2.0, which the sandbox answers with 404 rather than pretend to know their shapes
const VERSION = /^2026-01$/

function fieldErrors(reply: FastifyReply, status: 400 | 422, errors: SbFieldErrors) {
  return reply.code(status).send(errors)
}

function list(q: string | undefined): string[] {
  return (q ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

function bool(q: string | undefined): boolean | undefined {
  return q === undefined ? undefined : q.toLowerCase() === 'true'
}

function time(q: string | undefined): number | undefined {
  if (!q) return undefined
  const t = Date.parse(q)
  return Number.isNaN(t) ? NaN : t
}

/**
 * What ShipBob checks beyond its OpenAPI document (the shapes are checked before a handler runs,
 * exchange-checks.ts): a blank name or address line, a country that is not ISO 3166-1 alpha-2 and a
 * US ZIP that is not one [UNVERIFIED wording: an approximation of ShipBob's address check].
 */
function businessRules(b: SbCreateOrder): SbFieldErrors {
  const e: SbFieldErrors = {}
  const need = (ok: unknown, field: string, msg: string) => {
    if (!ok) (e[field] ??= []).push(msg)
  }
  const a = b.recipient.address
  need(b.reference_id.trim(), 'reference_id', 'The reference_id field is required.')
  need(b.recipient.name.trim(), 'recipient.name', 'The name field is required.')
  need(a.address1.trim(), 'recipient.address.address1', 'The address1 field is required.')
  need(a.city.trim(), 'recipient.address.city', 'The city field is required.')
  need(/^[A-Z]{2}$/.test(a.country), 'recipient.address.country', 'The country must be an ISO 3166-1 alpha-2 code.')
  if (a.country === 'US')
    need(
      typeof a.zip_code === 'string' && /^\d{5}(-\d{4})?$/.test(a.zip_code),
      'recipient.address.zip_code',
      'The zip_code is not a valid US ZIP code.',
    )
  return e
}

export function registerShipBobApi(
  app: FastifyInstance,
  state: WarehouseState,
  webhooks: WebhookSender,
  cfg: ApiBehaviour,
  hooks: ApiHooks,
): void {
  app.addHook('preHandler', async (req: FastifyRequest, reply) => {
    const v = (req.params as Record<string, string> | undefined)?.version
    if (v !== undefined && !VERSION.test(v)) return reply.code(404).send()
  })

  app.get('/:version/channel', async () => ({
    items: [
      {
        id: cfg.channel.id,
        name: cfg.channel.name,
        application_name: 'crossdock',
        scopes: ['orders_read', 'orders_write', 'inventory_read', 'webhooks_read', 'webhooks_write', 'locations_read'],
      },
    ],
    next: null,
    prev: null,
  }))

  app.get('/:version/fulfillment-center', async () => state.fulfillmentCenters())

  app.post('/:version/order', async (req: Req, reply) => {
    const channel = req.headers['shipbob_channel_id']
    if (!channel || Number(channel) !== cfg.channel.id)
      return fieldErrors(reply, 400, { shipbob_channel_id: ['A valid shipbob_channel_id header is required.'] })
    const body = req.body as SbCreateOrder
    const broken = businessRules(body)
    if (Object.keys(broken).length) return fieldErrors(reply, 400, broken)
    // reference_id is unique per account: the duplicate answer as ShipBob gives it [SB-SDK README; SB-DOC /errors]
    if (state.findByReference(body.reference_id))
      return fieldErrors(reply, 422, { '': ['Cannot insert order with existing ReferenceId'] })
    if (body.location_id != null && !state.facility(body.location_id))
      return fieldErrors(reply, 400, {
        location_id: [`Location ${body.location_id} does not exist or is not available.`],
      })
    const lines: OrderLine[] = []
    for (const [i, p] of body.products.entries()) {
      const known = state.products.get(p.reference_id)
      if (!known && cfg.unknownSku === 'reject')
        return fieldErrors(reply, 422, {
          [`products[${i}].reference_id`]: [`No product with reference_id ${p.reference_id} exists.`],
        })
      if (!known && !p.name)
        return fieldErrors(reply, 400, {
          [`products[${i}].name`]: ['Name is required if there is no existing product with a matching reference_id.'],
        })
      lines.push({ product: known ?? state.product(p.reference_id, p.name ?? undefined), quantity: p.quantity })
    }
    const facility = state.chooseFacility(lines, body.recipient.address.country, body.location_id ?? undefined)
    const short = state.shortfalls(facility.id, lines)
    if (short.length && cfg.outOfStock === 'reject') {
      return fieldErrors(
        reply,
        422,
        Object.fromEntries(
          short.map((s) => [
            `products[${lines.findIndex((l) => l.product.sku === s.sku)}].quantity`,
            [`Insufficient inventory for ${s.sku}: ${s.have} fulfillable.`],
          ]),
        ),
      )
    }
    const order = state.create(
      {
        reference_id: body.reference_id,
        order_number: body.order_number ?? body.reference_id,
        type: body.type,
        shipping_method: body.shipping_method,
        purchase_date: body.purchase_date ?? null,
        recipient: body.recipient,
        products: body.products.map((p, i) => ({
          id: lines[i]!.product.productId,
          reference_id: p.reference_id,
          sku: p.sku ?? p.reference_id,
          quantity: p.quantity,
          unit_price: p.unit_price ?? null,
        })),
        tags: body.tags ?? [],
        channel: { id: cfg.channel.id, name: cfg.channel.name },
      },
      lines,
      facility,
    )
    if (order.status === 'Processing') hooks.onAllocated(order)
    else for (const s of order.shipments ?? []) webhooks.emit('order.shipment.exception', s)
    return reply.code(201).send(order)
  })

  app.get('/:version/order', async (req: Req, reply) => {
    const q = req.query
    const page = Number(q.Page ?? 1)
    const limit = Number(q.Limit ?? 50)
    if (!Number.isInteger(page) || page < 1) return fieldErrors(reply, 400, { Page: ['Page must be 1 or more.'] })
    if (!Number.isInteger(limit) || limit < 1 || limit > 250)
      return fieldErrors(reply, 400, { Limit: ['Limit must be between 1 and 250.'] })
    const ids = list(q.IDs).map(Number)
    const refs = list(q.ReferenceIds)
    const hasTracking = bool(q.HasTracking)
    const uploaded = bool(q.IsTrackingUploaded)
    const start = time(q.StartDate),
      end = time(q.EndDate)
    const upStart = time(q.LastUpdateStartDate),
      upEnd = time(q.LastUpdateEndDate)
    const trStart = time(q.LastTrackingUpdateStartDate),
      trEnd = time(q.LastTrackingUpdateEndDate)
    for (const [name, t] of Object.entries({
      StartDate: start,
      EndDate: end,
      LastUpdateStartDate: upStart,
      LastUpdateEndDate: upEnd,
      LastTrackingUpdateStartDate: trStart,
      LastTrackingUpdateEndDate: trEnd,
    })) {
      if (Number.isNaN(t)) return fieldErrors(reply, 400, { [name]: [`The value is not a valid date.`] })
    }
    const tracked = (o: SbOrder) => (o.shipments ?? []).filter((s) => s.tracking?.tracking_number)
    let orders = [...state.orders.values()].filter((o) => {
      const created = Date.parse(o.created_date ?? '')
      const updated = Date.parse(state.orderUpdatedAt.get(o.id) ?? '')
      const trackTimes = tracked(o).map((s) => Date.parse(s.last_tracking_update_at ?? ''))
      if (ids.length && !ids.includes(o.id)) return false
      if (refs.length && !refs.includes(o.reference_id ?? '')) return false
      if (hasTracking !== undefined && tracked(o).length > 0 !== hasTracking) return false
      if (uploaded !== undefined && tracked(o).every((s) => s.is_tracking_uploaded) !== uploaded) return false
      if (start !== undefined && created < start) return false
      if (end !== undefined && created > end) return false
      if (upStart !== undefined && updated < upStart) return false
      if (upEnd !== undefined && updated > upEnd) return false
      if ((trStart !== undefined || trEnd !== undefined) && trackTimes.length === 0) return false
      if (trStart !== undefined && !trackTimes.some((t) => t >= trStart)) return false
      if (trEnd !== undefined && !trackTimes.some((t) => t <= trEnd)) return false
      return true
    })
    orders.sort((a, b) => (q.SortOrder === 'Oldest' ? a.id - b.id : b.id - a.id))
    const total = orders.length
    const pages = Math.max(1, Math.ceil(total / limit))
    orders = orders.slice((page - 1) * limit, page * limit)
    reply
      .header('Page-Number', String(page))
      .header('Page-Size', String(limit))
      .header('Total-Count', String(total))
      .header('Total-Pages', String(pages))
    if (page < pages) {
      const next = new URL(req.url, 'http://x')
      next.searchParams.set('Page', String(page + 1))
      reply.header('Next-Page', `${next.pathname}${next.search}`)
    }
    return orders
  })

  const orderOr404 = (req: Req, reply: FastifyReply): SbOrder | undefined => {
    const o = state.orders.get(Number(req.params.orderId))
    if (!o) void reply.code(404).send()
    return o
  }

  app.get('/:version/order/:orderId', async (req: Req, reply) => orderOr404(req, reply) ?? reply)
  app.get('/:version/order/:orderId/shipment', async (req: Req, reply) => orderOr404(req, reply)?.shipments ?? reply)

  // POST /order/{orderId}:cancel — the colon action is matched by hand (a route path cannot end in ":cancel")
  app.post('/:version/order/:orderAction', async (req: Req, reply) => {
    const m = /^(\d+):cancel$/.exec(req.params.orderAction ?? '')
    if (!m) return reply.code(404).send()
    const o = state.orders.get(Number(m[1]))
    if (!o) return reply.code(404).send()
    if (o.status === 'Cancelled') return { order_id: o.id, order: o, status: 'Success', canceled_shipment_results: [] }
    const { cancelled, refused } = state.cancel(o)
    for (const s of cancelled) webhooks.emit('order.shipment.cancelled', s)
    if (cancelled.length) hooks.onCancelled(o)
    // how ShipBob words a refusal for a shipped order is not in the stored sources [UNVERIFIED]
    const results = [
      ...cancelled.map((s) => ({ shipment_id: s.id, action: 'Cancel', is_success: true, reason: null })),
      ...refused.map((s) => ({
        shipment_id: s.id,
        action: 'Cancel',
        is_success: false,
        reason: `Shipment ${s.id} has already shipped (${s.status}) and cannot be cancelled`,
      })),
    ]
    const status = refused.length === 0 ? 'Success' : cancelled.length === 0 ? 'Failure' : 'PartialSuccess'
    return { order_id: o.id, order: o, status, canceled_shipment_results: results }
  })

  app.get('/:version/shipment/:shipmentId', async (req: Req, reply) => {
    const id = Number(req.params.shipmentId)
    for (const o of state.orders.values()) for (const s of o.shipments ?? []) if (s.id === id) return s
    return reply.code(404).send()
  })

  const inventoryPage = (req: Req, perFacility: boolean) => {
    const size = Math.min(250, Math.max(1, Number(req.query.PageSize ?? 50) || 50))
    const offset = Number(Buffer.from(req.query[LINK_CURSOR] ?? '', 'base64url').toString() || 0) || 0
    const only = req.query.LocationId ? Number(req.query.LocationId) : undefined
    const rows = state.stockRows().filter((r) => only === undefined || r.facility.id === only)
    // every inventory item is listed, with no facility rows when it has never held stock
    const products = [...state.products.values()].sort((a, b) => a.inventoryId - b.inventoryId)
    const byProduct = new Map<number, typeof rows>()
    for (const r of rows) byProduct.set(r.product.inventoryId, [...(byProduct.get(r.product.inventoryId) ?? []), r])
    const all = products
      .map((p) => ({ p, rs: byProduct.get(p.inventoryId) ?? [] }))
      .filter((x) => only === undefined || x.rs.length > 0)
    const items = all.slice(offset, offset + size).map(({ p, rs }) => {
      const q = rs.map((r) => ({
        location_id: r.facility.id,
        name: r.facility.name,
        on_hand_quantity: r.onHand,
        committed_quantity: r.committed,
        fulfillable_quantity: Math.max(0, r.onHand - r.committed),
        awaiting_quantity: 0,
        internal_transfer_quantity: 0,
      }))
      if (perFacility) return { inventory_id: p.inventoryId, sku: p.sku, name: p.name, locations: q }
      const sum = (k: keyof (typeof q)[number]) => q.reduce((n, x) => n + Number(x[k]), 0)
      return {
        inventory_id: p.inventoryId,
        sku: p.sku,
        name: p.name,
        total_on_hand_quantity: sum('on_hand_quantity'),
        total_committed_quantity: sum('committed_quantity'),
        total_fulfillable_quantity: sum('fulfillable_quantity'),
        total_sellable_quantity: sum('fulfillable_quantity'),
        total_awaiting_quantity: 0,
        total_backordered_quantity: 0,
        total_exception_quantity: 0,
        total_internal_transfer_quantity: 0,
      }
    })
    const origin = cfg.publicUrl ?? `${req.protocol}://${req.headers.host}`
    const link = (at: number) => {
      const u = new URL(req.url.split('?')[0]!, origin)
      u.searchParams.set('PageSize', String(size))
      if (only !== undefined) u.searchParams.set('LocationId', String(only))
      u.searchParams.set(LINK_CURSOR, Buffer.from(String(at)).toString('base64url'))
      return u.toString()
    }
    const lastAt = Math.max(0, Math.floor((all.length - 1) / size) * size)
    return {
      items,
      first: link(0),
      prev: offset > 0 ? link(Math.max(0, offset - size)) : null,
      next: offset + size < all.length ? link(offset + size) : null,
      last: link(lastAt),
    }
  }
  app.get('/:version/inventory-level/locations', async (req: Req) => inventoryPage(req, true))
  app.get('/:version/inventory-level', async (req: Req) => inventoryPage(req, false))

  app.get('/:version/webhook', async () => ({
    items: [...webhooks.subscriptions.values()].map(({ secret: _secret, ...w }) => ({ ...w, enabled: true })),
    next: null,
    prev: null,
  }))
  // 200 with Webhooks.V2.Create.WebhookViewModelV2 [SB-OAS]; refusals answer in the 422 the
  // document declares (its ASP.NET ObjectResult shape), with the reasons in `value`
  app.post('/:version/webhook', async (req: Req, reply) => {
    const b = (req.body ?? {}) as { topics?: unknown; url?: unknown; description?: string | null; secret?: string }
    const topics = Array.isArray(b.topics) ? b.topics : []
    const refuse = (field: string, message: string) =>
      reply
        .code(422)
        .send({ $type: 'UnprocessableEntityObjectResult', status_code: 422, value: { [field]: [message] } })
    const bad = topics.filter((t) => !TOPICS.includes(t as SbWebhookTopic))
    if (topics.length === 0 || bad.length)
      return refuse('topics', bad.length ? `Unknown topics: ${bad.join(', ')}` : 'At least one topic is required.')
    // ShipBob requires https; the sandbox also takes http so a local hub can subscribe
    if (typeof b.url !== 'string' || !/^https?:\/\//.test(b.url))
      return refuse('url', 'The url must be an absolute https URL.')
    return webhooks.subscribe(topics as SbWebhookTopic[], b.url, b.description ?? null, b.secret)
  })
  app.delete('/:version/webhook/:id', async (req: Req, reply) => {
    webhooks.subscriptions.delete(req.params.id ?? '')
    return reply.code(204).send()
  })
}
