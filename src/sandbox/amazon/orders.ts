// Orders: 2026-01-01 searchOrders/getOrder and the v0 getOrders/getOrder/getOrderItems (both shapes
// served from the same orders, as Amazon does during the migration), and v0 confirmShipment.
// Query rules enforced as documented [M-ord26, M-ord0; facts §3]: exactly one of createdAfter /
// lastUpdatedAfter (unless paging), no mixing created* with lastUpdated*, *Before not after now − 2 min
// and not before its *After, maxResultsPerPage 1–100.
import type { FastifyInstance } from 'fastify'
import { registerOperation, SpApiError, invalid, type SpApiContext } from './http.ts'
import { PageTokens } from './paging.ts'
import { ALL_PII, NO_PII, render2026, renderItemV0, renderV0, type PiiView } from './render-orders.ts'
import type { PackageRecord, SandboxOrder } from './state.ts'

export interface OrderOptions {
  /** searchOrders / getOrders page tokens live this long (24 h [M-ord26]) */
  pageTokenTtlMs: number
}

const TWO_MINUTES = 120_000

interface Window {
  field: 'created' | 'updated'
  after: number
  before: number
}

function readWindow(
  now: number,
  q: Record<string, any>,
  names: { ca: string; cb: string; ua: string; ub: string },
): Window {
  const ca = q[names.ca],
    cb = q[names.cb],
    ua = q[names.ua],
    ub = q[names.ub]
  if ((ca === undefined) === (ua === undefined))
    throw invalid(`Exactly one of ${names.ca} and ${names.ua} is required.`)
  if (ca !== undefined && (ua !== undefined || ub !== undefined))
    throw invalid(`${names.ca} cannot be combined with ${names.ua} or ${names.ub}.`)
  if (ua !== undefined && cb !== undefined) throw invalid(`${names.ua} cannot be combined with ${names.cb}.`)
  const field = ca !== undefined ? 'created' : 'updated'
  const after = Date.parse(ca ?? ua)
  const beforeText = ca !== undefined ? cb : ub
  if (Number.isNaN(after)) throw invalid(`${ca !== undefined ? names.ca : names.ua} is not an ISO 8601 date.`)
  const latest = now - TWO_MINUTES
  let before = latest
  if (beforeText !== undefined) {
    before = Date.parse(beforeText)
    if (Number.isNaN(before)) throw invalid(`${ca !== undefined ? names.cb : names.ub} is not an ISO 8601 date.`)
    if (before > latest)
      throw invalid(
        `${ca !== undefined ? names.cb : names.ub} must be at least two minutes before the time of the request.`,
      )
    if (before < after)
      throw invalid(
        `${ca !== undefined ? names.cb : names.ub} must be equal to or after ${ca !== undefined ? names.ca : names.ua}.`,
      )
  }
  return { field, after, before }
}

function pageSize(v: unknown): number {
  if (v === undefined) return 100
  if (typeof v !== 'number' || v < 1 || v > 100) throw invalid('maxResultsPerPage must be between 1 and 100.')
  return v
}

function select(
  orders: Iterable<SandboxOrder>,
  w: Window,
  marketplaceIds: string[] | undefined,
  keep: (o: SandboxOrder) => boolean,
): string[] {
  const stamp = (o: SandboxOrder) => Date.parse(w.field === 'created' ? o.purchaseDate : o.lastUpdated)
  return [...orders]
    .filter(
      (o) =>
        (!marketplaceIds || marketplaceIds.includes(o.marketplace.id)) &&
        stamp(o) >= w.after &&
        stamp(o) <= w.before &&
        keep(o),
    )
    .sort((a, b) => stamp(a) - stamp(b) || a.orderId.localeCompare(b.orderId))
    .map((o) => o.orderId)
}

const STATUS_FILTER: Record<string, string[]> = {
  PENDING_AVAILABILITY: ['PendingAvailability'],
  PENDING: ['Pending'],
  UNSHIPPED: ['Unshipped'],
  PARTIALLY_SHIPPED: ['PartiallyShipped'],
  SHIPPED: ['Shipped', 'InvoiceUnconfirmed'],
  CANCELLED: ['Canceled'],
  UNFULFILLABLE: ['Unfulfillable'],
}

export function registerOrders(app: FastifyInstance, c: SpApiContext, o: OrderOptions): void {
  const pages = new PageTokens(c.now)
  // 2026-01-01: PII by the application's roles alone [D:docs/get-order-information]
  const byRole = (): PiiView => (c.state.pii === 'granted' ? ALL_PII : NO_PII)
  // v0: only what a Restricted Data Token unlocks for this call (tokens.ts)
  const byRdt = (pii: PiiView | null): PiiView => pii ?? NO_PII
  /** the knob for a buggy page loop: a page read by token names that same token as the next */
  const nextAfter = (incoming: string | undefined, next: string | undefined) =>
    incoming && c.state.repeatNextToken ? incoming : next
  const orders = () => c.state.orders.values()
  const byId = (id: string): SandboxOrder => {
    const order = c.state.orders.get(id)
    if (!order) throw new SpApiError(404, 'NotFound', `Order ${id} was not found.`)
    return order
  }
  const ids = (list: string[]) =>
    list.map((id) => c.state.orders.get(id)).filter((x): x is SandboxOrder => x !== undefined)

  registerOperation(app, c, 'searchOrders', (req) => {
    const q = req.query
    let size = pageSize(q.maxResultsPerPage)
    let list: string[],
      offset = 0,
      until: number,
      created: boolean
    if (q.paginationToken) {
      const t = pages.take<string>(q.paginationToken)
      list = t.items
      offset = t.offset
      until = t.extra.until as number
      created = t.extra.created === true
      // a follow-up page keeps the first call's page size
      size = (t.extra.size as number | undefined) ?? size
    } else {
      const w = readWindow(c.now(), q, {
        ca: 'createdAfter',
        cb: 'createdBefore',
        ua: 'lastUpdatedAfter',
        ub: 'lastUpdatedBefore',
      })
      const statuses = (q.fulfillmentStatuses as string[] | undefined)?.flatMap((s) => STATUS_FILTER[s] ?? [])
      const by = q.fulfilledBy as string[] | undefined
      list = select(
        orders(),
        w,
        q.marketplaceIds,
        (x) =>
          (!statuses || statuses.includes(x.status)) &&
          (!by || by.includes(x.channel === 'AFN' ? 'AMAZON' : 'MERCHANT')),
      )
      until = w.before
      created = w.field === 'created'
    }
    const { page, next: fresh } = pages.page(list, offset, size, o.pageTokenTtlMs, { until, created, size })
    const next = nextAfter(q.paginationToken, fresh)
    const included = (q.includedData as string[] | undefined) ?? []
    const body: Record<string, unknown> = { orders: ids(page).map((x) => render2026(x, included, byRole())) }
    if (next) body.pagination = { nextToken: next }
    body[created ? 'createdBefore' : 'lastUpdatedBefore'] = new Date(until).toISOString()
    return { status: 200, body }
  })

  registerOperation(app, c, 'getOrder@orders-2026-01-01', (req) => ({
    status: 200,
    body: {
      order: render2026(byId(req.params.orderId!), (req.query.includedData as string[] | undefined) ?? [], byRole()),
    },
  }))

  registerOperation(app, c, 'getOrders', (req) => {
    const q = req.query
    let size = pageSize(q.MaxResultsPerPage)
    let list: string[],
      offset = 0,
      until: number,
      created: boolean
    if (q.NextToken) {
      const t = pages.take<string>(q.NextToken)
      list = t.items
      offset = t.offset
      until = t.extra.until as number
      created = t.extra.created === true
      // a follow-up page keeps the first call's page size
      size = (t.extra.size as number | undefined) ?? size
    } else {
      const w = readWindow(c.now(), q, {
        ca: 'CreatedAfter',
        cb: 'CreatedBefore',
        ua: 'LastUpdatedAfter',
        ub: 'LastUpdatedBefore',
      })
      const statuses = q.OrderStatuses as string[] | undefined
      const channels = q.FulfillmentChannels as string[] | undefined
      list = select(
        orders(),
        w,
        q.MarketplaceIds,
        (x) => (!statuses || statuses.includes(x.status)) && (!channels || channels.includes(x.channel)),
      )
      until = w.before
      created = w.field === 'created'
    }
    const { page, next: fresh } = pages.page(list, offset, size, o.pageTokenTtlMs, { until, created, size })
    const next = nextAfter(q.NextToken, fresh)
    const payload: Record<string, unknown> = { Orders: ids(page).map((x) => renderV0(x, byRdt(req.pii))) }
    if (next) payload.NextToken = next
    payload[created ? 'CreatedBefore' : 'LastUpdatedBefore'] = new Date(until).toISOString()
    return { status: 200, body: { payload } }
  })

  registerOperation(app, c, 'getOrder@orders-v0', (req) => ({
    status: 200,
    body: { payload: renderV0(byId(req.params.orderId!), byRdt(req.pii)) },
  }))

  registerOperation(app, c, 'getOrderItems', (req) => {
    const order = byId(req.params.orderId!)
    return {
      status: 200,
      body: { payload: { AmazonOrderId: order.orderId, OrderItems: order.items.map((i) => renderItemV0(order, i)) } },
    }
  })

  registerOperation(app, c, 'confirmShipment', (req) => {
    confirmShipment(c, byId(req.params.orderId!), req.body)
    return { status: 204 }
  })
}

function confirmShipment(
  c: SpApiContext,
  order: SandboxOrder,
  body: {
    marketplaceId: string
    packageDetail: {
      packageReferenceId: string
      carrierCode: string
      carrierName?: string
      shippingMethod?: string
      trackingNumber: string
      shipDate: string
      orderItems: { orderItemId: string; quantity: number }[]
    }
  },
): void {
  const bad = (m: string) => new SpApiError(400, 'InvalidInput', 'Invalid Input', m)
  const p = body.packageDetail
  if (body.marketplaceId !== order.marketplace.id)
    throw bad(`Order ${order.orderId} is not in marketplace ${body.marketplaceId}.`)
  if (order.channel === 'AFN') throw bad(`Order ${order.orderId} is fulfilled by Amazon.`)
  if (['Pending', 'PendingAvailability', 'Canceled'].includes(order.status))
    throw bad(`Order ${order.orderId} is ${order.status} and cannot be shipped.`)
  if (!/^[1-9]\d*$/.test(p.packageReferenceId)) throw bad('packageReferenceId must be a positive number.')
  if (p.carrierCode === 'Other' && !p.carrierName) throw bad('carrierName is required when carrierCode is Other.')
  if (!p.trackingNumber.trim()) throw bad('trackingNumber is required.')
  const shipDate = Date.parse(p.shipDate)
  if (shipDate < Date.parse(order.purchaseDate) || shipDate > c.now() + 86_400_000)
    throw bad('shipDate must lie between the purchase date and today.')
  const previous = order.packages.find((x) => x.packageReferenceId === p.packageReferenceId)
  for (const line of p.orderItems) {
    const item = order.items.find((i) => i.orderItemId === line.orderItemId)
    if (!item) throw bad(`Order item ${line.orderItemId} is not in order ${order.orderId}.`)
    const already = previous?.items.find((x) => x.orderItemId === line.orderItemId)?.quantity ?? 0
    if (line.quantity < 1 || line.quantity > item.quantity - item.quantityShipped + already)
      throw bad(`Quantity ${line.quantity} for item ${line.orderItemId} is more than is left to ship.`)
  }
  // the same packageReferenceId again edits that package [D:docs/orders-api-v0-model]
  if (previous) {
    for (const x of previous.items)
      order.items.find((i) => i.orderItemId === x.orderItemId)!.quantityShipped -= x.quantity
    order.packages = order.packages.filter((x) => x !== previous)
  }
  const now = new Date(c.now()).toISOString()
  const record: PackageRecord = {
    packageReferenceId: p.packageReferenceId,
    carrierCode: p.carrierCode,
    ...(p.carrierName ? { carrierName: p.carrierName } : {}),
    ...(p.shippingMethod ? { shippingMethod: p.shippingMethod } : {}),
    trackingNumber: p.trackingNumber,
    shipDate: new Date(shipDate).toISOString(),
    items: p.orderItems.map((x) => ({ ...x })),
    confirmedAt: now,
  }
  for (const x of record.items) order.items.find((i) => i.orderItemId === x.orderItemId)!.quantityShipped += x.quantity
  order.packages.push(record)
  order.status = order.items.every((i) => i.quantityShipped >= i.quantity) ? 'Shipped' : 'PartiallyShipped'
  order.lastUpdated = now
  c.state.shipments.push({ at: now, orderId: order.orderId, marketplaceId: order.marketplace.id, package: record })
}
