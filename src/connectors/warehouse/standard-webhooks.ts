// Standard Webhooks (standardwebhooks.com, the Svix scheme ShipBob signs with, per
// developer.shipbob.com/experimental/webhooks): headers webhook-id, webhook-timestamp (unix
// seconds) and webhook-signature (space-separated "v1,<base64>" entries, several during a secret
// rotation); the signed content is "{id}.{timestamp}.{raw body}", HMAC-SHA256 keyed with the
// base64 bytes after the "whsec_" prefix. Provider-neutral, so any adapter may use it.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { CrossdockError } from '../../errors.ts'
import type { RawWebhook } from '../types.ts'

export const DEFAULT_TOLERANCE_SECONDS = 5 * 60

export function header(req: Pick<RawWebhook, 'headers'>, name: string): string | undefined {
  const direct = req.headers[name]
  if (direct !== undefined) return direct
  const wanted = name.toLowerCase()
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === wanted) return v
  return undefined
}

export function secretKey(secret: string): Buffer {
  const b64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret
  const key = Buffer.from(b64, 'base64')
  if (key.length === 0)
    throw new CrossdockError('WEBHOOK_SIGNATURE_INVALID', 'the webhook secret is not base64 after its whsec_ prefix')
  return key
}

/** "v1,<base64>" for one message: what a sender puts in webhook-signature. */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestamp: number | string,
  body: Buffer | string,
): string {
  const mac = createHmac('sha256', secretKey(secret))
  mac.update(`${id}.${timestamp}.`)
  mac.update(body)
  return `v1,${mac.digest('base64')}`
}

/**
 * Throws WEBHOOK_SIGNATURE_INVALID (missing headers or secret, no matching signature) or
 * WEBHOOK_TIMESTAMP_STALE (outside the tolerance, either side of `now`); returns the message id.
 */
export function verifyStandardWebhook(
  req: Pick<RawWebhook, 'headers' | 'rawBody'>,
  secret: string | undefined,
  opts: { now: Date; toleranceSeconds?: number },
): string {
  if (!secret)
    throw new CrossdockError(
      'WEBHOOK_SIGNATURE_INVALID',
      'this connection has no webhook secret, so no delivery can be verified',
    )
  const id = header(req, 'webhook-id')
  const ts = header(req, 'webhook-timestamp')
  const sig = header(req, 'webhook-signature')
  const missing = [!id && 'webhook-id', !ts && 'webhook-timestamp', !sig && 'webhook-signature'].filter(Boolean)
  if (missing.length > 0)
    throw new CrossdockError('WEBHOOK_SIGNATURE_INVALID', `missing ${missing.join(', ')} header`, {
      details: { missing },
    })
  if (!/^\d{1,12}$/.test(ts!))
    throw new CrossdockError('WEBHOOK_SIGNATURE_INVALID', 'webhook-timestamp is not unix seconds')
  const tolerance = opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  const skew = Math.abs(Math.floor(opts.now.getTime() / 1000) - Number(ts))
  if (skew > tolerance) {
    throw new CrossdockError(
      'WEBHOOK_TIMESTAMP_STALE',
      `webhook-timestamp is ${skew}s away from now (tolerance ${tolerance}s)`,
      { details: { skewSeconds: skew } },
    )
  }
  const expected = Buffer.from(signStandardWebhook(secret, id!, ts!, req.rawBody).slice(3), 'base64')
  for (const entry of sig!.split(' ')) {
    const [version, value] = entry.split(',', 2)
    if (version !== 'v1' || !value) continue
    const given = Buffer.from(value, 'base64')
    if (given.length === expected.length && timingSafeEqual(given, expected)) return id!
  }
  throw new CrossdockError('WEBHOOK_SIGNATURE_INVALID', 'no v1 signature in webhook-signature matches the body')
}
