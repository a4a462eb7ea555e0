// The ERP sandbox's incoming side: where the hub posts sales orders and deliveries.
//   SAP Business One Service Layer: POST /b1s/v1/Orders, POST /b1s/v1/DeliveryNotes → 201 with the
//     new document (DocEntry, DocNum); errors as OData {"error":{"code","message":{"lang","value"}}}
//     (shape [UNVERIFIED] per specs/erp-3pl.md B1). JSON, or XML with one element per property.
//   Odoo XML-RPC: POST /xmlrpc/2/common (version, authenticate), /xmlrpc/2/object (execute_kw
//     create on sale.order and stock.picking) → 200 with the new id, or 200 with a <fault>.
// Like an idempotent endpoint, a repeated Idempotency-Key gets the first answer again and the
// document is recorded once; the same key with a different body is refused (422). Failures can be
// injected (500, 500 after applying, a hang, a rejection) to show the hub's retries.
import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ErpSandboxState, ReceivedDocument } from './state.ts'
import {
  BodyError,
  decodeMethodCall,
  encodeFault,
  encodeMethodResponse,
  NumericText,
  readBody,
  signatureProblem,
  toJsonText,
  toXmlText,
} from './wire.ts'

export type FailureMode = '500' | '500-after-apply' | 'timeout' | 'reject'

export interface Failure {
  mode: FailureMode
  /** how many requests it applies to */
  count: number
  target: 'orders' | 'shipments' | 'any'
  /** 'timeout': how long to hold the answer (ms) */
  delayMs?: number
}

export interface ReceiverConfig {
  state: ErpSandboxState
  failures: Failure[]
  /** verify the hub's X-Crossdock-Signature on what it sends (off when undefined) */
  verifySecret?: string | undefined
  odoo: { db: string; uid: number; key: string }
  now: () => Date
  /** aborts pending 'timeout' holds when the app closes */
  closing: AbortSignal
  stats: { requests: number; replays: number; failuresInjected: number }
}

type Kind = 'orders' | 'shipments'

class Refusal extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly code = -5002,
  ) {
    super(message)
  }
}

function takeFailure(cfg: ReceiverConfig, kind: Kind): Failure | undefined {
  const f = cfg.failures.find((x) => x.count > 0 && (x.target === 'any' || x.target === kind))
  if (!f) return undefined
  f.count--
  if (f.count === 0) cfg.failures.splice(cfg.failures.indexOf(f), 1)
  cfg.stats.failuresInjected++
  return f
}

function b1Error(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  return reply
    .code(status)
    .type('application/json')
    .send(JSON.stringify({ error: { code, message: { lang: 'en-us', value: message } } }))
}

function lines(doc: Record<string, unknown>): Record<string, unknown>[] {
  const l = doc.DocumentLines
  return (Array.isArray(l) ? l : l && typeof l === 'object' ? [l] : []) as Record<string, unknown>[]
}

function applyB1(
  cfg: ReceiverConfig,
  kind: Kind,
  doc: Record<string, unknown>,
): { docEntry: number; docNum: number; answer: Record<string, unknown> } {
  if (!doc.CardCode) throw new Refusal('CardCode: the business partner code is missing')
  if (kind === 'orders' && !doc.DocDueDate) throw new Refusal('DocDueDate: enter a delivery date')
  const docLines = lines(doc)
  if (docLines.length === 0) throw new Refusal('DocumentLines: the document has no lines')
  docLines.forEach((l, i) => {
    const item = cfg.state.items.get(String(l.ItemCode ?? ''))
    if (!item) throw new Refusal(`DocumentLines[${i}].ItemCode: item "${String(l.ItemCode ?? '')}" does not exist`)
    if (!(Number(l.Quantity) > 0)) throw new Refusal(`DocumentLines[${i}].Quantity: must be greater than 0`)
    if (kind === 'shipments' && String(l.BaseType ?? '') === '17') {
      const base = cfg.state.received.find((r) => r.kind === 'orders' && String(r.docEntry) === String(l.BaseEntry))
      if (!base) throw new Refusal(`DocumentLines[${i}].BaseEntry: sales order ${String(l.BaseEntry)} does not exist`)
    }
  })
  for (const l of docLines) {
    const item = cfg.state.items.get(String(l.ItemCode))!
    const wh = item.stock.find((s) => s.warehouse === String(l.WarehouseCode ?? item.stock[0]?.warehouse))
    if (!wh) continue
    const qty = Math.round(Number(l.Quantity))
    if (kind === 'orders') wh.committed += qty
    else {
      wh.inStock -= qty
      wh.committed = Math.max(0, wh.committed - qty)
    }
  }
  const docEntry = cfg.state.nextDocEntry++
  const docNum = docEntry - 9_000
  const answer = {
    'odata.metadata': `/b1s/v1/$metadata#${kind === 'orders' ? 'Orders' : 'DeliveryNotes'}/@Element`,
    DocEntry: new NumericText(String(docEntry)),
    DocNum: new NumericText(String(docNum)),
    ...doc,
    DocumentStatus: 'bost_Open',
    Cancelled: 'tNO',
    DocumentLines: docLines.map((l, i) => ({ LineNum: new NumericText(String(i)), ...l })),
  }
  return { docEntry, docNum, answer }
}

function xmlRpcValues(
  cfg: ReceiverConfig,
  params: unknown[],
): { model: string; method: string; vals: Record<string, unknown> } {
  const [db, uid, key, model, method, args] = params
  if (db !== cfg.odoo.db || String(uid) !== String(cfg.odoo.uid) || key !== cfg.odoo.key)
    throw new Refusal('odoo.exceptions.AccessDenied: Access Denied', 200, 3)
  const vals = (Array.isArray(args) ? args[0] : undefined) as Record<string, unknown> | undefined
  if (typeof model !== 'string' || typeof method !== 'string' || !vals || typeof vals !== 'object')
    throw new Refusal('TypeError: execute_kw expects model, method and [vals]', 200, 1)
  return { model, method, vals }
}

function odooLines(cfg: ReceiverConfig, commands: unknown, field: string): void {
  const list = Array.isArray(commands) ? commands : []
  if (list.length === 0) throw new Refusal(`odoo.exceptions.ValidationError: ${field} is empty`, 200, 2)
  list.forEach((cmd, i) => {
    const vals = Array.isArray(cmd) ? (cmd[2] as Record<string, unknown>) : undefined
    const known = [...cfg.state.items.values()].some((it) => String(it.odooId) === String(vals?.product_id))
    if (!vals || !known)
      throw new Refusal(
        `odoo.exceptions.ValidationError: ${field}[${i}]: product_id ${String(vals?.product_id)} does not exist`,
        200,
        2,
      )
  })
}

function applyOdoo(
  cfg: ReceiverConfig,
  kind: Kind,
  vals: Record<string, unknown>,
): { docEntry: number; docNum: number } {
  if (!vals.partner_id) throw new Refusal('odoo.exceptions.ValidationError: partner_id is required', 200, 2)
  if (kind === 'orders') odooLines(cfg, vals.order_line, 'order_line')
  else {
    if (!vals.carrier_tracking_ref)
      throw new Refusal('odoo.exceptions.ValidationError: carrier_tracking_ref is required', 200, 2)
    odooLines(cfg, vals.move_ids, 'move_ids')
  }
  const docEntry = cfg.state.nextDocEntry++
  return { docEntry, docNum: docEntry - 9_000 }
}

const rawBody = (req: FastifyRequest) => (Buffer.isBuffer(req.body) ? req.body : Buffer.from(String(req.body ?? '')))
const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex')

async function handle(
  cfg: ReceiverConfig,
  kind: Kind | 'common',
  style: 'b1' | 'xmlrpc',
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  cfg.stats.requests++
  const body = rawBody(req)
  const contentType = String(req.headers['content-type'] ?? '')
  const refuse = (status: number, code: number, message: string) =>
    style === 'b1'
      ? b1Error(reply, status, code, message)
      : status === 200
        ? reply.type('text/xml').send(encodeFault(code, message))
        : reply.code(status).type('text/plain').send(message)
  if (kind === 'common') return common(cfg, body, contentType, reply)

  if (cfg.verifySecret) {
    const problem = signatureProblem(req.headers, body, cfg.verifySecret, cfg.now())
    if (problem)
      return style === 'b1'
        ? b1Error(reply, 401, -304, problem)
        : refuse(200, 3, `odoo.exceptions.AccessDenied: ${problem}`)
  }

  let docKind: Kind = kind
  let parsed: unknown
  try {
    const doc = await readBody(body, contentType)
    if (style === 'xmlrpc') {
      const call = decodeMethodCall(doc)
      const { model, method } = xmlRpcValues(cfg, call.params)
      if (method !== 'create' || (model !== 'sale.order' && model !== 'stock.picking'))
        throw new Refusal(
          `the sandbox implements create on sale.order and stock.picking, not ${model}.${method}`,
          200,
          1,
        )
      docKind = model === 'sale.order' ? 'orders' : 'shipments'
      parsed = { ...call, params: call.params.map((p, i) => (i === 2 ? '[REDACTED]' : p)) }
    } else parsed = doc.tree
  } catch (err) {
    if (err instanceof Refusal) return refuse(err.status, err.code, err.message)
    if (err instanceof BodyError) return refuse(400, -1, err.message)
    throw err
  }

  const failure = takeFailure(cfg, docKind)
  if (failure?.mode === '500') return refuse(500, -1, 'Internal error (injected by the sandbox)')
  if (failure?.mode === 'reject')
    return refuse(style === 'b1' ? 400 : 200, -5002, 'Document rejected (injected by the sandbox)')
  if (failure?.mode === 'timeout') {
    await sleep(failure.delayMs ?? 35_000, undefined, { signal: cfg.closing }).catch(() => undefined)
    return refuse(504, -1, 'Gateway timeout (injected by the sandbox)')
  }

  const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined
  const bodyHash = hash(body)
  const prior = key ? cfg.state.answers.get(key) : undefined
  if (prior) {
    if (prior.bodyHash !== bodyHash)
      return refuse(style === 'b1' ? 422 : 200, -1, `Idempotency-Key ${key} was used with a different document`)
    cfg.stats.replays++
    const doc = cfg.state.received.find((r) => r.key === key)
    if (doc) doc.deliveries++
    return reply.code(prior.status).type(prior.contentType).header('Idempotent-Replayed', 'true').send(prior.body)
  }

  let answer: { status: number; contentType: string; body: string }
  let received: { docEntry: number; docNum: number }
  try {
    if (style === 'b1') {
      const r = applyB1(cfg, docKind, (parsed ?? {}) as Record<string, unknown>)
      received = r
      const asXml = contentType.includes('xml')
      answer = {
        status: 201,
        contentType: asXml ? 'application/xml' : 'application/json',
        body: asXml ? toXmlText('Document', r.answer) : toJsonText(r.answer),
      }
    } else {
      const call = parsed as { params: unknown[] }
      received = applyOdoo(cfg, docKind, ((call.params[5] as unknown[])[0] ?? {}) as Record<string, unknown>)
      answer = {
        status: 200,
        contentType: 'text/xml',
        body: encodeMethodResponse(new NumericText(String(received.docEntry))),
      }
    }
  } catch (err) {
    if (err instanceof Refusal) return refuse(err.status, err.code, err.message)
    throw err
  }
  const doc: ReceivedDocument = {
    kind: docKind,
    ...(key ? { key } : {}),
    docEntry: received.docEntry,
    docNum: received.docNum,
    contentType,
    document: parsed,
    deliveries: 1,
    receivedAt: cfg.now().toISOString(),
  }
  cfg.state.received.push(doc)
  if (key) cfg.state.answers.set(key, { ...answer, bodyHash })
  if (failure?.mode === '500-after-apply')
    return refuse(500, -1, 'Internal error after saving (injected by the sandbox)')
  return reply.code(answer.status).type(answer.contentType).send(answer.body)
}

async function common(
  cfg: ReceiverConfig,
  body: Buffer,
  contentType: string,
  reply: FastifyReply,
): Promise<FastifyReply> {
  let call: { methodName?: string; params?: unknown[] }
  try {
    call = decodeMethodCall(await readBody(body, contentType || 'text/xml'))
  } catch (err) {
    if (err instanceof BodyError) return reply.code(400).type('text/plain').send(err.message)
    throw err
  }
  if (call.methodName === 'version') {
    return reply.type('text/xml').send(
      encodeMethodResponse({
        server_version: '17.0',
        server_version_info: [
          new NumericText('17'),
          new NumericText('0'),
          new NumericText('0'),
          'final',
          new NumericText('0'),
          '',
        ],
        server_serie: '17.0',
        protocol_version: new NumericText('1'),
      }),
    )
  }
  if (call.methodName === 'authenticate' || call.methodName === 'login') {
    const [db, login, key] = call.params ?? []
    const ok = db === cfg.odoo.db && key === cfg.odoo.key && typeof login === 'string'
    return reply.type('text/xml').send(encodeMethodResponse(ok ? new NumericText(String(cfg.odoo.uid)) : false))
  }
  return reply.type('text/xml').send(encodeFault(1, `the sandbox does not implement common.${call.methodName ?? '?'}`))
}

export function registerReceiver(app: FastifyInstance, cfg: ReceiverConfig): void {
  app.post('/b1s/v1/Orders', (req, reply) => handle(cfg, 'orders', 'b1', req, reply))
  app.post('/b1s/v1/DeliveryNotes', (req, reply) => handle(cfg, 'shipments', 'b1', req, reply))
  app.post('/xmlrpc/2/object', (req, reply) => handle(cfg, 'orders', 'xmlrpc', req, reply))
  app.post('/xmlrpc/2/common', (req, reply) => handle(cfg, 'common', 'xmlrpc', req, reply))
}
