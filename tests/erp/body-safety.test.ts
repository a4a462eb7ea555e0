// Hostile and oversized bodies are refused with a clear error before anything is stored: directly
// (checkErpBody at intake, readErpBody in the job) and over HTTP through the webhook intake with a
// VALID signature, so the refusal is the body's, not the signature's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signErpBody } from '../../src/connectors/erp/auth.ts'
import { checkErpBody, ERP_BODY_LIMITS, readErpBody } from '../../src/connectors/erp/body.ts'
import { erpConnector } from '../../src/connectors/erp/index.ts'
import { CrossdockError } from '../../src/errors.ts'
import { startIntake, type TestIntake } from './support/intake.ts'

const secretDir = mkdtempSync(path.join(os.tmpdir(), 'erp-xxe-'))
const secretFile = path.join(secretDir, 'secret.txt')
writeFileSync(secretFile, 'TOP-SECRET-MARKER')
afterAll(() => rmSync(secretDir, { recursive: true, force: true }))

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Items><value><ItemCode>&lol9;</ItemCode></value></Items>`

const XXE_FILE = `<?xml version="1.0"?>
<!DOCTYPE Items [<!ENTITY xxe SYSTEM "file://${secretFile}">]>
<Items><value><ItemCode>&xxe;</ItemCode></value></Items>`

const XXE_PARAMETER = `<?xml version="1.0"?>
<!DOCTYPE Items [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<Items/>`

const EXTERNAL_DTD = `<?xml version="1.0"?>
<!DOCTYPE Items SYSTEM "http://127.0.0.1:9/items.dtd">
<Items/>`

const deepXml = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n)
const deepJson = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)

function refusal(fn: () => unknown): CrossdockError {
  try {
    fn()
  } catch (err) {
    if (err instanceof CrossdockError) return err
    throw err
  }
  throw new Error('was not refused')
}

describe('refused while reading', () => {
  const both = [
    ['intake check', checkErpBody],
    ['job read', readErpBody],
  ] as const

  it.each(both)('%s: billion laughs → BAD_REQUEST (no DTD is read, nothing expands)', (_n, read) => {
    const e = refusal(() => read(BILLION_LAUGHS, 'application/xml'))
    expect(e.code).toBe('BAD_REQUEST')
    expect(e.status).toBe(400)
    expect(e.message).toMatch(/DOCTYPE or ENTITY declaration is refused/)
  })

  it.each(both)('%s: XXE to a local file → BAD_REQUEST, and the file never shows', (_n, read) => {
    const e = refusal(() => read(XXE_FILE, 'application/xml'))
    expect(e.code).toBe('BAD_REQUEST')
    expect(JSON.stringify(e.toJSON())).not.toContain('TOP-SECRET-MARKER')
  })

  it.each(both)('%s: parameter entities and external DTDs → BAD_REQUEST', (_n, read) => {
    expect(refusal(() => read(XXE_PARAMETER, 'application/xml')).code).toBe('BAD_REQUEST')
    expect(refusal(() => read(EXTERNAL_DTD, 'text/xml')).code).toBe('BAD_REQUEST')
  })

  it.each(both)('%s: an entity never declared is not expanded either', (_n, read) => {
    const e = refusal(() => read('<Items><value>&xxe;</value></Items>', 'application/xml'))
    expect(e.code).toBe('WEBHOOK_PAYLOAD_INVALID')
  })

  it.each(both)('%s: deep nesting → BAD_REQUEST naming the limit', (_n, read) => {
    expect(refusal(() => read(deepXml(ERP_BODY_LIMITS.maxDepth + 1), 'application/xml')).message).toBe(
      `the XML document is nested deeper than ${ERP_BODY_LIMITS.maxDepth} levels`,
    )
    expect(refusal(() => read(deepJson(10_000), 'application/json')).message).toBe(
      `the JSON document is nested deeper than ${ERP_BODY_LIMITS.maxDepth} levels`,
    )
    expect(() => read(deepXml(ERP_BODY_LIMITS.maxDepth), 'application/xml')).not.toThrow()
  })

  it.each(both)('%s: too many elements → PAYLOAD_TOO_LARGE', (_n, read) => {
    const limits = { ...ERP_BODY_LIMITS, maxElements: 1000 }
    const body = `<Items>${'<v/>'.repeat(1000)}</Items>`
    const e = refusal(() => read(body, 'application/xml', limits))
    expect(e.code).toBe('PAYLOAD_TOO_LARGE')
    expect(e.status).toBe(413)
  })

  it.each(both)('%s: a 50 MB body → PAYLOAD_TOO_LARGE before it is decoded', (_n, read) => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20)
    const e = refusal(() => read(big, 'application/json'))
    expect(e.code).toBe('PAYLOAD_TOO_LARGE')
    expect(e.details).toEqual({ bytes: 50 * 1024 * 1024, maxBytes: ERP_BODY_LIMITS.maxBytes })
  })

  it.each(both)('%s: wrong type, wrong charset, bad UTF-8, malformed, two roots, empty', (_n, read) => {
    expect(refusal(() => read('a,b', 'text/csv')).code).toBe('UNSUPPORTED_MEDIA_TYPE')
    expect(refusal(() => read('<a/>', 'application/xml; charset=iso-8859-1')).code).toBe('UNSUPPORTED_MEDIA_TYPE')
    expect(
      refusal(() => read(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]), 'application/xml'))
        .message,
    ).toBe('the body is not valid UTF-8')
    expect(refusal(() => read('<a><b></a>', 'application/xml')).code).toBe('WEBHOOK_PAYLOAD_INVALID')
    expect(refusal(() => read('<a/><b/>', 'application/xml')).message).toMatch(/more than one root element/)
    expect(refusal(() => read('{"a":', 'application/json')).code).toBe('WEBHOOK_PAYLOAD_INVALID')
    expect(refusal(() => read('  ', 'application/json')).message).toBe('the body is empty')
  })

  it('a UTF-8 BOM and vendor media types are fine', () => {
    expect(
      readErpBody(
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]),
        'application/vnd.erp+json; charset=UTF-8',
      ).tree,
    ).toEqual({ a: '1' })
    expect(readErpBody('<x:a xmlns:x="urn:x"><x:b>1</x:b></x:a>', 'application/atom+xml')).toMatchObject({
      rootName: 'a',
      tree: { b: '1' },
    })
  })
})

describe('refused at the webhook intake, with a valid signature, and nothing stored', () => {
  const secret = 'a-connection-inbound-secret'
  let intake: TestIntake
  beforeAll(async () => {
    intake = await startIntake(erpConnector, { settings: { preset: 'sap-b1' }, credentials: { inboundSecret: secret } })
  })
  afterAll(() => intake.close())

  async function post(body: string | Buffer, contentType: string) {
    const res = await fetch(`${intake.url}/webhooks/erp/conn-1`, {
      method: 'POST',
      headers: {
        'Content-Type': contentType,
        'X-Crossdock-Document-Type': 'item_master',
        ...signErpBody(secret, body, Date.now() / 1000),
      },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    })
    return { status: res.status, body: (await res.json()) as { code: string; message: string } }
  }

  it.each<[string, string | Buffer, string, number, string]>([
    ['billion laughs', BILLION_LAUGHS, 'application/xml', 400, 'BAD_REQUEST'],
    ['XXE', XXE_FILE, 'application/xml', 400, 'BAD_REQUEST'],
    ['deep XML', deepXml(500), 'application/xml', 400, 'BAD_REQUEST'],
    ['deep JSON', deepJson(500), 'application/json', 400, 'BAD_REQUEST'],
    ['malformed XML', '<Items><value></Items>', 'application/xml', 400, 'WEBHOOK_PAYLOAD_INVALID'],
    [
      'a 20 MB body (under the intake limit, over the ERP limit)',
      Buffer.alloc(20 * 1024 * 1024, 0x20),
      'application/json',
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['a 50 MB body', Buffer.alloc(50 * 1024 * 1024, 0x20), 'application/json', 413, 'PAYLOAD_TOO_LARGE'],
  ])('%s → %s %s', async (_name, body, type, status, code) => {
    const before = intake.inbox.size
    const res = await post(body, type)
    expect(res.status).toBe(status)
    expect(res.body.code).toBe(code)
    expect(res.body.message).not.toContain('TOP-SECRET-MARKER')
    expect(intake.inbox.size).toBe(before)
  })

  it('while a good document is stored', async () => {
    const res = await post('{"odata.metadata":"x#Items","value":[]}', 'application/json')
    expect(res.status).toBe(202)
    expect(intake.inbox.size).toBe(1)
  })
})
