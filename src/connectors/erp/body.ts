// Safe reading of ERP bodies, JSON or XML by Content-Type, before anything is stored.
//
// XML goes through xml2js (on sax) with no DTD at all: a DOCTYPE or ENTITY declaration is refused
// outright, so neither a billion-laughs expansion nor an external entity (XXE) can happen — sax
// never expands entities beyond the five XML ones and character references, and we do not let it
// see a DTD. Size, nesting depth and element count are capped; JSON gets the same size and depth
// caps. JSON numbers are kept as their source text ("9.50"), so prices never pass through a float
// and a JSON document reads exactly like the same XML document (where everything is text).
//
// Tree shape for XML: elements become properties (repeated elements an array), attributes become
// "@name" properties, text is a string (or "#text" beside attributes), namespace prefixes are
// dropped. The document element's name is returned beside the tree as `rootName`.
import xml2js from 'xml2js'
import { CrossdockError } from '../../errors.ts'
import type { ParsedDocument } from '../../mappers/erp/index.ts'

export interface BodyLimits {
  /** bytes of body accepted (the hub's raw-body limit for this route should be the same) */
  maxBytes: number
  /** nesting of objects/arrays (JSON) or elements (XML) */
  maxDepth: number
  /** XML elements in one document */
  maxElements: number
}

/**
 * 16 MiB holds a 10,000-SKU stock snapshot in either format with room to spare (an Odoo XML-RPC
 * search_read answer, the most verbose, is about 1 KiB per record); 2,000,000 elements is ~100 per
 * record for 20,000 records. Bigger exports should be split into several documents.
 */
export const ERP_BODY_LIMITS: Readonly<BodyLimits> = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 2_000_000,
})
export const ERP_MAX_BODY_BYTES = ERP_BODY_LIMITS.maxBytes

export const ERP_CONTENT_TYPES = ['application/json', 'application/xml', 'text/xml'] as const

export type BodyFormat = 'json' | 'xml'

function mediaType(contentType: string): { type: string; charset?: string | undefined } {
  const [type = '', ...params] = contentType.split(';').map((p) => p.trim())
  const charset = params.map((p) => /^charset\s*=\s*"?([^";]+)"?$/i.exec(p)?.[1]).find(Boolean)
  return { type: type.toLowerCase(), charset: charset?.toLowerCase() }
}

/** JSON or XML from a Content-Type; anything else is 415. */
export function bodyFormat(contentType: string | undefined): BodyFormat {
  const { type, charset } = mediaType(contentType ?? '')
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw new CrossdockError('UNSUPPORTED_MEDIA_TYPE', `charset ${charset} is not accepted; send UTF-8`, {
      details: { contentType },
    })
  }
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'json'
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml'
  throw new CrossdockError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Content-Type "${contentType ?? ''}" is not accepted; send application/json or application/xml`,
    {
      details: { contentType, accepted: ERP_CONTENT_TYPES },
    },
  )
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function decode(raw: Buffer | string): string {
  if (typeof raw === 'string') return raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw
  try {
    return utf8.decode(raw)
  } catch {
    throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'the body is not valid UTF-8')
  }
}

/** Nesting depth of a JSON text without parsing it (strings skipped), refusing early. */
function checkJsonDepth(text: string, maxDepth: number): void {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \ */) i++
      else if (c === 34 /* " */) inString = false
      continue
    }
    if (c === 34) inString = true
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > maxDepth)
        throw new CrossdockError('BAD_REQUEST', `the JSON document is nested deeper than ${maxDepth} levels`, {
          details: { maxDepth },
        })
    } else if (c === 125 || c === 93) depth--
  }
}

function parseJson(text: string, limits: BodyLimits): unknown {
  checkJsonDepth(text, limits.maxDepth)
  try {
    // keep each number's source text: exact decimals, and the same values XML would give
    return JSON.parse(text, (_key, value, context?: { source?: string }) =>
      typeof value === 'number' && context?.source !== undefined ? context.source : value,
    )
  } catch (err) {
    throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', `the body is not valid JSON: ${(err as Error).message}`)
  }
}

const stripPrefix = (name: string): string => name.replace(/^[^:]+:/, '')

type SaxParser = Record<string, any> & { write(text: string): SaxParser; close(): SaxParser }

function newParser(): xml2js.Parser {
  return new xml2js.Parser({
    strict: true,
    async: false,
    explicitArray: false,
    explicitRoot: true,
    mergeAttrs: true,
    charkey: '#text',
    trim: false,
    normalize: false,
    emptyTag: '',
    tagNameProcessors: [stripPrefix],
    attrNameProcessors: [(name: string) => '@' + (name.startsWith('xmlns') ? name : stripPrefix(name))],
  })
}

/** The refusals, installed on xml2js's own sax parser (wrapping its handlers, or alone for a check). */
function guard(sax: SaxParser, limits: BodyLimits): void {
  let depth = 0
  let elements = 0
  const refuseDtd = () => {
    throw new CrossdockError(
      'BAD_REQUEST',
      'XML with a DOCTYPE or ENTITY declaration is refused: crossdock reads no DTDs and expands no entities',
      {
        details: { reason: 'dtd' },
      },
    )
  }
  sax.ondoctype = refuseDtd
  sax.onsgmldeclaration = refuseDtd
  const open = sax.onopentag as ((node: unknown) => void) | undefined
  const close = sax.onclosetag as ((name: unknown) => void) | undefined
  let rootClosed = false
  sax.onopentag = (node: unknown) => {
    if (rootClosed)
      throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'the body is not well-formed XML: more than one root element')
    if (++depth > limits.maxDepth)
      throw new CrossdockError('BAD_REQUEST', `the XML document is nested deeper than ${limits.maxDepth} levels`, {
        details: { maxDepth: limits.maxDepth },
      })
    if (++elements > limits.maxElements)
      throw new CrossdockError('PAYLOAD_TOO_LARGE', `the XML document has more than ${limits.maxElements} elements`, {
        details: { maxElements: limits.maxElements },
      })
    open?.(node)
  }
  sax.onclosetag = (name: unknown) => {
    if (--depth === 0) rootClosed = true
    close?.(name)
  }
}

function malformed(err: unknown): CrossdockError {
  if (err instanceof CrossdockError) return err
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err)
  return new CrossdockError('WEBHOOK_PAYLOAD_INVALID', `the body is not well-formed XML: ${message}`)
}

/** Well-formedness and the refusals only, without building a tree (the intake's pass: ~5× faster). */
function checkXml(text: string, limits: BodyLimits): void {
  const sax = (newParser() as unknown as { saxParser: SaxParser }).saxParser
  for (const h of ['onopentag', 'onclosetag', 'ontext', 'oncdata', 'onend']) sax[h] = undefined
  let sawRoot = false
  const open = () => {
    sawRoot = true
  }
  sax.onopentag = open
  guard(sax, limits)
  sax.onerror = (err: unknown) => {
    throw malformed(err)
  }
  try {
    sax.write(text).close()
  } catch (err) {
    throw malformed(err)
  }
  if (!sawRoot) throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'the XML body has no root element')
}

function parseXml(text: string, limits: BodyLimits): { tree: unknown; rootName: string } {
  const parser = newParser()
  guard((parser as unknown as { saxParser: SaxParser }).saxParser, limits)
  let result: unknown
  let failure: unknown
  try {
    parser.parseString(text, (err: unknown, value: unknown) => {
      failure = err
      result = value
    })
  } catch (err) {
    // xml2js rethrows what a handler throws once the root has closed (a second root element)
    throw malformed(err)
  }
  if (failure) throw malformed(failure)
  if (!result || typeof result !== 'object')
    throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'the XML body is empty')
  const [rootName] = Object.keys(result)
  return { tree: (result as Record<string, unknown>)[rootName!], rootName: rootName! }
}

function prepare(
  raw: Buffer | string,
  contentType: string | undefined,
  limits: BodyLimits,
): { format: BodyFormat; text: string } {
  const bytes = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length
  if (bytes > limits.maxBytes) {
    throw new CrossdockError('PAYLOAD_TOO_LARGE', `the body is ${bytes} bytes; at most ${limits.maxBytes}`, {
      details: { bytes, maxBytes: limits.maxBytes },
    })
  }
  const format = bodyFormat(contentType)
  const text = decode(raw)
  if (text.trim() === '') throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'the body is empty')
  return { format, text }
}

/**
 * Check an ERP body without keeping a tree: the same refusals as readErpBody (size, type,
 * UTF-8, DTD/entities, depth, element count, well-formedness). The intake runs this before
 * storing; the job builds the tree later with readErpBody.
 */
export function checkErpBody(
  raw: Buffer | string,
  contentType: string | undefined,
  limits: BodyLimits = ERP_BODY_LIMITS,
): { format: BodyFormat } {
  const { format, text } = prepare(raw, contentType, limits)
  if (format === 'json') {
    checkJsonDepth(text, limits.maxDepth)
    try {
      JSON.parse(text)
    } catch (err) {
      throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', `the body is not valid JSON: ${(err as Error).message}`)
    }
  } else checkXml(text, limits)
  return { format }
}

/**
 * Read an ERP body safely. Throws PAYLOAD_TOO_LARGE (size, element count), BAD_REQUEST (DTD or
 * entity declarations, nesting), UNSUPPORTED_MEDIA_TYPE (not JSON/XML, not UTF-8) or
 * WEBHOOK_PAYLOAD_INVALID (malformed) — all before anything is stored.
 */
export function readErpBody(
  raw: Buffer | string,
  contentType: string | undefined,
  limits: BodyLimits = ERP_BODY_LIMITS,
): ParsedDocument {
  const { format, text } = prepare(raw, contentType, limits)
  if (format === 'json') return { format, tree: parseJson(text, limits) }
  const { tree, rootName } = parseXml(text, limits)
  return { format, tree, rootName }
}
