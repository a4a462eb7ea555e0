// Source paths for the declarative ERP mapping: one small language that reads JSON documents and
// XML documents (after body parsing turned them into the same tree), so one rule can serve both.
//
//   JSON style   $.value[*].ItemCode     $['odata.metadata']    product_id[1]
//   XML style    /Items/value/ItemCode   Location/@code         QTY[@code='17']/@qty   text()
//   either       ^.DocEntry (parent)     member[name='default_code']/value    lines[-1]
//
// Evaluation works on node sets, like XPath: a step into a property that holds an array yields each
// element, so `value.ItemCode` reads the same whether the ERP sent one <value> element or many, and
// whether the document was JSON (arrays) or XML (repeated elements). `[n]` picks the n-th node of
// the set so far (0-based; negative counts from the end); `[*]` flattens arrays and is otherwise a
// no-op, so JSONPath habits work. A leading `/Name` on an XML document checks the root element's
// name; on a JSON document it is an ordinary first step (JSON-pointer-like).
import { CrossdockError } from '../../errors.ts'

export type Step =
  | { t: 'child'; name: string }
  | { t: 'all' }
  | { t: 'flatten' }
  | { t: 'index'; i: number }
  | { t: 'parent' }
  | { t: 'text' }
  | { t: 'filter'; name: string; value: string; negate: boolean }

export interface CompiledPath {
  source: string
  /** 'root': from the document root; 'named-root': XML `/Root/...`, first step names the root element */
  anchor: 'relative' | 'root' | 'named-root'
  rootName?: string
  steps: Step[]
}

/** A node in a node set, with its parent so `^` can climb back (to read a header from a line). */
export interface Item {
  v: unknown
  p: Item | null
}

export interface PathContext {
  root: Item
  /** the XML document element's name; undefined for JSON */
  rootName?: string | undefined
  current: Item
}

const cache = new Map<string, CompiledPath>()

function fail(source: string, why: string): never {
  throw new CrossdockError('MAPPING_INVALID', `path "${source}": ${why}`, { details: { path: source } })
}

function parseBracket(source: string, inner: string): Step {
  const s = inner.trim()
  if (s === '*') return { t: 'flatten' }
  if (/^-?\d+$/.test(s)) return { t: 'index', i: Number(s) }
  let m = /^(['"])(.*)\1$/.exec(s)
  if (m) return { t: 'child', name: m[2]! }
  // JSONPath filter form ?(@.name=='v') and the XPath-like form name='v'
  m =
    /^\?\(\s*@\.?([@#\w:.-]+)\s*(==|!=|=)\s*(['"])(.*)\3\s*\)$/.exec(s) ??
    /^([@#\w:.-]+)\s*(!=|==|=)\s*(['"])(.*)\3$/.exec(s)
  if (m) return { t: 'filter', name: m[1]!, value: m[4]!, negate: m[2] === '!=' }
  return fail(source, `cannot read [${inner}]`)
}

/** Compile a path once (cached); throws MAPPING_INVALID naming the path when it cannot be read. */
export function compilePath(source: string): CompiledPath {
  const hit = cache.get(source)
  if (hit) return hit
  let s = source.trim()
  if (s === '') fail(source, 'empty path')
  let anchor: CompiledPath['anchor'] = 'relative'
  let rootName: string | undefined
  if (s.startsWith('$')) {
    anchor = 'root'
    s = s.slice(1)
  } else if (s.startsWith('/')) {
    anchor = 'named-root'
    s = s.slice(1)
    const m = /^([^/.[\]]+)/.exec(s)
    if (!m) fail(source, 'a path starting with / names the root element')
    rootName = m[1]!
    s = s.slice(rootName.length)
  }
  const steps: Step[] = []
  let i = 0
  while (i < s.length) {
    const c = s[i]!
    if (c === '.' || c === '/') {
      if (s[i + 1] === '.' && c === '.') fail(source, 'recursive descent (..) is not supported; use ^ for the parent')
      i++
      continue
    }
    if (c === '[') {
      let depth = 0
      let j = i
      let quote: string | null = null
      for (; j < s.length; j++) {
        const d = s[j]!
        if (quote) {
          if (d === quote) quote = null
        } else if (d === "'" || d === '"') quote = d
        else if (d === '[') depth++
        else if (d === ']' && --depth === 0) break
      }
      if (j >= s.length) fail(source, 'unclosed [')
      steps.push(parseBracket(source, s.slice(i + 1, j)))
      i = j + 1
      continue
    }
    let j = i
    while (j < s.length && !'./['.includes(s[j]!)) j++
    const name = s.slice(i, j)
    i = j
    if (name === '^' || name === '..') steps.push({ t: 'parent' })
    else if (name === '*') steps.push({ t: 'all' })
    else if (name === 'text()') steps.push({ t: 'text' })
    else if (/\s/.test(name)) fail(source, `"${name}" has a space; quote it: ['${name}']`)
    else steps.push({ t: 'child', name })
  }
  const compiled: CompiledPath = { source, anchor, steps, ...(rootName ? { rootName } : {}) }
  cache.set(source, compiled)
  return compiled
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function pushExpanded(out: Item[], value: unknown, parent: Item): void {
  if (value === undefined) return
  if (Array.isArray(value)) {
    for (const el of value) if (el !== undefined) out.push({ v: el, p: parent })
  } else {
    out.push({ v: value, p: parent })
  }
}

/** The scalar an XML element or JSON value stands for: an element with attributes keeps its text in #text. */
export function scalarOf(v: unknown): unknown {
  if (isPlainObject(v) && Object.hasOwn(v, '#text')) return v['#text']
  return v
}

function childOf(item: Item, name: string, out: Item[]): void {
  const v = item.v
  if (Array.isArray(v)) {
    for (const el of v) childOf({ v: el, p: item }, name, out)
    return
  }
  if (isPlainObject(v) && Object.hasOwn(v, name)) pushExpanded(out, v[name], item)
}

function applyStep(step: Step, set: Item[]): Item[] {
  const out: Item[] = []
  switch (step.t) {
    case 'child':
      for (const it of set) childOf(it, step.name, out)
      return out
    case 'all':
      for (const it of set) {
        if (isPlainObject(it.v)) for (const k of Object.keys(it.v)) pushExpanded(out, it.v[k], it)
        else if (Array.isArray(it.v)) pushExpanded(out, it.v, it)
      }
      return out
    case 'flatten':
      for (const it of set) {
        if (Array.isArray(it.v)) pushExpanded(out, it.v, it.p ?? it)
        else out.push(it)
      }
      return out
    case 'index': {
      const idx = step.i < 0 ? set.length + step.i : step.i
      const picked = set[idx]
      return picked ? [picked] : []
    }
    case 'parent': {
      const seen = new Set<Item>()
      for (const it of set) {
        if (it.p && !seen.has(it.p)) {
          seen.add(it.p)
          out.push(it.p)
        }
      }
      return out
    }
    case 'text':
      for (const it of set) {
        const s = scalarOf(it.v)
        if (!isPlainObject(s) && !Array.isArray(s)) out.push({ v: s, p: it.p })
      }
      return out
    case 'filter':
      for (const it of set) {
        const found: Item[] = []
        childOf(it, step.name, found)
        const match = found.some((f) => {
          const s = scalarOf(f.v)
          return s !== null && s !== undefined && String(s) === step.value
        })
        if (match !== step.negate) out.push(it)
      }
      return out
  }
}

/** Evaluate a path to its node set (possibly empty). */
export function selectItems(path: string | CompiledPath, ctx: PathContext): Item[] {
  const p = typeof path === 'string' ? compilePath(path) : path
  let set: Item[]
  if (p.anchor === 'relative') set = [ctx.current]
  else set = [ctx.root]
  if (p.anchor === 'named-root' && ctx.rootName !== undefined) {
    if (ctx.rootName !== p.rootName) return []
  } else if (p.anchor === 'named-root') {
    set = applyStep({ t: 'child', name: p.rootName! }, set)
  }
  for (const step of p.steps) {
    set = applyStep(step, set)
    if (set.length === 0) break
  }
  return set
}

/** The values a path selects, arrays of the last step expanded (a path to a JSON array yields its elements). */
export function selectValues(path: string | CompiledPath, ctx: PathContext): unknown[] {
  const items = selectItems(path, ctx)
  const out: unknown[] = []
  for (const it of items) {
    if (Array.isArray(it.v)) out.push(...it.v)
    else out.push(it.v)
  }
  return out
}

/** A root item for a document tree. */
export function rootItem(tree: unknown): Item {
  return { v: tree, p: null }
}
