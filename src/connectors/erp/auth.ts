// How an ERP proves a document is from it, and how the hub signs what it sends back.
//
// Scheme (the ERP sandbox signs the same way; give it to the seller's ERP team as is):
//   X-Crossdock-Timestamp: <unix seconds>
//   X-Crossdock-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body bytes>")>
// The secret is the connection's inbound secret, used as UTF-8 bytes. Several `v1=` entries may be
// sent, comma-separated, while a secret is being rotated; one match is enough. A timestamp more
// than 5 minutes from the hub's clock is refused (replays), checked after the signature so a
// forged request is told its signature is wrong, not its clock. Optional headers:
//   X-Crossdock-Document-Id    the ERP's id for the document: a resend with the same id is one event
//   X-Crossdock-Document-Type  item_master | price_list | stock_snapshot | stock_delta | order_ack
import { createHmac, timingSafeEqual } from 'node:crypto'
import { CrossdockError } from '../../errors.ts'

export const HEADER_TIMESTAMP = 'x-crossdock-timestamp'
export const HEADER_SIGNATURE = 'x-crossdock-signature'
export const HEADER_DOCUMENT_ID = 'x-crossdock-document-id'
export const HEADER_DOCUMENT_TYPE = 'x-crossdock-document-type'

/** How far a timestamp may be from the hub's clock, either way. */
export const REPLAY_WINDOW_SECONDS = 300

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const direct = headers[name]
  const value = direct !== undefined ? direct : Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1]
  return Array.isArray(value) ? value[0] : value
}

function digest(secret: string, timestamp: string, body: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest()
}

/** The headers that sign a body at a time (the sandbox and outbound pushes use this). */
export function signErpBody(secret: string, body: Buffer | string, timestampSeconds: number): Record<string, string> {
  const ts = String(Math.floor(timestampSeconds))
  return { 'X-Crossdock-Timestamp': ts, 'X-Crossdock-Signature': `v1=${digest(secret, ts, body).toString('hex')}` }
}

function signatures(header: string): Buffer[] {
  const out: Buffer[] = []
  for (const part of header.split(',')) {
    const m = /^\s*v1=([0-9a-fA-F]{64})\s*$/.exec(part)
    if (m) out.push(Buffer.from(m[1]!, 'hex'))
  }
  return out
}

/**
 * Verify a signed body. `secrets` are the current secret and, during rotation, the previous one.
 * Throws WEBHOOK_SIGNATURE_INVALID (missing, malformed or wrong) or WEBHOOK_TIMESTAMP_STALE.
 */
export function verifyErpSignature(
  req: { headers: Record<string, string | string[] | undefined>; rawBody: Buffer | string; receivedAt: Date },
  secrets: (string | undefined)[],
  windowSeconds = REPLAY_WINDOW_SECONDS,
): void {
  const keys = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0)
  if (keys.length === 0)
    throw new CrossdockError('WEBHOOK_SIGNATURE_INVALID', 'this connection has no inbound secret set')
  const ts = headerValue(req.headers, HEADER_TIMESTAMP)?.trim()
  const sig = headerValue(req.headers, HEADER_SIGNATURE)
  if (!ts || !/^\d{1,12}$/.test(ts))
    throw new CrossdockError('WEBHOOK_SIGNATURE_INVALID', 'X-Crossdock-Timestamp is missing or not unix seconds')
  const given = sig ? signatures(sig) : []
  if (given.length === 0)
    throw new CrossdockError('WEBHOOK_SIGNATURE_INVALID', 'X-Crossdock-Signature is missing or not v1=<64 hex digits>')
  let ok = false
  for (const key of keys) {
    const expected = digest(key, ts, req.rawBody)
    // compare every pair, no early exit, so timing does not tell which entry or key was close
    for (const g of given) if (timingSafeEqual(g, expected)) ok = true
  }
  if (!ok) throw new CrossdockError('WEBHOOK_SIGNATURE_INVALID', 'the signature does not match this body and timestamp')
  const skew = Math.abs(req.receivedAt.getTime() / 1000 - Number(ts))
  if (skew > windowSeconds) {
    throw new CrossdockError(
      'WEBHOOK_TIMESTAMP_STALE',
      `the timestamp is ${Math.round(skew)} s from the hub's clock; at most ${windowSeconds} s`,
      {
        details: { timestamp: Number(ts), skewSeconds: Math.round(skew) },
      },
    )
  }
}
