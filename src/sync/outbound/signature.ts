// How a subscriber knows an event came from this hub and was not replayed: the hub signs
// "${timestamp}.${body}" with HMAC-SHA256 under the subscription's secret and sends
//   X-Crossdock-Timestamp: <unix seconds>
//   X-Crossdock-Signature: v1=<hex>
// The timestamp is inside the signed text, so an old delivery cannot be re-sent with a fresh
// one; a subscriber refuses timestamps outside its tolerance. The "v1=" scheme leaves room for a
// second signature during a secret rotation (several comma-separated values are accepted).
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_SCHEME = 'v1'

export function signEvent(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `${SIGNATURE_SCHEME}=${signEvent(secret, timestamp, body)}`
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' }

/**
 * For subscribers (and tests): does `header` sign `body` at `timestamp` with `secret`, and is the
 * timestamp within `toleranceSeconds` of `now` (unix seconds)? Pure; compares in constant time.
 */
export function verifyEventSignature(
  secret: string,
  timestamp: string | number,
  body: string,
  header: string | undefined,
  now: number = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  return checkEventSignature(secret, timestamp, body, header, now, toleranceSeconds).ok
}

/** The same check, saying why it failed (for a subscriber's logs). */
export function checkEventSignature(
  secret: string,
  timestamp: string | number,
  body: string,
  header: string | undefined,
  now: number = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): SignatureCheck {
  const ts =
    typeof timestamp === 'number' ? timestamp : /^\d{1,12}$/.test(timestamp.trim()) ? Number(timestamp.trim()) : NaN
  if (!Number.isFinite(ts) || !header) return { ok: false, reason: 'malformed' }
  if (Math.abs(now - ts) > toleranceSeconds) return { ok: false, reason: 'stale' }
  const want = Buffer.from(signEvent(secret, ts, body), 'hex')
  const candidates = header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.startsWith(`${SIGNATURE_SCHEME}=`))
    .map((p) => p.slice(SIGNATURE_SCHEME.length + 1))
  if (candidates.length === 0) return { ok: false, reason: 'malformed' }
  for (const c of candidates) {
    if (!/^[0-9a-f]{64}$/i.test(c)) continue
    const got = Buffer.from(c, 'hex')
    if (got.length === want.length && timingSafeEqual(got, want)) return { ok: true }
  }
  return { ok: false, reason: 'mismatch' }
}
