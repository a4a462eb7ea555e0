// The ERP sandbox's outgoing side: build documents from its books and post them to the hub,
// signed with the scheme the hub publishes for ERPs (wire.ts), one call or split into several.
import { buildDocument, type DocumentFormat, type DocumentType, type Flavor, type Movement } from './documents.ts'
import type { ErpSandboxState } from './state.ts'
import { signErpBody } from './wire.ts'

export interface SendRequest {
  type: DocumentType
  format: DocumentFormat
  flavor?: Flavor
  /** which items (default: all) */
  skus?: string[]
  movements?: Movement[]
  /** split into documents of at most this many items (default: one document) */
  batchSize?: number
  /** the ERP's id for the document (X-Crossdock-Document-Id); parts get -1, -2… */
  documentId?: string
  /** signing time, unix seconds (default: now) */
  timestamp?: number
  /** send it wrong on purpose, to show the hub refusing it */
  tamper?: 'signature' | 'stale'
  hubUrl?: string
}

export interface SendResult {
  documentId?: string
  records: number
  bytes: number
  status: number
  body: string
  ms: number
}

export interface SenderConfig {
  hubUrl?: string | undefined
  secret: string
  flavor: Flavor
  now: () => Date
  timeoutMs: number
}

function chunks<T>(list: T[], size: number | undefined): T[][] {
  if (!size || size <= 0 || list.length <= size) return [list]
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

export async function sendDocuments(
  state: ErpSandboxState,
  cfg: SenderConfig,
  req: SendRequest,
): Promise<SendResult[]> {
  const hubUrl = req.hubUrl ?? cfg.hubUrl
  if (!hubUrl) throw new Error('the ERP sandbox has no hub URL to send to (option hubUrl, or hubUrl in the request)')
  const skus = req.skus ?? [...state.items.keys()]
  const parts = req.type === 'stock_delta' || req.type === 'order_ack' ? [skus] : chunks(skus, req.batchSize)
  const results: SendResult[] = []
  for (const [i, part] of parts.entries()) {
    const doc = buildDocument(state, {
      flavor: req.flavor ?? cfg.flavor,
      type: req.type,
      format: req.format,
      skus: part,
      now: cfg.now(),
      ...(req.movements ? { movements: req.movements } : {}),
    })
    const documentId = req.documentId ? (parts.length > 1 ? `${req.documentId}-${i + 1}` : req.documentId) : undefined
    let ts = req.timestamp ?? cfg.now().getTime() / 1000
    if (req.tamper === 'stale') ts -= 3600
    const signed = signErpBody(cfg.secret, doc.body, ts)
    if (req.tamper === 'signature')
      signed['X-Crossdock-Signature'] = signed['X-Crossdock-Signature']!.replace(/.$/, (c) => (c === '0' ? '1' : '0'))
    const started = performance.now()
    const res = await fetch(hubUrl, {
      method: 'POST',
      headers: {
        'Content-Type': doc.contentType,
        'X-Crossdock-Document-Type': req.type,
        ...(documentId ? { 'X-Crossdock-Document-Id': documentId } : {}),
        ...signed,
      },
      body: doc.body,
      signal: AbortSignal.timeout(cfg.timeoutMs),
    })
    const body = await res.text()
    results.push({
      ...(documentId ? { documentId } : {}),
      records: doc.records,
      bytes: Buffer.byteLength(doc.body),
      status: res.status,
      body,
      ms: Math.round(performance.now() - started),
    })
  }
  return results
}
