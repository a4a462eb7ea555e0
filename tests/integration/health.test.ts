import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestHub, type TestHub } from '../support/hub.ts'

describe('/healthz and /readyz', () => {
  let hub: TestHub
  beforeAll(async () => {
    hub = await startTestHub()
  })
  afterAll(async () => {
    await hub?.close()
  })

  it('healthz answers while the process lives', async () => {
    const r = await fetch(`${hub.url}/healthz`)
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ status: 'ok' })
  })

  it('readyz is 200 with database, migrations and queue all ok', async () => {
    const r = await fetch(`${hub.url}/readyz`)
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', queue: 'ok' } })
  })

  it('readyz is 503 when a migration is pending', async () => {
    const db = hub.services.db
    const last = await db('knex_migrations').orderBy('id', 'desc').first()
    await db('knex_migrations').where({ id: last.id }).del()
    try {
      const r = await fetch(`${hub.url}/readyz`)
      expect(r.status).toBe(503)
      expect((await r.json()).checks.migrations).toBe('pending migrations')
    } finally {
      await db('knex_migrations').insert({ name: last.name, batch: last.batch, migration_time: last.migration_time })
    }
  })

  it('errors have one JSON shape with a request id', async () => {
    const r = await fetch(`${hub.url}/nope`)
    expect(r.status).toBe(404)
    expect(r.headers.get('x-request-id')).toBeTruthy()
    expect(await r.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /nope' } })
  })
})
