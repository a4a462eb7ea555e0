// No code outside a kind's own folders names that kind: the engine, the server, the UI, the
// repositories and privacy learn what a connector does from its description and hooks. Allowed to
// name kinds: src/connectors/<kind>, src/mappers/<kind>, src/sandbox/<kind>, src/demo, and the two
// composition roots that list every kind once (src/connectors/builtin.ts, the registry line;
// src/sandbox/stack.ts, which starts every sandbox for tests and the demo).
//
// "erp" and "warehouse" are also role names (what a connection is to the seller) and "warehouse" a
// location type: a line that speaks of a role or a type may use them. Comments are not code.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT_DIR } from '../../src/config.ts'

const KINDS = ['shopify', 'amazon', 'erp', 'warehouse', 'shipbob', '4px', 'fourpx']
const ALSO_VOCABULARY = new Set(['erp', 'warehouse'])
const KIND_FOLDER = /^src\/(connectors|mappers|sandbox)\/(shopify|amazon|erp|warehouse)\//
const ALLOWED_FILES = new Set(['src/connectors/builtin.ts', 'src/sandbox/stack.ts'])

/** Blank out comments, keeping strings (a URL's // is not a comment) and line numbers. */
export function stripComments(src: string): string {
  let out = ''
  let quote: string | null = null
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!
    if (quote) {
      out += c
      if (c === '\\') out += src[++i] ?? ''
      else if (c === quote) quote = null
      continue
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++
      out += '\n'
      continue
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2)
      const skipped = src.slice(i, end < 0 ? src.length : end + 2)
      out += skipped.replace(/[^\n]/g, ' ')
      i = end < 0 ? src.length : end + 1
      continue
    }
    if (c === "'" || c === '"' || c === '`') quote = c
    out += c
  }
  return out
}

/** The same with every string's and regular expression's content blanked (templates span lines). */
function codeOnly(src: string): string {
  let out = ''
  let quote: string | null = null
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!
    if (quote) {
      if (c === '\\') {
        i++
        out += '  '
      } else if (c === quote) {
        quote = null
        out += c
      } else out += c === '\n' ? '\n' : ' '
      continue
    }
    // a slash where a value may start opens a regular expression (after ( , = : [ ! & | ? { } ; or return)
    const regexStart = c === '/' && /(^|[(,=:[!&|?{};]|\breturn)\s*$/.test(out.slice(-20))
    if (c === "'" || c === '"' || c === '`' || regexStart) quote = c
    out += c
  }
  return out
}

/** What a file's code says that names a kind, as "line: reason". */
export function kindNamesIn(source: string): string[] {
  const found: string[] = []
  const stripped = stripComments(source)
  const code = codeOnly(stripped).split('\n')
  stripped.split('\n').forEach((line, i) => {
    const at = `${i + 1}: ${line.trim().slice(0, 120)}`
    for (const kind of KINDS) {
      if (!new RegExp(`(['"\`])${kind}\\1`).test(line)) continue
      const vocabulary = /\brole|Role\b|\btype\b|Type\.|\.type\b/.test(line) && !/\.kind\b|\bkind\s*[!=]==/.test(line)
      if (ALSO_VOCABULARY.has(kind) && vocabulary) continue
      found.push(`${at} (the string '${kind}')`)
    }
    if (/from\s+['"][^'"]*\/(connectors|mappers|sandbox)\/(shopify|amazon|erp|warehouse)\//.test(line))
      found.push(`${at} (imports a kind's folder)`)
    if (/(shopify|amazon|shipbob|fourpx)/i.test(code[i] ?? '')) found.push(`${at} (an identifier named after a kind)`)
  })
  return found
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT_DIR, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`
    if (e.isDirectory()) return sourceFiles(rel)
    return /\.(ts|js)$/.test(e.name) ? [rel] : []
  })
}

describe('no kind named outside its connector folder', () => {
  it('finds what it should, and not role names, location types or comments', () => {
    expect(kindNamesIn(`if (conn.kind === 'erp') return`)).toHaveLength(1)
    expect(kindNamesIn(`const c = registry.get("shopify")`)).toHaveLength(1)
    expect(kindNamesIn(`import { verify } from '../connectors/erp/auth.ts'`)).toHaveLength(1)
    expect(kindNamesIn(`const client = shopifyClient(ctx)`)).toHaveLength(1)
    expect(kindNamesIn(`findConnectionForWebhook(db, 'warehouse', id)`)).toHaveLength(1)
    expect(kindNamesIn(`if (roleOf(connectors, c) === 'erp') push(c)`)).toEqual([])
    expect(kindNamesIn(`q.where({ type: 'warehouse' })`)).toEqual([])
    expect(kindNamesIn(`// Shopify and Amazon: see connectors/shopify\nconst a = 1 /* 'erp' */`)).toEqual([])
    expect(kindNamesIn(`fetch('https://example.com/a//b') // amazon`)).toEqual([])
    expect(kindNamesIn("const hint = `Which\n  Shopify location`\nconst h = ['Warehouse']")).toEqual([])
    expect(kindNamesIn('if (/myshopify/.test(pattern)) return x')).toEqual([])
    expect(kindNamesIn('const n = a / shopifyRate / 2')).toHaveLength(1)
  })

  it("holds for every file of src outside the kinds' own folders", () => {
    const offenders: string[] = []
    for (const file of sourceFiles('src')) {
      if (KIND_FOLDER.test(file) || file.startsWith('src/demo/') || ALLOWED_FILES.has(file)) continue
      for (const hit of kindNamesIn(readFileSync(path.join(ROOT_DIR, file), 'utf8'))) offenders.push(`${file}:${hit}`)
    }
    expect(offenders).toEqual([])
  })
})
