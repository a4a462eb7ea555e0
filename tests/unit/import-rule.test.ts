// The import rule (docs/architecture.md), checked on every file of src: model ← mappers ←
// connectors ← sync ← server, with the repositories (db) importable by sync, server, privacy and
// auth, and privacy at the level of sync (sync may use it; it never imports sync). errors.ts is a
// leaf every layer may import. Type-only imports count: a cycle of types is still a cycle.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT_DIR } from '../../src/config.ts'

type Layer =
  | 'model'
  | 'mappers'
  | 'connectors'
  | 'db'
  | 'queue'
  | 'secrets'
  | 'base'
  | 'auth'
  | 'fx'
  | 'privacy'
  | 'services'
  | 'sync'
  | 'server'
  | 'top'
  | 'sandbox'

function layerOf(file: string): Layer | 'errors' {
  if (file === 'src/errors.ts') return 'errors'
  if (['src/config.ts', 'src/log.ts', 'src/require-node.ts'].includes(file)) return 'base'
  if (file === 'src/services.ts') return 'services'
  if (['src/hub.ts', 'src/cli.ts'].includes(file) || file.startsWith('src/demo/')) return 'top'
  const folder = file.split('/')[1]!
  const known: Layer[] = ['model', 'mappers', 'connectors', 'db', 'queue', 'secrets', 'auth', 'fx', 'privacy', 'sync']
  if ((known as string[]).includes(folder)) return folder as Layer
  if (folder === 'server') return 'server'
  if (folder === 'sandbox') return 'sandbox'
  throw new Error(`no layer for ${file}`)
}

const LOW: Layer[] = ['model', 'base']
/** What each layer may import besides itself and errors.ts. */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  model: [],
  base: [],
  secrets: ['base'],
  queue: ['base'],
  mappers: LOW,
  connectors: [...LOW, 'mappers'],
  db: [...LOW, 'secrets'],
  auth: [...LOW, 'db'],
  fx: [...LOW, 'db'],
  services: [...LOW, 'db', 'queue', 'secrets', 'connectors'],
  privacy: [...LOW, 'db', 'queue', 'secrets', 'connectors', 'services'],
  sync: [...LOW, 'mappers', 'connectors', 'db', 'queue', 'secrets', 'services', 'privacy', 'auth', 'fx'],
  server: [...LOW, 'connectors', 'db', 'queue', 'secrets', 'services', 'privacy', 'auth', 'fx', 'sync'],
  top: [
    ...LOW,
    'mappers',
    'connectors',
    'db',
    'queue',
    'secrets',
    'services',
    'privacy',
    'auth',
    'fx',
    'sync',
    'server',
    'sandbox',
  ],
  sandbox: [...LOW, 'sandbox'],
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT_DIR, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`
    if (e.isDirectory()) return rel.startsWith('src/server/ui/assets') ? [] : sourceFiles(rel)
    return e.name.endsWith('.ts') ? [rel] : []
  })
}

function importsOf(file: string): string[] {
  const src = readFileSync(path.join(ROOT_DIR, file), 'utf8')
  const out: string[] = []
  for (const m of src.matchAll(
    /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'|(?:^|\n)\s*import\s+'(\.[^']+)'/g,
  )) {
    const spec = m[1] ?? m[2]!
    out.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)))
  }
  return out
}

export function violations(files: string[]): string[] {
  const found: string[] = []
  for (const file of files) {
    const from = layerOf(file)
    // sandboxes have their own test (tests/sandbox/imports.test.ts): they must not import client code
    if (from === 'errors' || from === 'sandbox') continue
    for (const target of importsOf(file)) {
      if (!target.startsWith('src/')) continue
      const to = layerOf(target)
      if (to === 'errors' || to === from || MAY_IMPORT[from].includes(to as Layer)) continue
      found.push(`${file} (${from}) imports ${target} (${to})`)
    }
  }
  return found
}

describe('the import rule', () => {
  it('holds for every module of src', () => {
    expect(violations(sourceFiles('src'))).toEqual([])
  })

  it('knows the forbidden directions', () => {
    expect(MAY_IMPORT.sync).not.toContain('server')
    expect(MAY_IMPORT.privacy).not.toContain('sync')
    expect(MAY_IMPORT.db).not.toContain('connectors')
    expect(MAY_IMPORT.mappers).not.toContain('connectors')
    expect(MAY_IMPORT.model).toEqual([])
  })
})
