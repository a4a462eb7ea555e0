// One PostgreSQL for the whole test run: the server named by DATABASE_URL, or an embedded one in
// a temporary folder. A template database is migrated (and pg-boss installed) once; each test
// file then clones its own database from it, so files run in parallel without sharing state.
import pg from 'pg'
import { PgBoss } from 'pg-boss'
import type { TestProject } from 'vitest/node'
import { scratchServer, withDatabase } from '../../src/db/embedded.ts'
import { createDb, migrateLatest } from '../../src/db/knex.ts'
import { silentLogger } from '../../src/log.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string
    pgTemplate: string
    pgRunId: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await scratchServer('crossdock-test-', silentLogger)
  const adminUrl = server.adminUrl
  // several runs may share one server (people and CI on one machine): each run only ever drops
  // the databases named with its own id
  const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`
  const template = `crossdock_tpl_${runId}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database "${template}"`)
  const templateUrl = withDatabase(adminUrl, template)
  const db = createDb(templateUrl)
  await migrateLatest(db)
  await db.destroy()
  const boss = new PgBoss({
    connectionString: templateUrl,
    schema: 'pgboss',
    schedule: false,
    supervise: false,
  } as ConstructorParameters<typeof PgBoss>[0])
  await boss.start()
  await boss.stop({ graceful: false, close: true })
  project.provide('pgAdminUrl', adminUrl)
  project.provide('pgTemplate', template)
  project.provide('pgRunId', runId)

  return async () => {
    const { rows } = await admin.query(`select datname from pg_database where datname like $1 or datname = $2`, [
      `crossdock_t_${runId}_%`,
      template,
    ])
    for (const r of rows) {
      await admin.query(`drop database if exists "${r.datname}" with (force)`).catch(() => undefined)
    }
    await admin.end()
    await server.stop()
  }
}
