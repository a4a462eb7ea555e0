// A fresh database per test file, cloned from the migrated template (a few ms, not a migration).
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { createDb, type Db } from '../../src/db/knex.ts'

export interface TestDatabase {
  url: string
  name: string
  db: Db
  drop(): Promise<void>
}

export function databaseUrl(name: string): string {
  const u = new URL(inject('pgAdminUrl'))
  u.pathname = `/${name}`
  return u.toString()
}

export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `crossdock_t_${inject('pgRunId')}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') })
  await admin.connect()
  try {
    await admin.query(
      opts.empty ? `create database "${name}"` : `create database "${name}" template "${inject('pgTemplate')}"`,
    )
  } finally {
    await admin.end()
  }
  const url = databaseUrl(name)
  const db = createDb(url, { poolMax: 5 })
  return {
    url,
    name,
    db,
    drop: async () => {
      await db.destroy()
      const a = new pg.Client({ connectionString: inject('pgAdminUrl') })
      await a.connect()
      await a.query(`drop database if exists "${name}" with (force)`).catch(() => undefined)
      await a.end()
    },
  }
}
