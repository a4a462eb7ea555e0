// A fake overseas warehouse (3PL) that speaks ShipBob's Developer API 2026-01: facilities (US
// east/west, DE, UK, JP) with stock, outbound orders that reserve stock, shipping after a delay
// with a carrier tracking number in the carrier's real format, Standard-Webhooks-signed
// webhooks, ShipBob's 150/min sliding-window 429, and a control API (/__control/...) to seed,
// ship, read and misbehave. In-memory; product code: the demo and a seller's trial run on it.
//
// Folder: state.ts (warehouse memory), shipbob-api.ts (the API), webhooks.ts (sender),
// rate-limit.ts, tracking.ts (carriers and numbers), control.ts. Imports only shared wire types.
import Fastify, { type FastifyInstance } from 'fastify'
import type { SbOrder } from '../../mappers/warehouse/shipbob-types.ts'
import { registerControl, type Faults, type SandboxControl, type StockSeed } from './control.ts'
import { SHIPBOB_LIMIT, SlidingWindowLimiter, type WindowSettings } from './rate-limit.ts'
import { registerShipBobApi, type ApiBehaviour } from './shipbob-api.ts'
import { DEFAULT_FACILITIES, WarehouseState, type SandboxFacility } from './state.ts'
import { SHIPBOB_RETRY_DELAYS_MS, WebhookSender } from './webhooks.ts'

export type { SandboxControl, StockSeed, Faults } from './control.ts'
export type { SandboxFacility } from './state.ts'
export { DEFAULT_FACILITIES } from './state.ts'

export interface WarehouseSandboxOptions {
  /** personal access tokens the API accepts (Authorization: Bearer …) */
  tokens?: string[]
  channel?: { id: number; name: string }
  facilities?: SandboxFacility[]
  stock?: StockSeed[]
  /** ms from allocation to shipping; null = only when told (control shipNow); default 60 s */
  shipDelayMs?: number | null
  /** ShipBob's 150 per rolling 60 s by default */
  rateLimit?: WindowSettings
  /** waits between webhook retries; ShipBob's schedule by default */
  webhookRetryDelaysMs?: number[]
  /** secret for subscriptions created without one (else each gets a fresh whsec_…) */
  webhookSecret?: string
  unknownSku?: ApiBehaviour['unknownSku']
  outOfStock?: ApiBehaviour['outOfStock']
  /** base for absolute paging links (default: the request's own host) */
  publicUrl?: string
  logger?: boolean
  now?: () => Date
}

export interface WarehouseSandbox {
  app: FastifyInstance
  control: SandboxControl
  state: WarehouseState
  close(): Promise<void>
}

export const DEMO_STOCK: StockSeed[] = [
  { facilityId: 10, sku: 'MUG-BLUE', onHand: 120, name: 'Blue mug' },
  { facilityId: 11, sku: 'MUG-BLUE', onHand: 80, name: 'Blue mug' },
  { facilityId: 20, sku: 'MUG-BLUE', onHand: 40, name: 'Blue mug' },
  { facilityId: 30, sku: 'MUG-BLUE', onHand: 25, name: 'Blue mug' },
  { facilityId: 40, sku: 'MUG-BLUE', onHand: 30, name: 'Blue mug' },
  { facilityId: 10, sku: 'TEE-M', onHand: 60, name: 'T-shirt M' },
  { facilityId: 40, sku: 'TEE-M', onHand: 15, name: 'T-shirt M' },
]

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '')
  return m?.[1]?.trim()
}

export function createWarehouseSandbox(opts: WarehouseSandboxOptions = {}): WarehouseSandbox {
  const now = opts.now ?? (() => new Date())
  const app = Fastify({ logger: opts.logger ?? false })
  const tokens = new Set(opts.tokens ?? ['sandbox-token'])
  const state = new WarehouseState(opts.facilities ?? DEFAULT_FACILITIES, now)
  const webhooks = new WebhookSender(opts.webhookRetryDelaysMs ?? SHIPBOB_RETRY_DELAYS_MS, now, opts.webhookSecret)
  const limiter = new SlidingWindowLimiter({ ...(opts.rateLimit ?? SHIPBOB_LIMIT) }, () => now().getTime())
  const faults: Faults = { api: {}, webhooks: {} }
  const stats = { requests: 0, faultsServed: 0 }
  const shipTimers = new Map<number, NodeJS.Timeout>()
  const shipDelay = opts.shipDelayMs === undefined ? 60_000 : opts.shipDelayMs

  const ship = (o: SbOrder): SbOrder | null => {
    clearTimeout(shipTimers.get(o.id))
    shipTimers.delete(o.id)
    if (!state.shippable(o)) return null
    state.ship(o)
    webhooks.emit('order.shipped', o)
    return o
  }
  const hooks = {
    onAllocated(o: SbOrder) {
      if (shipDelay === null) return
      const t = setTimeout(() => ship(o), shipDelay)
      t.unref()
      shipTimers.set(o.id, t)
    },
    onCancelled(o: SbOrder) {
      clearTimeout(shipTimers.get(o.id))
      shipTimers.delete(o.id)
    },
  }
  const find = (idOrRef: string | number) => state.orders.get(Number(idOrRef)) ?? state.findByReference(String(idOrRef))

  const control: SandboxControl = {
    faults,
    seedStock(rows) {
      for (const r of rows) state.setStock(Number(r.facilityId), String(r.sku), Number(r.onHand), r.name)
      for (const o of state.reallocate()) hooks.onAllocated(o)
    },
    shipNow: (idOrRef) => {
      const o = find(idOrRef)
      return o ? ship(o) : null
    },
    shipAll: () => [...state.orders.values()].filter((o) => state.shippable(o)).map((o) => ship(o)!),
    deliver(idOrRef) {
      const o = find(idOrRef)
      const shipped = (o?.shipments ?? []).filter((s) => s.status === 'Completed')
      if (!o || shipped.length === 0) return null
      const at = now().toISOString()
      for (const s of shipped) {
        s.delivery_date = at
        s.last_update_at = at
        s.status_details = [{ id: 2, name: 'Delivered', description: 'Delivered' }]
        webhooks.emit('order.shipment.delivered', s)
      }
      state.orderUpdatedAt.set(o.id, at)
      return o
    },
    orders: () => [...state.orders.values()],
    order: (idOrRef) => find(idOrRef),
    deliveries: () => webhooks.deliveries,
    setFaults(f) {
      if (f.api) faults.api = { ...f.api }
      if (f.webhooks) faults.webhooks = { ...f.webhooks }
      webhooks.faults = faults.webhooks
    },
    setRateLimit(w) {
      if (w.limit !== undefined) limiter.settings.limit = w.limit
      if (w.windowSeconds !== undefined) limiter.settings.windowSeconds = w.windowSeconds
      if (w.consume) limiter.consume(w.token ?? [...tokens][0]!, w.consume)
    },
    stats: () => ({ requests: stats.requests, rateLimited: limiter.refused, faultsServed: stats.faultsServed }),
    webhooksIdle: () => webhooks.idle(),
  }

  // ShipBob posts :cancel with no body; tolerate an empty JSON body as fastify otherwise refuses it
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined)
    try {
      done(null, JSON.parse(body as string))
    } catch (err) {
      ;(err as { statusCode?: number }).statusCode = 400
      done(err as Error, undefined)
    }
  })

  // bodiless actions may arrive with any content type (axios sends form-urlencoded): ignore the body
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body === '' ? undefined : body))

  const faultApplies = (method: string, url: string) => {
    const f = faults.api
    if (!f.fail || f.fail <= 0) return false
    return !f.match || f.match === `${method} ${url.split('?')[0]}`
  }

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/__control')) return
    stats.requests++
    if (faults.api.delayMs) await new Promise((r) => setTimeout(r, faults.api.delayMs))
    const token = bearer(req.headers.authorization)
    if (!token || !tokens.has(token)) return reply.code(401).send()
    const admitted = limiter.admit(token)
    if (!admitted.ok) {
      return reply
        .code(429)
        .header('x-retry-after', String(admitted.retryAfterSeconds))
        .header('x-remaining-calls', '0')
        .send({
          statusCode: 429,
          message: `Rate limit is exceeded. Try again in ${admitted.retryAfterSeconds} seconds.`,
        })
    }
    reply.header('x-remaining-calls', String(admitted.remaining))
    if ((faults.api.when ?? 'before') === 'before' && faultApplies(req.method, req.url)) {
      faults.api.fail!--
      stats.faultsServed++
      return reply
        .code(faults.api.status ?? 500)
        .send({ '': ['An error occurred while processing the request (sandbox fault).'] })
    }
  })

  // 'after' faults: the work is done, then the answer is replaced (a response lost on the way back)
  app.addHook('onSend', async (req, reply, payload) => {
    if (
      req.url.startsWith('/__control') ||
      faults.api.when !== 'after' ||
      reply.statusCode >= 400 ||
      !faultApplies(req.method, req.url)
    )
      return payload
    faults.api.fail!--
    stats.faultsServed++
    reply.code(faults.api.status ?? 502)
    return JSON.stringify({ '': ['Bad gateway (sandbox fault: the request was processed, the answer lost).'] })
  })

  registerShipBobApi(
    app,
    state,
    webhooks,
    {
      unknownSku: opts.unknownSku ?? 'autocreate',
      outOfStock: opts.outOfStock ?? 'exception',
      channel: opts.channel ?? { id: 1001, name: 'crossdock sandbox' },
      ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
    },
    hooks,
  )
  registerControl(app, control)
  if (opts.stock) control.seedStock(opts.stock)

  return {
    app,
    control,
    state,
    async close() {
      for (const t of shipTimers.values()) clearTimeout(t)
      shipTimers.clear()
      webhooks.close()
      await app.close()
    },
  }
}

/** Start the sandbox on a port (the demo, or a seller's trial connection). */
export async function listenWarehouseSandbox(
  opts: WarehouseSandboxOptions & { port?: number; host?: string } = {},
): Promise<WarehouseSandbox & { url: string }> {
  const sandbox = createWarehouseSandbox({ ...opts, stock: opts.stock ?? DEMO_STOCK })
  const address = await sandbox.app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' })
  return { ...sandbox, url: address }
}
