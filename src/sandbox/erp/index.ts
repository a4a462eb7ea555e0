// ERP sandbox: a stand-in for a seller's ERP (SAP Business One Service Layer or Odoo XML-RPC).
// It holds an item master and stock, sends signed JSON or XML documents to the hub (one call, or
// a 10,000-SKU snapshot split or not), receives sales orders and deliveries and records them once
// per Idempotency-Key, and can be told to answer 500, hang or reject, to show the hub's retries.
//
//   state.ts     items, stock, received documents
//   documents.ts the documents it sends, in B1 and Odoo shapes
//   sender.ts    signing and posting them to the hub
//   receiver.ts  the endpoints the hub posts to, idempotent, with injected failures
//
// Control API (also over HTTP under /_sandbox): send, failNext, received, reset, seed, setStock.
import Fastify, { type FastifyInstance } from 'fastify'
import type { DocumentFormat, DocumentType, Flavor, Movement } from './documents.ts'
import { registerReceiver, type Failure, type FailureMode, type ReceiverConfig } from './receiver.ts'
import { sendDocuments, type SendRequest, type SendResult } from './sender.ts'
import { createState, seedItems, type ErpSandboxState, type ReceivedDocument, type SandboxItem } from './state.ts'

export type { DocumentFormat, Flavor, Movement, SendRequest, SendResult, ReceivedDocument, SandboxItem, FailureMode }
export { buildDocument, ODOO_LOCATIONS } from './documents.ts'
export { seedItems } from './state.ts'

export interface ErpSandboxOptions {
  /** which ERP's shapes to send by default (both are always received) */
  flavor?: Flavor
  /** where documents go: the hub's POST /webhooks/erp/:connectionId */
  hubUrl?: string
  /** the connection's inbound secret (the sandbox signs with it) */
  secret?: string
  /** check the hub's signature on orders and deliveries with this secret (off when absent) */
  verifySecret?: string
  /** Odoo login the XML-RPC endpoint accepts */
  odoo?: { db: string; uid: number; key: string }
  /** items to start with (default: the two fixture items) */
  items?: SandboxItem[]
  /** or: generate this many items (the two fixture items first) */
  seedCount?: number
  /** how long an injected 'timeout' holds the answer (default 35 s; tests set it small) */
  timeoutDelayMs?: number
  /** per-request timeout when sending to the hub (default 60 s) */
  sendTimeoutMs?: number
  logger?: boolean
  now?: () => Date
}

export interface ErpSandboxControl {
  state: ErpSandboxState
  stats: ReceiverConfig['stats']
  /** build and post documents to the hub */
  send(req: SendRequest): Promise<SendResult[]>
  /** the next `count` requests (to orders, shipments or any) fail this way */
  failNext(
    mode: FailureMode,
    opts?: { count?: number; target?: 'orders' | 'shipments' | 'any'; delayMs?: number },
  ): void
  received(kind?: 'orders' | 'shipments'): ReceivedDocument[]
  setStock(sku: string, warehouse: string, inStock: number, committed?: number): void
  seed(count: number): void
  reset(): void
  setHubUrl(url: string): void
}

export interface ErpSandbox {
  app: FastifyInstance
  control: ErpSandboxControl
}

export const DEFAULT_SANDBOX_SECRET = 'erp-sandbox-secret-change-me'
export const DEFAULT_ODOO_LOGIN = { db: 'sandbox', uid: 2, key: 'odoo-sandbox-api-key' }

export function createErpSandbox(opts: ErpSandboxOptions = {}): ErpSandbox {
  const now = opts.now ?? (() => new Date())
  const initial = () => opts.items ?? seedItems(opts.seedCount ?? 2)
  const state = createState(initial())
  const failures: Failure[] = []
  const stats = { requests: 0, replays: 0, failuresInjected: 0 }
  const closing = new AbortController()
  let hubUrl = opts.hubUrl
  const sender = {
    secret: opts.secret ?? DEFAULT_SANDBOX_SECRET,
    flavor: opts.flavor ?? ('sap-b1' as Flavor),
    now,
    timeoutMs: opts.sendTimeoutMs ?? 60_000,
  }

  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 64 * 1024 * 1024 })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
  app.addHook('onClose', async () => closing.abort())
  registerReceiver(app, {
    state,
    failures,
    verifySecret: opts.verifySecret,
    odoo: opts.odoo ?? DEFAULT_ODOO_LOGIN,
    now,
    closing: closing.signal,
    stats,
  })

  const control: ErpSandboxControl = {
    state,
    stats,
    async send(req) {
      if (req.type === 'stock_delta') {
        for (const m of req.movements ?? []) {
          const wh = state.items.get(m.sku)?.stock.find((s) => s.warehouse === m.warehouse)
          if (wh) wh.inStock += m.quantity
        }
      }
      return sendDocuments(state, { ...sender, hubUrl }, req)
    },
    failNext(mode, o = {}) {
      failures.push({
        mode,
        count: o.count ?? 1,
        target: o.target ?? 'any',
        ...(o.delayMs !== undefined || opts.timeoutDelayMs !== undefined
          ? { delayMs: o.delayMs ?? opts.timeoutDelayMs }
          : {}),
      })
    },
    received: (kind) => state.received.filter((r) => !kind || r.kind === kind),
    setStock(sku, warehouse, inStock, committed = 0) {
      const item = state.items.get(sku)
      if (!item) throw new Error(`no item ${sku}`)
      const wh = item.stock.find((s) => s.warehouse === warehouse)
      if (wh) Object.assign(wh, { inStock, committed })
      else item.stock.push({ warehouse, inStock, committed })
    },
    seed(count) {
      state.items = new Map(seedItems(count).map((it) => [it.itemCode, it]))
    },
    reset() {
      Object.assign(state, createState(initial()))
      failures.length = 0
      Object.assign(stats, { requests: 0, replays: 0, failuresInjected: 0 })
    },
    setHubUrl(url) {
      hubUrl = url
    },
  }

  app.get('/', async () => ({
    service: 'crossdock ERP sandbox',
    flavor: sender.flavor,
    items: state.items.size,
    received: state.received.length,
  }))
  app.get('/_sandbox/received', async () => ({
    orders: control.received('orders'),
    shipments: control.received('shipments'),
  }))
  app.post('/_sandbox/fail', async (req) => {
    const b = parseJson(req.body) as {
      mode: FailureMode
      count?: number
      target?: 'orders' | 'shipments' | 'any'
      delayMs?: number
    }
    control.failNext(b.mode, b)
    return { ok: true, pending: failures }
  })
  app.post('/_sandbox/send', async (req) => ({ results: await control.send(parseJson(req.body) as SendRequest) }))
  app.post('/_sandbox/stock', async (req) => {
    const b = parseJson(req.body) as { sku: string; warehouse: string; inStock: number; committed?: number }
    control.setStock(b.sku, b.warehouse, b.inStock, b.committed)
    return { ok: true }
  })
  app.post('/_sandbox/seed', async (req) => {
    control.seed((parseJson(req.body) as { count: number }).count)
    return { items: state.items.size }
  })
  app.post('/_sandbox/reset', async () => {
    control.reset()
    return { ok: true }
  })
  return { app, control }
}

function parseJson(body: unknown): unknown {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body ?? '')
  return text.trim() === '' ? {} : JSON.parse(text)
}

/** Start the sandbox on a port for the demo (or port 0 in tests). */
export async function listenErpSandbox(
  opts: ErpSandboxOptions & { port?: number; host?: string } = {},
): Promise<ErpSandbox & { url: string; close(): Promise<void> }> {
  const sandbox = createErpSandbox(opts)
  const address = await sandbox.app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' })
  return { ...sandbox, url: address, close: () => sandbox.app.close() }
}

export type { DocumentType }
