import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../src/log.ts'

function capture() {
  const lines: string[] = []
  const dest = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk))
      cb()
    },
  })
  return { log: createLogger({ level: 'info', destination: dest }), text: () => lines.join('') }
}

describe('log redaction', () => {
  it('never writes secrets or buyer PII', () => {
    const { log, text } = capture()
    log.info(
      {
        credentials: { accessToken: 'shpat_SECRET1' },
        headers: { 'x-shopify-access-token': 'shpat_SECRET2', authorization: 'Bearer SECRET3' },
        order: { buyer: { email: 'jane@example.com' }, shippingAddress: { line1: '1 Secret St' } },
        email: 'john@example.com',
        nested: { deeper: { password: 'SECRET4' } },
      },
      'test',
    )
    const out = text()
    for (const s of [
      'SECRET1',
      'SECRET2',
      'SECRET3',
      'SECRET4',
      'jane@example.com',
      'john@example.com',
      '1 Secret St',
    ]) {
      expect(out).not.toContain(s)
    }
    expect(out).toContain('[REDACTED]')
  })
})
