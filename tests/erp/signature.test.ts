// The inbound signature scheme: HMAC-SHA256 over "<timestamp>.<raw body>", hex, in
// X-Crossdock-Signature: v1=…, with a 5-minute replay window either way.
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signErpBody, verifyErpSignature } from '../../src/connectors/erp/auth.ts'
import { erpConnector } from '../../src/connectors/erp/index.ts'
import { CrossdockError } from '../../src/errors.ts'

const secret = 'erp-inbound-secret-0123456789'
const body = Buffer.from('{"odata.metadata":"x#Items","value":[{"ItemCode":"MUG"}]}')
const now = new Date('2026-08-10T09:00:00Z')
const ts = now.getTime() / 1000

function codeOf(fn: () => void): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof CrossdockError) return err.code
    throw err
  }
  return 'accepted'
}

const verify = (
  headers: Record<string, string>,
  opts: { at?: Date; raw?: Buffer; secrets?: (string | undefined)[] } = {},
) =>
  codeOf(() =>
    verifyErpSignature({ headers, rawBody: opts.raw ?? body, receivedAt: opts.at ?? now }, opts.secrets ?? [secret]),
  )

describe('signing', () => {
  it('is hex HMAC-SHA256 of "<timestamp>.<raw body>" with the secret as UTF-8 bytes', () => {
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
      .update(`${ts}.${body.toString('utf8')}`)
      .digest('hex')
    expect(signErpBody(secret, body, ts)).toEqual({
      'X-Crossdock-Timestamp': String(ts),
      'X-Crossdock-Signature': `v1=${expected}`,
    })
  })
})

describe('verifying', () => {
  const good = signErpBody(secret, body, ts)

  it('accepts a good signature, with header names in any case', () => {
    expect(verify(good)).toBe('accepted')
    expect(
      verify({
        'x-crossdock-timestamp': good['X-Crossdock-Timestamp']!,
        'x-crossdock-signature': good['X-Crossdock-Signature']!,
      }),
    ).toBe('accepted')
  })

  it.each<[string, Record<string, string>, { raw?: Buffer; secrets?: (string | undefined)[] }]>([
    ['a changed body', good, { raw: Buffer.from(body.toString().replace('MUG', 'MUH')) }],
    ['another secret', good, { secrets: ['someone-elses-secret-000'] }],
    ['a changed timestamp', { ...good, 'X-Crossdock-Timestamp': String(ts + 1) }, {}],
    ['no signature', { 'X-Crossdock-Timestamp': String(ts) }, {}],
    ['no timestamp', { 'X-Crossdock-Signature': good['X-Crossdock-Signature']! }, {}],
    ['a timestamp in milliseconds-as-text', { ...good, 'X-Crossdock-Timestamp': 'yesterday' }, {}],
    ['a signature that is not v1=<64 hex>', { ...good, 'X-Crossdock-Signature': 'sha256=abc' }, {}],
    ['a truncated signature', { ...good, 'X-Crossdock-Signature': good['X-Crossdock-Signature']!.slice(0, 40) }, {}],
    ['no secret on the connection', good, { secrets: [undefined, ''] }],
  ])('refuses %s with WEBHOOK_SIGNATURE_INVALID', (_name, headers, opts) => {
    expect(verify(headers, opts)).toBe('WEBHOOK_SIGNATURE_INVALID')
  })

  it('accepts the previous secret during rotation, and several v1 entries', () => {
    const old = 'the-previous-inbound-secret'
    expect(verify(signErpBody(old, body, ts), { secrets: [secret, old] })).toBe('accepted')
    const both = `v1=${'0'.repeat(64)}, ${good['X-Crossdock-Signature']}`
    expect(verify({ ...good, 'X-Crossdock-Signature': both })).toBe('accepted')
  })

  it.each<[string, number, string]>([
    ['4 min 59 s old', 299, 'accepted'],
    ['5 min 1 s old', 301, 'WEBHOOK_TIMESTAMP_STALE'],
    ['an hour old', 3600, 'WEBHOOK_TIMESTAMP_STALE'],
    ['5 min 1 s in the future', -301, 'WEBHOOK_TIMESTAMP_STALE'],
  ])('a genuine signature %s → %s', (_name, age, expected) => {
    expect(verify(signErpBody(secret, body, ts - age))).toBe(expected)
  })

  it('a forged request with a stale timestamp is told its signature is wrong, not its clock', () => {
    expect(
      verify({ 'X-Crossdock-Timestamp': String(ts - 3600), 'X-Crossdock-Signature': `v1=${'a'.repeat(64)}` }),
    ).toBe('WEBHOOK_SIGNATURE_INVALID')
  })

  it('the connector verifies with the connection secrets and refuses an oversized body before hashing it', () => {
    const conn = { settings: { preset: 'sap-b1' as const }, credentials: { inboundSecret: secret } }
    const raw = { headers: good, rawBody: body, contentType: 'application/json', receivedAt: now }
    expect(codeOf(() => erpConnector.webhooks!.verify(raw, conn))).toBe('accepted')
    expect(codeOf(() => erpConnector.webhooks!.verify({ ...raw, rawBody: Buffer.alloc(17 * 1024 * 1024) }, conn))).toBe(
      'PAYLOAD_TOO_LARGE',
    )
    const e = (() => {
      try {
        erpConnector.webhooks!.verify({ ...raw, receivedAt: new Date(now.getTime() + 600_000) }, conn)
      } catch (err) {
        return err as CrossdockError
      }
    })()
    expect(e?.code).toBe('WEBHOOK_TIMESTAMP_STALE')
    expect(e?.status).toBe(401)
    expect(e?.message).toBe("the timestamp is 600 s from the hub's clock; at most 300 s")
  })
})
