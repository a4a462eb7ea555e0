// A sandbox is built from the platform's own contract, never from the client code it checks: if
// the sandbox borrowed the connector's types, tables or encoders, a mistake shared by both could
// not fail a test. Every module under src/sandbox (and the 4PX fake the adapter tests use) may
// import neither src/connectors nor src/mappers, statically, dynamically or as a type.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const FORBIDDEN = ['src/connectors', 'src/mappers']

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return /\.(ts|mts|js|mjs)$/.test(name) ? [full] : []
  })
}

/** Every module specifier a file names: import, export … from, import(), require(). */
function specifiers(text: string): string[] {
  const info = ts.preProcessFile(text, true, true)
  return info.importedFiles.map((f) => f.fileName)
}

/** The forbidden imports of one file, as "specifier → repo path". */
function forbiddenImports(file: string, text: string): string[] {
  return [...new Set(specifiers(text))]
    .filter((s) => s.startsWith('.') || s.startsWith('/'))
    .map((s) => ({
      s,
      target: relative(ROOT, resolve(dirname(file), s))
        .split('\\')
        .join('/'),
    }))
    .filter(({ target }) => FORBIDDEN.some((f) => target === f || target.startsWith(`${f}/`)))
    .map(({ s, target }) => `${s} → ${target}`)
}

describe('sandboxes stand on the platforms’ contracts, not on our client code', () => {
  const files = [...sourceFiles(join(ROOT, 'src/sandbox')), join(ROOT, 'tests/warehouse/fourpx-fake.ts')]

  it('no file under src/sandbox (nor the 4PX fake) imports src/connectors or src/mappers', () => {
    expect(files.length).toBeGreaterThan(40)
    const found = files.flatMap((f) =>
      forbiddenImports(f, readFileSync(f, 'utf8')).map((hit) => `${relative(ROOT, f)}: ${hit}`),
    )
    expect(found).toEqual([])
  })

  it('the check sees every form an import can take', () => {
    const file = join(ROOT, 'src/sandbox/warehouse/example.ts')
    const text = [
      "import type { SbOrder } from '../../mappers/warehouse/shipbob-types.ts'",
      "import { MARKETPLACES } from '../../connectors/amazon/marketplaces.ts'",
      "export { signErpBody } from '../../connectors/erp/auth.ts'",
      "const lazy = await import('../../mappers/erp/index.ts')",
      "import { ok } from './state.ts'",
      "import { toDecimalString } from '../../model/money.ts'",
      "import Fastify from 'fastify'",
    ].join('\n')
    expect(forbiddenImports(file, text)).toEqual([
      '../../mappers/warehouse/shipbob-types.ts → src/mappers/warehouse/shipbob-types.ts',
      '../../connectors/amazon/marketplaces.ts → src/connectors/amazon/marketplaces.ts',
      '../../connectors/erp/auth.ts → src/connectors/erp/auth.ts',
      '../../mappers/erp/index.ts → src/mappers/erp/index.ts',
    ])
  })
})
