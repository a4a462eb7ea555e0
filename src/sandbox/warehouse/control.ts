// The sandbox's control panel, for tests and the demo: seed stock, ship or deliver an order now,
// read orders and webhook deliveries, and make the API or the webhooks misbehave (fail, delay,
// lose the answer after doing the work, drop or duplicate deliveries). Everything here is also
// reachable over HTTP under /__control/... (no auth: a sandbox is a local toy).
import type { FastifyInstance } from 'fastify'
import type { Order as SbOrder } from './types.ts'
import type { ContractLog } from './exchange-checks.ts'
import type { ApiFaults } from './faults.ts'
import type { WindowSettings } from './rate-limit.ts'
import type { Delivery, WebhookFaults } from './webhooks.ts'

export type { ApiFaults } from './faults.ts'

export interface Faults {
  api: ApiFaults
  webhooks: WebhookFaults
}

export interface StockSeed {
  facilityId: number
  sku: string
  onHand: number
  name?: string
}

export interface SandboxControl {
  seedStock(rows: StockSeed[]): void
  /** ship one order (by ShipBob id or reference_id) now; null when it is not shippable */
  shipNow(idOrReference: string | number): SbOrder | null
  shipAll(): SbOrder[]
  deliver(idOrReference: string | number): SbOrder | null
  orders(): SbOrder[]
  order(idOrReference: string | number): SbOrder | undefined
  deliveries(): Delivery[]
  setFaults(f: Partial<Faults>): void
  faults: Faults
  setRateLimit(w: Partial<WindowSettings> & { consume?: number; token?: string }): void
  stats(): {
    requests: number
    rateLimited: number
    faultsServed: number
    held: number
    refused: number
    violations: number
  }
  /** the OpenAPI checks: journal (when on), refused requests, the sandbox's own violations */
  contract(): ContractLog
  /** resolves when no webhook is being sent or waiting for a retry */
  webhooksIdle(): Promise<void>
}

export function registerControl(app: FastifyInstance, control: SandboxControl): void {
  const id = (p: unknown) => String((p as { id?: string }).id ?? '')
  app.get('/__control/stats', async () => control.stats())
  app.get('/__control/orders', async () => control.orders())
  app.get(
    '/__control/orders/:id',
    async (req, reply) => control.order(id(req.params)) ?? reply.code(404).send({ message: 'no such order' }),
  )
  app.post(
    '/__control/orders/:id/ship',
    async (req, reply) =>
      control.shipNow(id(req.params)) ??
      reply.code(409).send({ message: 'order not found or not shippable (Processing) now' }),
  )
  app.post(
    '/__control/orders/:id/deliver',
    async (req, reply) =>
      control.deliver(id(req.params)) ?? reply.code(409).send({ message: 'order not found or not shipped' }),
  )
  app.post('/__control/ship-all', async () => control.shipAll())
  app.post('/__control/stock', async (req) => {
    const rows = (Array.isArray(req.body) ? req.body : [req.body]) as StockSeed[]
    control.seedStock(rows)
    return { ok: true, rows: rows.length }
  })
  app.get('/__control/deliveries', async () => control.deliveries())
  app.get('/__control/journal', async () => control.contract().journal)
  app.get('/__control/violations', async () => ({
    violations: control.contract().violations,
    refused: control.contract().refused,
    warnings: control.contract().warnings,
  }))
  app.post('/__control/faults', async (req) => {
    control.setFaults((req.body ?? {}) as Partial<Faults>)
    return control.faults
  })
  app.delete('/__control/faults', async () => {
    control.setFaults({ api: {}, webhooks: {} })
    return control.faults
  })
  app.post('/__control/rate-limit', async (req) => {
    control.setRateLimit((req.body ?? {}) as Partial<WindowSettings> & { consume?: number; token?: string })
    return { ok: true }
  })
}
