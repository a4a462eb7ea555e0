// A fake overseas warehouse (3PL) that speaks ShipBob's Developer API 2026-01: facilities (US
// east/west, DE, UK, JP) with stock, outbound orders that reserve stock, shipping after a delay
// with a carrier tracking number in the carrier's real format, Standard-Webhooks-signed
// webhooks, ShipBob's 150/min sliding-window 429, and a control API (/__control/...) to seed,
// ship, read and misbehave. Every request and answer is held to ShipBob's published OpenAPI
// document (contract.ts, exchange-checks.ts). In-memory; the demo and a seller's trial run on it.
//
// Folder: state.ts (warehouse memory), shipbob-api.ts (the API), contract.ts and
// exchange-checks.ts (the OpenAPI document and its checks), webhooks.ts (sender), rate-limit.ts,
// tracking.ts (carriers and numbers), control.ts, types.ts. Imports nothing of the hub's client
// code: the sandbox stands on ShipBob's document, not on the connector's types.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import type { Order as SbOrder } from './types.ts'
import { shipBobContract } from './contract.ts'
import { registerControl, type Faults, type SandboxControl, type StockSeed } from './control.ts'
import { newContractLog, registerExchangeChecks, type ContractLog } from './exchange-checks.ts'
import { ApiFaultInjector } from './faults.ts'
import { SHIPBOB_LIMIT, SlidingWindowLimiter, type WindowSettings } from './rate-limit.ts'
import { registerShipBobApi, type ApiBehaviour } from './shipbob-api.ts'
import { DEFAULT_FACILITIES, WarehouseState, type SandboxFacility } from './state.ts'
import { SHIPBOB_RETRY_DELAYS_MS, WebhookSender } from './webhooks.ts'

export type { SandboxControl, StockSeed, Faults } from './control.ts'
export type { ContractLog, JournalEntry } from './exchange-checks.ts'
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
  /** keep every exchange (request and answer) for a contract test to check again */
  journal?: boolean
}

export interface WarehouseSandbox {
  app: FastifyInstance
  control: SandboxControl
  state: WarehouseState
  /** what the OpenAPI checks saw: journal, refused requests, violations by the sandbox itself */
  contract: ContractLog
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
  const apiFaults = new ApiFaultInjector(now)
  const faults: Faults = {
    get api() {
      return apiFaults.faults
    },
    webhooks: {},
  }
  const stats = { requests: 0 }
  const contract = newContractLog(opts.journal ?? false)
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
      if (f.api) apiFaults.set(f.api)
      if (f.webhooks) faults.webhooks = { ...f.webhooks }
      webhooks.faults = faults.webhooks
    },
    setRateLimit(w) {
      if (w.limit !== undefined) limiter.settings.limit = w.limit
      if (w.windowSeconds !== undefined) limiter.settings.windowSeconds = w.windowSeconds
      if (w.consume) limiter.consume(w.token ?? [...tokens][0]!, w.consume)
    },
    stats: () => ({
      requests: stats.requests,
      rateLimited: limiter.refused,
      faultsServed: apiFaults.stats.faultsServed,
      held: apiFaults.stats.held,
      refused: contract.refused.length,
      violations: contract.violations.length,
    }),
    contract: () => contract,
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

  const isApi = (req: FastifyRequest) => !req.url.startsWith('/__control')
  app.addHook('onRequest', async (req, reply) => {
    if (!isApi(req)) return
    stats.requests++
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
  })
  // after auth and the rate limit; their onSend runs before the checks', which so see the final answer
  apiFaults.register(app, isApi)
  registerExchangeChecks(app, shipBobContract(), contract, now, apiFaults.injected)

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
    contract,
    async close() {
      for (const t of shipTimers.values()) clearTimeout(t)
      shipTimers.clear()
      webhooks.close()
      apiFaults.release()
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
