// The knex instance and the migration runner. One database holds everything: canonical data,
// bindings, cursors, the ledger and (in its own schema) pg-boss's queues.
import path from 'node:path'
import knexFactory, { type Knex } from 'knex'
import pg from 'pg'
import { ROOT_DIR } from '../config.ts'

// bigint columns (ledger sums, minor units) come back as strings by default; our values stay far
// below 2^53, so read them as numbers. numeric (FX rates) stays a string on purpose: it is exact.
pg.types.setTypeParser(20, (v) => Number(v))

export type Db = Knex

/** What a repository function runs its statements on: the pool, or the caller's transaction. */
export type Queryable = Knex | Knex.Transaction

/** What an upsert did: unchanged records are recognised (by content hash) and not written. */
export type UpsertStatus = 'created' | 'updated' | 'unchanged'

export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'migrations')

export function createDb(url: string, opts: { poolMax?: number; applicationName?: string } = {}): Db {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, application_name: opts.applicationName ?? 'crossdock' },
    pool: { min: 0, max: opts.poolMax ?? 10 },
    migrations: { directory: MIGRATIONS_DIR, loadExtensions: ['.ts'], tableName: 'knex_migrations' },
  })
}

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest()) as [number, string[]]
  return applied
}

/** The database answers (readiness). */
export async function ping(db: Db): Promise<void> {
  await db.raw('select 1')
}

/** true when every migration file has been applied */
export async function migrationsCurrent(db: Db): Promise<boolean> {
  const [, pending] = (await db.migrate.list()) as [unknown[], unknown[]]
  return pending.length === 0
}
