// XML-RPC values (Odoo's /xmlrpc/2 wire format, xmlrpc.com/spec.md) to plain values and back.
// Decoding works on the element tree the body parser makes (elements → properties, repeated
// elements → arrays, text → strings), so an Odoo search_read answer and the same records sent as
// JSON (Odoo JSON-2) reach the mapping as the same tree. Numbers stay decimal text, as JSON
// numbers do after body parsing; <boolean>0</boolean> is false, which Odoo uses for "no value".
import { CrossdockError } from '../../errors.ts'

const TYPED = ['string', 'int', 'i4', 'i8', 'double', 'boolean', 'dateTime.iso8601', 'base64', 'struct', 'array', 'nil']

function asList(v: unknown): unknown[] {
  if (v === undefined || v === '' || v === null) return []
  return Array.isArray(v) ? v : [v]
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v
  if (v && typeof v === 'object' && '#text' in v) return String((v as Record<string, unknown>)['#text'])
  return ''
}

function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
}

/** Decode the content of one <value> element. */
export function decodeValue(v: unknown, depth = 0): unknown {
  if (depth > 64) throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'XML-RPC value nested too deeply')
  if (typeof v === 'string') return v // untyped <value>text</value> is a string
  if (!v || typeof v !== 'object') return ''
  const o = v as Record<string, unknown>
  const type = TYPED.find((t) => Object.hasOwn(o, t))
  if (!type) return textOf(o)
  const inner = o[type]
  switch (type) {
    case 'string':
    case 'base64':
    case 'dateTime.iso8601':
      return textOf(inner)
    case 'int':
    case 'i4':
    case 'i8':
    case 'double':
      return textOf(inner).trim()
    case 'boolean':
      return textOf(inner).trim() === '1'
    case 'nil':
      return null
    case 'array': {
      const data = (inner as Record<string, unknown> | undefined)?.data
      const values = data && typeof data === 'object' ? (data as Record<string, unknown>).value : undefined
      return asList(values).map((x) => decodeValue(x, depth + 1))
    }
    case 'struct': {
      const out: Record<string, unknown> = {}
      for (const m of asList((inner as Record<string, unknown> | undefined)?.member)) {
        const member = m as Record<string, unknown>
        setOwn(out, textOf(member.name), decodeValue(member.value, depth + 1))
      }
      return out
    }
  }
  return ''
}

export interface XmlRpcFault {
  faultCode: string
  faultString: string
}

/**
 * A parsed XML-RPC document: a methodResponse gives its single result (or a fault), a methodCall
 * gives {methodName, params}. `rootName` is the document element's name.
 */
export function decodeXmlRpc(rootName: string | undefined, tree: unknown): { value: unknown } | { fault: XmlRpcFault } {
  const root = (tree && typeof tree === 'object' ? tree : {}) as Record<string, unknown>
  if (rootName === 'methodResponse') {
    if (root.fault !== undefined) {
      const f = decodeValue((root.fault as Record<string, unknown>)?.value) as Record<string, unknown>
      return { fault: { faultCode: String(f?.faultCode ?? ''), faultString: String(f?.faultString ?? '') } }
    }
    const params = asList((root.params as Record<string, unknown> | undefined)?.param)
    const first = params[0] as Record<string, unknown> | undefined
    if (!first) throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'XML-RPC methodResponse has no <param>')
    return { value: decodeValue(first.value) }
  }
  if (rootName === 'methodCall') {
    const params = asList((root.params as Record<string, unknown> | undefined)?.param).map((p) =>
      decodeValue((p as Record<string, unknown>).value),
    )
    return { value: { methodName: textOf(root.methodName), params } }
  }
  throw new CrossdockError(
    'WEBHOOK_PAYLOAD_INVALID',
    `expected an XML-RPC methodResponse or methodCall, got <${rootName ?? '?'}>`,
  )
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
}

/** A number kept as exact decimal text: JSON writes it raw, XML-RPC as <int>/<double>, XML as text. */
export class NumericText {
  constructor(readonly text: string) {}
}

/** Encode a plain value as an XML-RPC <value>. Strings stay strings; NumericText and numbers become int/double. */
export function encodeValue(v: unknown): string {
  if (v === null || v === undefined) return '<value><boolean>0</boolean></value>' // Odoo reads False as "no value"
  if (v instanceof NumericText)
    return /^-?\d+$/.test(v.text) ? `<value><int>${v.text}</int></value>` : `<value><double>${v.text}</double></value>`
  if (typeof v === 'number')
    return Number.isInteger(v) ? `<value><int>${v}</int></value>` : `<value><double>${v}</double></value>`
  if (typeof v === 'boolean') return `<value><boolean>${v ? 1 : 0}</boolean></value>`
  if (typeof v === 'string') return `<value><string>${escapeXml(v)}</string></value>`
  if (Array.isArray(v)) return `<value><array><data>${v.map(encodeValue).join('')}</data></array></value>`
  if (typeof v === 'object') {
    const members = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `<member><name>${escapeXml(k)}</name>${encodeValue(x)}</member>`)
    return `<value><struct>${members.join('')}</struct></value>`
  }
  return `<value><string>${escapeXml(String(v))}</string></value>`
}

export function encodeMethodCall(methodName: string, params: unknown[]): string {
  return `<?xml version="1.0"?>\n<methodCall><methodName>${escapeXml(methodName)}</methodName><params>${params.map((p) => `<param>${encodeValue(p)}</param>`).join('')}</params></methodCall>`
}

export function encodeMethodResponse(value: unknown): string {
  return `<?xml version="1.0"?>\n<methodResponse><params><param>${encodeValue(value)}</param></params></methodResponse>`
}

export function encodeFault(faultCode: number, faultString: string): string {
  return `<?xml version="1.0"?>\n<methodResponse><fault>${encodeValue({ faultCode: new NumericText(String(faultCode)), faultString })}</fault></methodResponse>`
}
