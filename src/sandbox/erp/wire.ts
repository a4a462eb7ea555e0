// The ERP sandbox's own wire formats, written from the ERPs' and the hub's published contracts
// rather than borrowed from the hub's ERP connector (a mistake both shared could not fail a test):
//  - JSON with exact decimals: numbers keep their source text both ways ("12.50" stays 12.50);
//  - XML with one element per property (a B1 Service Layer answer exported as XML);
//  - XML-RPC (xmlrpc.com/spec.md, Odoo's /xmlrpc/2): methodCall in, methodResponse or fault out,
//    built and read with xml2js; <int>/<double> stay decimal text, <boolean>0</boolean> is Odoo's
//    "no value" (specs/erp-3pl.md B3);
//  - the signature the hub asks ERPs to send and sends back (the ERP connector's README, given to
//    the seller's ERP team): X-Crossdock-Timestamp: <unix s>, X-Crossdock-Signature:
//    v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>, within 5 minutes of the clock.
import { createHmac, timingSafeEqual } from 'node:crypto'
import xml2js from 'xml2js'

/** A number kept as exact decimal text: JSON writes it raw, XML-RPC as <int>/<double>, XML as text. */
export class NumericText {
  constructor(readonly text: string) {}
}

const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON

export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v instanceof NumericText ? rawJSON(v.text) : v))
}

/** Plain values (NumericText as text, null/undefined dropped) → what xml2js's builder takes. */
function forXml(v: unknown): unknown {
  if (v instanceof NumericText) return v.text
  if (Array.isArray(v)) return v.map(forXml)
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null && x !== undefined)
        .map(([k, x]) => [k, forXml(x)]),
    )
  return v === null || v === undefined ? undefined : String(v)
}

const xmlOptions = { renderOpts: { pretty: false }, xmldec: { version: '1.0', encoding: 'UTF-8' } }

export function toXmlText(root: string, value: unknown): string {
  return new xml2js.Builder({ ...xmlOptions, rootName: root }).buildObject(forXml(value))
}

// ---- XML-RPC ---------------------------------------------------------------------------------

function rpcValue(v: unknown): Record<string, unknown> {
  if (v === null || v === undefined) return { boolean: '0' }
  if (v instanceof NumericText) return /^-?\d+$/.test(v.text) ? { int: v.text } : { double: v.text }
  if (typeof v === 'number') return Number.isInteger(v) ? { int: String(v) } : { double: String(v) }
  if (typeof v === 'boolean') return { boolean: v ? '1' : '0' }
  if (Array.isArray(v)) return { array: { data: { value: v.map(rpcValue) } } }
  if (typeof v === 'object')
    return {
      struct: {
        member: Object.entries(v)
          .filter(([, x]) => x !== undefined)
          .map(([name, x]) => ({ name, value: rpcValue(x) })),
      },
    }
  return { string: String(v) }
}

function rpcDocument(body: Record<string, unknown>): string {
  return new xml2js.Builder({ ...xmlOptions, rootName: 'methodResponse' }).buildObject(body)
}

export function encodeMethodResponse(value: unknown): string {
  return rpcDocument({ params: { param: { value: rpcValue(value) } } })
}

export function encodeFault(faultCode: number, faultString: string): string {
  return rpcDocument({ fault: { value: rpcValue({ faultCode: new NumericText(String(faultCode)), faultString }) } })
}

const list = (v: unknown): unknown[] => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v])
const text = (v: unknown): string =>
  typeof v === 'string' ? v : v && typeof v === 'object' && '_' in v ? String((v as { _: unknown })._) : ''

/** One <value> of a tree read with explicitArray off: untyped text is a string, numbers stay text. */
function rpcDecode(v: unknown): unknown {
  if (typeof v === 'string') return v
  if (!v || typeof v !== 'object') return ''
  const o = v as Record<string, unknown>
  if ('string' in o) return text(o.string)
  for (const t of ['int', 'i4', 'i8', 'double']) if (t in o) return text(o[t]).trim()
  if ('boolean' in o) return text(o.boolean).trim() === '1'
  if ('nil' in o) return null
  if ('array' in o) return list((o.array as { data?: { value?: unknown } } | undefined)?.data?.value).map(rpcDecode)
  if ('struct' in o)
    return Object.fromEntries(
      list((o.struct as { member?: unknown } | undefined)?.member).map((m) => {
        const member = m as { name?: unknown; value?: unknown }
        return [text(member.name), rpcDecode(member.value)]
      }),
    )
  return text(o)
}

// ---- reading bodies --------------------------------------------------------------------------

export interface ReadBody {
  format: 'json' | 'xml'
  tree: unknown
  rootName?: string
}

export class BodyError extends Error {}

/** A JSON or XML body as a tree; JSON numbers keep their source text, as XML text does. */
export async function readBody(raw: Buffer, contentType: string): Promise<ReadBody> {
  const body = raw.toString('utf8')
  if (body.trim() === '') throw new BodyError('the body is empty')
  if (/json/i.test(contentType)) {
    try {
      const tree = JSON.parse(body, (_k, value, ctx?: { source?: string }) =>
        typeof value === 'number' && ctx?.source !== undefined ? ctx.source : value,
      )
      return { format: 'json', tree }
    } catch (err) {
      throw new BodyError(`the body is not valid JSON: ${(err as Error).message}`)
    }
  }
  if (!/xml/i.test(contentType)) throw new BodyError(`Content-Type "${contentType}" is neither JSON nor XML`)
  try {
    const parsed = (await xml2js.parseStringPromise(body, {
      explicitArray: false,
      emptyTag: '',
      tagNameProcessors: [(name: string) => name.replace(/^[^:]+:/, '')],
    })) as Record<string, unknown>
    const [rootName] = Object.keys(parsed)
    return { format: 'xml', tree: parsed[rootName!], rootName: rootName! }
  } catch (err) {
    throw new BodyError(`the body is not well-formed XML: ${(err as Error).message.split('\n')[0]}`)
  }
}

/** A methodCall's name and decoded params. */
export function decodeMethodCall(doc: ReadBody): { methodName: string; params: unknown[] } {
  if (doc.rootName !== 'methodCall') throw new BodyError(`expected an XML-RPC methodCall, got <${doc.rootName ?? '?'}>`)
  const root = (doc.tree ?? {}) as { methodName?: unknown; params?: { param?: unknown } }
  return {
    methodName: text(root.methodName),
    params: list(root.params?.param).map((p) => rpcDecode((p as { value?: unknown }).value)),
  }
}

// ---- signatures ------------------------------------------------------------------------------

export const REPLAY_WINDOW_SECONDS = 300

function digest(secret: string, timestamp: string, body: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest()
}

export function signErpBody(secret: string, body: Buffer | string, timestampSeconds: number): Record<string, string> {
  const ts = String(Math.floor(timestampSeconds))
  return { 'X-Crossdock-Timestamp': ts, 'X-Crossdock-Signature': `v1=${digest(secret, ts, body).toString('hex')}` }
}

/** Why a signed body is refused, or null when it is good. */
export function signatureProblem(
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
  secret: string,
  now: Date,
): string | null {
  const one = (name: string) => [headers[name]].flat()[0]
  const ts = one('x-crossdock-timestamp')?.trim()
  if (!ts || !/^\d{1,12}$/.test(ts)) return 'X-Crossdock-Timestamp is missing or not unix seconds'
  const given = (one('x-crossdock-signature') ?? '')
    .split(',')
    .map((p) => /^\s*v1=([0-9a-fA-F]{64})\s*$/.exec(p)?.[1])
    .filter((h): h is string => Boolean(h))
  if (given.length === 0) return 'X-Crossdock-Signature is missing or not v1=<64 hex digits>'
  const expected = digest(secret, ts, body)
  if (!given.some((h) => timingSafeEqual(Buffer.from(h, 'hex'), expected)))
    return 'the signature does not match this body and timestamp'
  const skew = Math.abs(now.getTime() / 1000 - Number(ts))
  if (skew > REPLAY_WINDOW_SECONDS)
    return `the timestamp is ${Math.round(skew)} s from the ERP's clock; at most ${REPLAY_WINDOW_SECONDS} s`
  return null
}
