// Inbound ERP documents. The hub's intake calls verify (signature, replay window) and parse (safe
// body reading, one event per document however many records it holds) before storing anything,
// answers 202 with a receipt, and later runs process in a job: the document is mapped with the
// connection's mapping and every record comes back as an item, rejected ones carrying the error
// that names the field.
import { createHash } from 'node:crypto'
import { CrossdockError } from '../../errors.ts'
import { isDocumentType, mapDocument, type MappedRecord } from '../../mappers/erp/index.ts'
import type {
  ConnectorContext,
  InboundEvent,
  PulledItem,
  RawWebhook,
  RecordError,
  WebhookEffect,
  WebhookSpec,
} from '../types.ts'
import { HEADER_DOCUMENT_ID, HEADER_DOCUMENT_TYPE, HEADER_TIMESTAMP, headerValue, verifyErpSignature } from './auth.ts'
import { checkErpBody, ERP_MAX_BODY_BYTES, readErpBody } from './body.ts'
import { resolveMapping, type ErpCredentials, type ErpSettings } from './settings.ts'

/** What an ERP event stores: the body as sent (re-mapped in the job, or again after a mapping fix). */
export interface ErpEventPayload {
  documentId?: string
  documentType?: string
  contentType: string
  format: 'json' | 'xml'
  /** the signed timestamp (unix seconds) */
  timestamp: string
  bytes: number
  body: string
}

const DOCUMENT_ID = /^[A-Za-z0-9._:/#-]{1,200}$/

function verify(req: RawWebhook, conn: { settings: ErpSettings; credentials: ErpCredentials }): void {
  if (req.rawBody.length > ERP_MAX_BODY_BYTES) {
    throw new CrossdockError(
      'PAYLOAD_TOO_LARGE',
      `the body is ${req.rawBody.length} bytes; at most ${ERP_MAX_BODY_BYTES}`,
    )
  }
  verifyErpSignature(req, [conn.credentials?.inboundSecret, conn.credentials?.previousInboundSecret])
}

function parse(req: RawWebhook): InboundEvent[] {
  const doc = checkErpBody(req.rawBody, req.contentType)
  const timestamp = headerValue(req.headers, HEADER_TIMESTAMP)?.trim() ?? ''
  const documentId = headerValue(req.headers, HEADER_DOCUMENT_ID)?.trim()
  const documentType = headerValue(req.headers, HEADER_DOCUMENT_TYPE)?.trim()
  if (documentId !== undefined && !DOCUMENT_ID.test(documentId)) {
    throw new CrossdockError(
      'WEBHOOK_PAYLOAD_INVALID',
      'X-Crossdock-Document-Id must be 1–200 characters of letters, digits and . _ : / # -',
    )
  }
  if (documentType !== undefined && !isDocumentType(documentType)) {
    throw new CrossdockError(
      'WEBHOOK_PAYLOAD_INVALID',
      `X-Crossdock-Document-Type "${documentType}" is not item_master, price_list, stock_snapshot, stock_delta or order_ack`,
    )
  }
  // a resend of the same document is the same event: by the ERP's id, or by what was signed
  const eventId = documentId
    ? `doc:${documentId}`
    : `sha256:${createHash('sha256').update(`${timestamp}.`).update(req.rawBody).digest('hex')}`
  const payload: ErpEventPayload = {
    ...(documentId ? { documentId } : {}),
    ...(documentType ? { documentType } : {}),
    contentType: req.contentType,
    format: doc.format,
    timestamp,
    bytes: req.rawBody.length,
    body: req.rawBody.toString('utf8'),
  }
  return [{ eventId, topic: `erp.${documentType ?? 'document'}`, payload }]
}

function summarize(errors: RecordError[]): RecordError | undefined {
  const [first, ...rest] = errors
  if (!first) return undefined
  if (rest.length === 0) return first
  return {
    ...first,
    message: `${first.message} (and ${rest.length} more: ${rest.map((e) => e.field ?? e.code).join(', ')})`,
  }
}

export function toPulledItem(r: MappedRecord): PulledItem {
  const error = summarize(r.errors)
  return {
    externalId: r.key,
    raw: r.raw,
    ...(r.records.length > 0 ? { records: r.records } : {}),
    ...(r.bindings.length > 0 ? { bindings: r.bindings } : {}),
    ...(error ? { error } : {}),
  }
}

function readPayload(event: InboundEvent): ErpEventPayload {
  const p = event.payload as Partial<ErpEventPayload> | null
  if (!p || typeof p.body !== 'string' || typeof p.contentType !== 'string') {
    throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', `event ${event.eventId} is not an ERP document event`)
  }
  return p as ErpEventPayload
}

async function process(
  ctx: ConnectorContext<ErpSettings, ErpCredentials>,
  event: InboundEvent,
): Promise<WebhookEffect[]> {
  const payload = readPayload(event)
  const mapping = resolveMapping(ctx.settings)
  const doc = readErpBody(payload.body, payload.contentType)
  const mapped = mapDocument(mapping, doc, { documentType: payload.documentType })
  const items = mapped.records.map(toPulledItem)
  const rejected = items.filter((i) => i.error).length
  ctx.log.info(
    {
      eventId: event.eventId,
      documentType: mapped.documentType,
      mappingVersion: mapped.mappingVersion,
      records: items.length,
      rejected,
    },
    'erp document mapped',
  )
  return [{ kind: 'records', items }]
}

export const erpWebhooks: WebhookSpec<ErpSettings, ErpCredentials> = { verify, parse, process, ackStatus: 202 }
