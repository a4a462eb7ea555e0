// Reading the recorded live Shopify responses (../shared/specs/shopify/captures) and comparing
// the sandbox's answers with them by shape: same keys, same JSON types, same id/time/decimal forms.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { ROOT_DIR } from '../../src/config.ts'

/** shared/specs beside the repo, or beside a folder above it (a git worktree lives deeper than the repo). */
function besideRepo(rel: string): string {
  for (let dir = ROOT_DIR; ; dir = dirname(dir)) {
    const candidate = resolve(dir, '..', rel)
    if (existsSync(candidate) || dirname(dir) === dir)
      return existsSync(candidate) ? candidate : resolve(ROOT_DIR, '..', rel)
  }
}

// the recordings are facts kept beside the repo (../shared/specs), not shipped with it
export const CAPTURES =
  process.env.CROSSDOCK_SHOPIFY_CAPTURES_DIR ?? besideRepo('shared/specs/shopify/captures/2026-04')

/** The recordings are not shipped with the repo: without them the parity tests are skipped, not failed. */
export const HAVE_CAPTURES = existsSync(CAPTURES)
if (!HAVE_CAPTURES)
  console.warn(
    `Shopify capture parity tests skipped: no recordings at ${CAPTURES} (set CROSSDOCK_SHOPIFY_CAPTURES_DIR)`,
  )

// what describe blocks read while being collected, when there is nothing to read
const EMPTY: any = new Proxy({}, { get: (_t, p) => (typeof p === 'symbol' ? undefined : EMPTY) })

export function capture(rel: string): any {
  if (!HAVE_CAPTURES) return EMPTY
  return JSON.parse(readFileSync(join(CAPTURES, rel), 'utf8'))
}

export interface Recorded {
  file: string
  query: string
  variables: Record<string, unknown>
  body: any
}

/** Every recorded (query, variables, response body) triple, de-duplicated. */
export function recordedCalls(): Recorded[] {
  if (!HAVE_CAPTURES) return []
  const out: Recorded[] = []
  const seen = new Set<string>()
  const walk = (o: any, file: string) => {
    if (!o || typeof o !== 'object') return
    if (typeof o.query === 'string' && o.response && typeof o.response === 'object') {
      const body = o.response.payload ?? o.response.body ?? o.response
      const variables = o.variables ?? o.request?.variables ?? {}
      const key = o.query + JSON.stringify(variables)
      if (body && typeof body === 'object' && !seen.has(key)) {
        seen.add(key)
        out.push({ file, query: o.query, variables, body })
      }
    }
    for (const v of Object.values(o)) walk(v, file)
  }
  for (const dir of readdirSync(CAPTURES)) {
    for (const f of readdirSync(join(CAPTURES, dir)))
      walk(JSON.parse(readFileSync(join(CAPTURES, dir, f), 'utf8')), `${dir}/${f}`)
  }
  return out
}

function kind(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'string') {
    if (/^gid:\/\/shopify\/\w+\/\d+/.test(v)) return `gid:${/^gid:\/\/shopify\/(\w+)\//.exec(v)![1]}`
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v)) return 'datetime'
    return 'string'
  }
  return typeof v
}

/**
 * Differences between two JSON values by shape. Arrays compare their first elements (an empty
 * array matches any array); `loose` lists dotted paths whose value may differ in kind (e.g. null
 * in one answer and an object in the other).
 */
export function shapeDiff(actual: unknown, expected: unknown, loose: string[] = [], path = ''): string[] {
  if (loose.includes(path)) return []
  const ka = kind(actual)
  const ke = kind(expected)
  if (ka !== ke) return [`${path || '/'}: ${ka} ≠ recorded ${ke}`]
  if (ka === 'array') {
    const a = actual as unknown[]
    const e = expected as unknown[]
    return a.length && e.length ? shapeDiff(a[0], e[0], loose, `${path}[]`) : []
  }
  if (ka !== 'object') return []
  const a = actual as Record<string, unknown>
  const e = expected as Record<string, unknown>
  const out: string[] = []
  for (const k of Object.keys(e)) if (!(k in a)) out.push(`${path}.${k}: missing`)
  for (const k of Object.keys(a)) if (!(k in e)) out.push(`${path}.${k}: not in the recording`)
  for (const k of Object.keys(e)) if (k in a) out.push(...shapeDiff(a[k], e[k], loose, `${path}.${k}`))
  return out
}
