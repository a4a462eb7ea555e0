// The sandbox answers with Shopify's REAL Admin GraphQL schema: the SDL captured by a live
// introspection (../shared/specs/shopify/schema/admin-<version>.graphql), built by graphql-js.
//
// Two facts about that SDL shape the loader:
//  - graphql-js 17's schema validator rejects it (Shopify deprecates interface implementation
//    fields while the interface field is not deprecated, e.g. Customer.hasTimelineComment), so the
//    schema is built with assumeValid; documents are still validated against it.
//  - a request to a version Shopify no longer serves "falls forward" to the oldest supported
//    stable version (shopify.dev/docs/api/usage/versioning); the sandbox does the same with the
//    versions it has an SDL for.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { buildSchema, type GraphQLSchema } from 'graphql'

const here = dirname(fileURLToPath(import.meta.url))

/**
 * Where the SDL files live: CROSSDOCK_SHOPIFY_SCHEMA_DIR, else the gzipped copies shipped in sdl/
 * beside this file (so the demo runs on a machine without the specs), else
 * ../shared/specs/shopify/schema beside the repo.
 */
export function defaultSchemaDir(): string {
  const fromEnv = process.env.CROSSDOCK_SHOPIFY_SCHEMA_DIR
  if (fromEnv) return fromEnv
  const shipped = join(here, 'sdl')
  if (existsSync(shipped)) return shipped
  const repoRoot = resolve(here, '../../..')
  return resolve(repoRoot, '../shared/specs/shopify/schema')
}

const cache = new Map<string, GraphQLSchema>()

export function availableVersions(dir = defaultSchemaDir()): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .map((f) => /^admin-(\d{4}-\d{2})\.graphql(\.gz)?$/.exec(f)?.[1])
    .filter((v): v is string => Boolean(v))
    .sort()
}

/** The version a request for `requested` is served with (exact, else the oldest we have). */
export function resolveVersion(requested: string, dir = defaultSchemaDir()): string {
  const versions = availableVersions(dir)
  if (versions.length === 0) throw new Error(`no Shopify SDL found in ${dir} (set CROSSDOCK_SHOPIFY_SCHEMA_DIR)`)
  return versions.includes(requested) ? requested : versions[0]!
}

export function loadSchema(version: string, dir = defaultSchemaDir()): GraphQLSchema {
  const key = `${dir}|${version}`
  const hit = cache.get(key)
  if (hit) return hit
  const file = join(dir, `admin-${version}.graphql`)
  const sdl = existsSync(file) ? readFileSync(file, 'utf8') : gunzipSync(readFileSync(`${file}.gz`)).toString('utf8')
  const schema = buildSchema(sdl, { assumeValidSDL: true, assumeValid: true })
  cache.set(key, schema)
  return schema
}
