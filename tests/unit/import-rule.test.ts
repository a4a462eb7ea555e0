// The import rule (docs/architecture.md), checked on every file of src: model ← mappers ←
// connectors ← sync ← server, with the repositories (db) importable by sync, server, privacy and
// auth, and privacy at the level of sync (sync may use it; it never imports sync). errors.ts is a
// leaf every layer may import. Type-only imports count: a cycle of types is still a cycle.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT_DIR } from '../../src/config.ts'
// the one table of the rule, also what `npm run check` lints with
import { LAYERS, MAY_IMPORT } from '../../eslint.boundaries.js'

type Layer = string

const LAYER_OF_FILE = new Map<string, Layer>()
const LAYER_OF_FOLDER = new Map<string, Layer>()
for (const [layer, where] of Object.entries(LAYERS)) {
  for (const f of where.files ?? []) LAYER_OF_FILE.set(f, layer)
  for (const f of where.folders ?? []) LAYER_OF_FOLDER.set(f, layer)
}

function layerOf(file: string): Layer {
  const direct = LAYER_OF_FILE.get(file)
  if (direct) return direct
  const folder = file.split('/').slice(0, 2).join('/')
  const layer = LAYER_OF_FOLDER.get(folder)
  if (!layer) throw new Error(`no layer for ${file}`)
  return layer
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
      if (to === 'errors' || to === from || (MAY_IMPORT[from] as string[]).includes(to)) continue
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

describe('npm run check lints the rule', () => {
  it('fails an import from sync into server, and passes one from server into sync', async () => {
    const { ESLint } = await import('eslint')
    const eslint = new ESLint({ cwd: ROOT_DIR })
    const lint = async (filePath: string, code: string) =>
      (await eslint.lintText(code, { filePath: path.join(ROOT_DIR, filePath) }))[0]!.messages.filter(
        (m) => m.ruleId === 'boundaries/dependencies',
      )
    expect(await lint('src/sync/probe.ts', "export { buildApp } from '../server/app.ts'\n")).toHaveLength(1)
    expect(
      await lint('src/mappers/probe.ts', "export type { Connector } from '../connectors/types.ts'\n"),
    ).toHaveLength(1)
    expect(await lint('src/server/probe.ts', "export { enqueue } from '../queue/boss.ts'\n")).toHaveLength(0)
  }, 60_000)
})
