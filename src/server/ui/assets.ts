// Static assets of the UI (assets/: one stylesheet and plain ES modules, served as written) and
// two modules generated from the server's own code so the browser never keeps a second copy of
// a rule:
//   /ui/assets/gen/currencies.js  ISO 4217 exponents from src/model/currency.ts (money display)
//   /ui/assets/gen/ats.js         src/sync/inventory/ats.ts with its types stripped (the live ATS
//                                 preview next to the inventory-rule form is the engine's function)
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import * as nodeModule from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { currencyExponent, isKnownCurrency } from '../../model/currency.ts'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ASSET_DIR = path.join(HERE, 'assets')
const ATS_SOURCE = path.resolve(HERE, '../../sync/inventory/ats.ts')

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

interface Asset {
  body: string | Buffer
  type: string
  etag: string
}

function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`
}

function walk(dir: string, base = ''): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = base ? `${base}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...walk(path.join(dir, e.name), rel))
    else if (TYPES[path.extname(e.name)]) out.push(rel)
  }
  return out
}

export function currenciesModule(): string {
  const codes = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : []
  const exponents: Record<string, number> = {}
  for (const c of codes) if (isKnownCurrency(c)) exponents[c] = currencyExponent(c)
  for (const c of ['KWD', 'JPY', 'USD', 'EUR']) if (isKnownCurrency(c)) exponents[c] = currencyExponent(c)
  return `// generated from src/model/currency.ts: ISO 4217 minor-unit exponents\nexport const EXPONENTS = ${JSON.stringify(exponents)}\n`
}

/**
 * The engine's ATS module as browser JavaScript. Node's own type stripping (the same one that
 * runs .ts files) is still flagged experimental as an API; its one-time warning is not news to
 * anyone reading the hub's log, so it is not let through.
 */
export function atsModule(): string {
  const strip = (nodeModule as unknown as { stripTypeScriptTypes?: (code: string) => string }).stripTypeScriptTypes
  if (!strip) throw new Error('this Node has no module.stripTypeScriptTypes (Node 22.13+ needed)')
  const emit = process.emitWarning
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message
    if (/stripTypeScriptTypes/.test(text)) return
    ;(emit as (...a: unknown[]) => void).call(process, warning, ...rest)
  }) as typeof process.emitWarning
  try {
    return `// generated from src/sync/inventory/ats.ts (types stripped)\n${strip(readFileSync(ATS_SOURCE, 'utf8'))}`
  } finally {
    process.emitWarning = emit
  }
}

function send(req: FastifyRequest, reply: FastifyReply, a: Asset): FastifyReply {
  void reply.header('etag', a.etag).header('cache-control', 'no-cache').type(a.type)
  if (req.headers['if-none-match'] === a.etag) return reply.code(304).send()
  return reply.send(a.body)
}

export async function assetRoutes(app: FastifyInstance): Promise<void> {
  const assets = new Map<string, Asset>()
  for (const rel of walk(ASSET_DIR)) {
    const body = readFileSync(path.join(ASSET_DIR, rel))
    assets.set(rel, { body, type: TYPES[path.extname(rel)]!, etag: etagOf(body) })
  }
  const generated: Record<string, () => string> = { 'gen/currencies.js': currenciesModule, 'gen/ats.js': atsModule }
  for (const [rel, make] of Object.entries(generated)) {
    const body = make()
    assets.set(rel, { body, type: TYPES['.js']!, etag: etagOf(body) })
  }
  app.get('/ui/assets/*', { schema: { hide: true } }, async (req, reply) => {
    const rel = (req.params as { '*': string })['*']
    const a = assets.get(rel)
    if (!a) return reply.code(404).type('text/plain').send('no such asset')
    return send(req, reply, a)
  })
}
