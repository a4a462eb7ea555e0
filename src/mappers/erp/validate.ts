// Checking a mapping when a seller saves it: the schema first, then what a schema cannot say —
// every path compiles, every regex compiles, every lookup table named exists, every field name is
// one the document type knows, every canonical required field has a rule, time zones are real.
// One error per problem, each naming where in the mapping it is.
import { Type, type TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { CrossdockError } from '../../errors.ts'
import { isValidTimeZone } from '../../model/time.ts'
import type { FieldError } from '../../model/validate.ts'
import { isEachNode, isFromNode } from './outbound.ts'
import { compilePath } from './path.ts'
import { KNOWN_FIELDS } from './records.ts'
import { DOCUMENT_TYPES, ErpMappingSchema, TransformSchema, type ErpMapping, type Transform } from './schema.ts'

const TransformList = Type.Array(TransformSchema)
const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>()

/** Schema errors only, by JSON pointer (time zones and the rest are checked below, with better words). */
export function schemaErrors(schema: TSchema, value: unknown): FieldError[] {
  let v = compiled.get(schema)
  if (!v) {
    v = Compile(schema)
    compiled.set(schema, v)
  }
  if (v.Check(value)) return []
  return [...v.Errors(value)].flatMap((e) => {
    // a missing property is the property's problem, not its parent's
    const missing =
      e.keyword === 'required' ? (e.params as { requiredProperties?: string[] }).requiredProperties : undefined
    return missing?.length
      ? missing.map((p) => ({ field: `${e.instancePath}/${p}`, message: 'is required' }))
      : [{ field: e.instancePath, message: e.message }]
  })
}

function checkPath(path: string, where: string, out: FieldError[]): void {
  try {
    compilePath(path)
  } catch (err) {
    out.push({ field: where, message: err instanceof Error ? err.message : String(err) })
  }
}

function checkRegex(pattern: string, where: string, out: FieldError[]): void {
  try {
    new RegExp(pattern)
  } catch (err) {
    out.push({ field: where, message: `not a valid regular expression: ${(err as Error).message}` })
  }
}

function checkTransforms(ts: Transform[], where: string, m: ErpMapping, out: FieldError[]): void {
  ts.forEach((t, i) => {
    const at = `${where}/transforms/${i}`
    if (t.op === 'lookup' && !m.lookups?.[t.table])
      out.push({ field: `${at}/table`, message: `no lookup table "${t.table}"` })
    if (t.op === 'unit') {
      if (!t.from && !t.fromPath) out.push({ field: at, message: 'a unit transform needs from or fromPath' })
      if (t.fromPath) checkPath(t.fromPath, `${at}/fromPath`, out)
      if (t.fromLookup && !m.lookups?.[t.fromLookup])
        out.push({ field: `${at}/fromLookup`, message: `no lookup table "${t.fromLookup}"` })
    }
    if ((t.op === 'date' || t.op === 'format_date') && t.timeZone && !isValidTimeZone(t.timeZone)) {
      out.push({ field: `${at}/timeZone`, message: `unknown IANA time zone ${t.timeZone}` })
    }
    if (t.op === 'match' || t.op === 'replace') checkRegex(t.pattern, `${at}/pattern`, out)
    if (t.op === 'negate_if') {
      checkPath(t.path, `${at}/path`, out)
      if (t.pattern) checkRegex(t.pattern, `${at}/pattern`, out)
      if (!t.pattern && !t.equals) out.push({ field: at, message: 'negate_if needs equals or pattern' })
    }
  })
}

function checkTemplate(node: unknown, where: string, m: ErpMapping, out: FieldError[], depth = 0): void {
  if (depth > 32) {
    out.push({ field: where, message: 'template nested too deeply' })
    return
  }
  if (node === null || typeof node !== 'object') return
  if (Array.isArray(node)) {
    node.forEach((n, i) => checkTemplate(n, `${where}/${i}`, m, out, depth + 1))
    return
  }
  if (isFromNode(node)) {
    for (const p of Array.isArray(node.$from) ? node.$from : [node.$from]) checkPath(p, `${where}/$from`, out)
    if (node.transforms !== undefined) {
      const errors = schemaErrors(TransformList, node.transforms)
      if (errors.length > 0)
        errors.forEach((e) => out.push({ field: `${where}/transforms${e.field}`, message: e.message }))
      else checkTransforms(node.transforms, where, m, out)
    }
    return
  }
  if (isEachNode(node)) {
    checkPath(node.$each, `${where}/$each`, out)
    if (!('item' in node)) out.push({ field: where, message: '$each needs an item template' })
    checkTemplate(node.item, `${where}/item`, m, out, depth + 1)
    return
  }
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('$'))
      out.push({ field: `${where}/${k}`, message: `unknown template directive ${k}; use $from or $each` })
    checkTemplate(v, `${where}/${k}`, m, out, depth + 1)
  }
}

/** Every problem with a mapping (empty when it is good to save). */
export function mappingProblems(input: unknown): FieldError[] {
  const errors = schemaErrors(ErpMappingSchema, input)
  if (errors.length > 0) return errors
  const m = input as ErpMapping
  const out: FieldError[] = []
  if (!isValidTimeZone(m.timeZone)) out.push({ field: '/timeZone', message: `unknown IANA time zone ${m.timeZone}` })
  const configured = DOCUMENT_TYPES.filter((t) => m.documents[t])
  if (configured.length === 0) out.push({ field: '/documents', message: 'map at least one document type' })
  for (const type of configured) {
    const dm = m.documents[type]!
    const base = `/documents/${type}`
    checkPath(dm.records, `${base}/records`, out)
    if (dm.match) {
      checkPath(dm.match.path, `${base}/match/path`, out)
      if (dm.match.pattern) checkRegex(dm.match.pattern, `${base}/match/pattern`, out)
    }
    if (dm.duplicates === 'sum' && type !== 'stock_snapshot')
      out.push({ field: `${base}/duplicates`, message: 'only stock snapshots can sum duplicate records' })
    const known = KNOWN_FIELDS[type]
    for (const [name, rule] of Object.entries(dm.fields)) {
      const at = `${base}/fields/${name}`
      const isKnown =
        known.required.includes(name) ||
        known.optional.includes(name) ||
        (known.patterns ?? []).some((p) => p.test(name))
      if (!isKnown)
        out.push({
          field: at,
          message: `${type} has no canonical field "${name}"; known: ${[...known.required, ...known.optional].join(', ')}`,
        })
      if (rule.from === undefined && rule.value === undefined && rule.default === undefined)
        out.push({ field: at, message: 'a rule needs from, value or default' })
      for (const p of rule.from === undefined ? [] : Array.isArray(rule.from) ? rule.from : [rule.from])
        checkPath(p, `${at}/from`, out)
      checkTransforms(rule.transforms ?? [], at, m, out)
    }
    for (const req of known.required) {
      const present =
        req in dm.fields || (req === 'title' && Object.keys(dm.fields).some((f) => f.startsWith('title.')))
      if (!present) out.push({ field: `${base}/fields/${req}`, message: `${type} needs a rule for ${req}` })
    }
  }
  for (const stream of ['orders', 'shipments'] as const) {
    const doc = m.outbound?.[stream]
    if (!doc) continue
    if (m.xmlStyle === 'xmlrpc' && !doc.xmlrpc)
      out.push({ field: `/outbound/${stream}/xmlrpc`, message: 'XML-RPC mappings name the model and method' })
    if (doc.response?.externalId) checkPath(doc.response.externalId, `/outbound/${stream}/response/externalId`, out)
    if (doc.response?.number) checkPath(doc.response.number, `/outbound/${stream}/response/number`, out)
    checkTemplate(doc.body, `/outbound/${stream}/body`, m, out)
  }
  return out
}

/** Validate a mapping on save; throws MAPPING_INVALID listing every problem by its place in the mapping. */
export function validateErpMapping(input: unknown): ErpMapping {
  const problems = mappingProblems(input)
  if (problems.length > 0) {
    const summary = problems
      .slice(0, 5)
      .map((p) => `${p.field || '/'}: ${p.message}`)
      .join('; ')
    throw new CrossdockError(
      'MAPPING_INVALID',
      `the mapping is not valid: ${summary}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`,
      {
        details: { errors: problems },
      },
    )
  }
  return input as ErpMapping
}
