// The ERP adapter for outbound documents: one HTTP call per order or shipment, through the shared
// client (limits, retries with backoff, breaker), with Idempotency-Key = the push item's key so a
// retried call — ours or the hub's — is applied once by an idempotent endpoint. Each call is signed
// like inbound documents (auth.ts). The ERP's answer gives the new document's id (B1 DocEntry,
// the XML-RPC result); an XML-RPC fault arrives as HTTP 200 and is still a rejection.
import { CrossdockError } from '../../errors.ts'
import {
  decodeXmlRpc,
  renderOutbound,
  selectValues,
  serializeOutbound,
  type ErpMapping,
  type OutboundDocument,
  type XmlRpcAuth,
} from '../../mappers/erp/index.ts'
import type {
  BindingHint,
  ConnectorContext,
  OrderPushItem,
  PushResult,
  RecordError,
  ShipmentPushItem,
} from '../types.ts'
import { remoteText, shortReason } from '../http/classify.ts'
import { signErpBody } from './auth.ts'
import { readErpBody } from './body.ts'
import { resolveMapping, type ErpCredentials, type ErpSettings } from './settings.ts'

type Ctx = ConnectorContext<ErpSettings, ErpCredentials>
export type OutboundStream = 'orders' | 'shipments'

function rejected(key: string, error: RecordError): PushResult {
  return { key, status: 'rejected', error }
}

function sourceFor(stream: OutboundStream, item: OrderPushItem | ShipmentPushItem): Record<string, unknown> {
  if (stream === 'orders') {
    const o = item as OrderPushItem
    return {
      key: o.key,
      order: o.order,
      lines: o.lines,
      allocation: o.allocation,
      locationExternalId: o.locationExternalId,
    }
  }
  const s = item as ShipmentPushItem
  return {
    key: s.key,
    order: s.order,
    orderExternalId: s.orderExternalId,
    shipment: s.shipment,
    lines: s.lines,
    notifyCustomer: s.notifyCustomer,
  }
}

/**
 * The ERP's own words from an error answer, in short: B1 OData {"error":{"message":{"value"}}},
 * Odoo {message}, an XML-RPC faultString. Any other body is shown only when the operator
 * allow-listed the ERP's host (details.body is there only then): a tenant never reads back an
 * arbitrary body through this message.
 */
function remoteMessage(err: CrossdockError): string | undefined {
  const body = remoteText(err)
  if (body === '') return undefined
  try {
    const j = JSON.parse(body) as { error?: { message?: { value?: string } | string }; message?: string }
    const m = typeof j.error?.message === 'object' ? j.error.message.value : (j.error?.message ?? j.message)
    if (typeof m === 'string') return shortReason(m, 300)
  } catch {}
  const fault = /<name>faultString<\/name>\s*<value>(?:<string>)?([\s\S]*?)(?:<\/string>)?<\/value>/.exec(body)
  if (fault?.[1]) return shortReason(fault[1], 300)
  return typeof err.details?.body === 'string' ? shortReason(err.details.body, 300) : undefined
}

function failure(key: string, err: unknown): PushResult {
  if (!(err instanceof CrossdockError)) throw err
  const remote = remoteMessage(err)
  const error: RecordError = { code: err.code, message: remote ? `${err.message}: ${remote}` : err.message }
  // a refused credential is the connection's problem, not this document's: try again once fixed
  if (err.retryable || err.code === 'CONNECTOR_AUTH_FAILED') return { key, status: 'retryable', error }
  return { key, status: 'rejected', error }
}

function parseAnswer(
  mapping: ErpMapping,
  contentType: string | undefined,
  text: string,
): { value?: unknown; fault?: string } {
  if (text.trim() === '') return {}
  const doc = readErpBody(
    text,
    contentType ?? (text.trimStart().startsWith('<') ? 'application/xml' : 'application/json'),
  )
  if (doc.format === 'xml' && mapping.xmlStyle === 'xmlrpc') {
    const decoded = decodeXmlRpc(doc.rootName, doc.tree)
    return 'fault' in decoded
      ? { fault: `${decoded.fault.faultCode} ${decoded.fault.faultString}`.trim() }
      : { value: decoded.value }
  }
  return { value: doc.tree }
}

function firstText(value: unknown, path: string | undefined): string | undefined {
  if (!path) return undefined
  const root = { v: value, p: null }
  const v = selectValues(path, { root, current: root }).find(
    (x) => x !== null && x !== undefined && typeof x !== 'object',
  )
  return v === undefined ? undefined : String(v)
}

// Odoo reports serialization failures (concurrent updates) as faults; those are worth a retry
const TRANSIENT_FAULT = /TransactionRollbackError|could not serialize|concurrent update|deadlock/i

async function pushOne(
  ctx: Ctx,
  mapping: ErpMapping,
  stream: OutboundStream,
  doc: OutboundDocument,
  item: OrderPushItem | ShipmentPushItem,
): Promise<PushResult> {
  const outbound = ctx.settings.outbound!
  const rendered = renderOutbound(mapping, doc, sourceFor(stream, item))
  if (rendered.errors.length > 0) {
    const [first, ...rest] = rendered.errors
    return rejected(item.key, {
      ...first!,
      message: rest.length ? `${first!.message} (and ${rest.length} more)` : first!.message,
    })
  }
  const auth: XmlRpcAuth | undefined = ctx.credentials.xmlrpc
  const { body, contentType } = serializeOutbound(mapping, doc, rendered.value, outbound.format, auth)
  const secret = ctx.credentials.outboundSecret ?? ctx.credentials.inboundSecret
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    Accept: outbound.format === 'json' ? 'application/json' : 'application/xml, text/xml',
    'Idempotency-Key': item.key,
    ...(secret ? signErpBody(secret, body, ctx.now().getTime() / 1000) : {}),
    ...(ctx.credentials.outboundToken ? { Authorization: `Bearer ${ctx.credentials.outboundToken}` } : {}),
  }
  let res
  try {
    res = await ctx.http.request<string>({
      method: doc.method ?? 'POST',
      url: doc.path,
      data: body,
      headers,
      timeout: outbound.timeoutMs ?? 30_000,
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    })
  } catch (err) {
    return failure(item.key, err)
  }
  let answer: { value?: unknown; fault?: string }
  try {
    answer = parseAnswer(
      mapping,
      String(res.headers['content-type'] ?? ''),
      typeof res.data === 'string' ? res.data : String(res.data ?? ''),
    )
  } catch (err) {
    if (!(err instanceof CrossdockError)) throw err
    // the ERP took the document (2xx) but said something we cannot read: do not send it again blindly
    return {
      key: item.key,
      status: 'ok',
      error: { code: 'CONNECTOR_BAD_RESPONSE', message: `accepted, but the answer is unreadable: ${err.message}` },
    }
  }
  if (answer.fault) {
    const error: RecordError = {
      code: 'CONNECTOR_REJECTED',
      message: `the ERP answered with a fault: ${answer.fault.slice(0, 300)}`,
    }
    return TRANSIENT_FAULT.test(answer.fault)
      ? { key: item.key, status: 'retryable', error }
      : rejected(item.key, error)
  }
  const externalId = firstText(answer.value, doc.response?.externalId)
  const bindings: BindingHint[] = []
  if (externalId !== undefined) {
    if (stream === 'orders') {
      const o = item as OrderPushItem
      bindings.push({ entity: 'order', canonicalKey: o.order.id ?? o.order.externalId, externalId })
    } else {
      const s = item as ShipmentPushItem
      bindings.push({ entity: 'shipment', canonicalKey: s.shipment.id ?? s.shipment.externalId, externalId })
    }
  }
  return { key: item.key, status: 'ok', ...(externalId !== undefined ? { externalId, bindings } : {}) }
}

/** Push orders or shipments to the ERP, one document per item, in order; one PushResult per item. */
export async function pushToErp(
  ctx: Ctx,
  stream: OutboundStream,
  batch: (OrderPushItem | ShipmentPushItem)[],
): Promise<PushResult[]> {
  let mapping: ErpMapping
  try {
    mapping = resolveMapping(ctx.settings)
  } catch (err) {
    if (!(err instanceof CrossdockError)) throw err
    return batch.map((i) => rejected(i.key, { code: err.code, message: err.message }))
  }
  const doc = mapping.outbound?.[stream]
  if (!doc)
    return batch.map((i) =>
      rejected(i.key, {
        code: 'MAPPING_INVALID',
        message: `the mapping (version ${mapping.version}) has no outbound ${stream} document`,
      }),
    )
  if (!ctx.settings.outbound)
    return batch.map((i) =>
      rejected(i.key, {
        code: 'VALIDATION_FAILED',
        message: 'this ERP connection has no outbound URL',
        field: 'outbound.url',
      }),
    )
  const results: PushResult[] = []
  for (const item of batch) results.push(await pushOne(ctx, mapping, stream, doc, item))
  return results
}
