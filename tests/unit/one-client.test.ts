// Issue 11.1: the runtime builds the only HTTP client of a connection. No connector folder builds,
// caches or imports one of its own (type imports of axios's response shape are fine).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT_DIR } from '../../src/config.ts'

const CONNECTORS = path.join(ROOT_DIR, 'src', 'connectors')
const kinds = readdirSync(CONNECTORS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'http')
  .map((d) => d.name)

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : [],
  )
}

describe('connectors build no HTTP client', () => {
  it.each(kinds)('%s', (kind) => {
    const offenders = sources(path.join(CONNECTORS, kind)).filter((file) => {
      const text = readFileSync(file, 'utf8')
      return (
        /\bcreateHttpClient\b|\baxios\.create\b|\bnew (?:https?\.)?Agent\b|\bfetch\(/.test(text) ||
        /^import (?!type\b)[^;]*from 'axios'/m.test(text) ||
        /^import [^;]*from '(?:node:)?https?'/m.test(text)
      )
    })
    expect(offenders).toEqual([])
  })
})
