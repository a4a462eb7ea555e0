// Scale-out: two hub processes (each with workers and pg-boss's timekeeper) on one database.
// A stream scheduled every minute runs once per slot, not once per process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tenantWithToken, type ApiCaller } from '../support/api.ts'
import { eventually, startTestHub, type TestHub } from '../support/hub.ts'
import { toyConnector } from '../support/toy-connector.ts'

describe('schedules with two hub processes on one database', () => {
  let a: TestHub
  let b: TestHub
  let seller: ApiCaller
  let connectionId: string

  beforeAll(async () => {
    a = await startTestHub({ connectors: [toyConnector] })
    b = await startTestHub({ connectors: [toyConnector], database: a.database, roles: { api: false, worker: true } })
    seller = await tenantWithToken(a, 'owner')
    connectionId = (
      await seller.call('POST', '/connections', {
        kind: 'toy',
        name: 'toy',
        settings: {},
        credentials: { secret: 'x' },
      })
    ).body.id
  })
  afterAll(async () => {
    await b?.close()
    await a?.close()
  })

  it('fires each slot once, whichever process claims it', async () => {
    const r = await seller.call('PATCH', `/connections/${connectionId}/streams/catalog`, {
      schedule: '* * * * *',
      enabled: true,
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const runs = () =>
      a.services.db('sync_runs').where({ connection_id: connectionId, trigger: 'schedule' }).orderBy('started_at')
    await eventually(async () => (await runs()).length >= 1, {
      what: 'a scheduled run',
      timeoutMs: 90_000,
      intervalMs: 500,
    })
    // both processes' timekeepers have had the slot; give a duplicate every chance to show up
    await new Promise((res) => setTimeout(res, 15_000))
    const all = await runs()
    const slots = all.map((x: { started_at: Date }) => new Date(x.started_at).toISOString().slice(0, 16))
    expect(new Set(slots).size).toBe(slots.length)
    expect(all.every((x: { status: string }) => x.status === 'ok')).toBe(true)
    // and the stored cursor moved once per run
    const cursor = await a.services
      .db('sync_cursors')
      .where({ connection_id: connectionId, stream: 'catalog' })
      .first('cursor')
    expect(cursor.cursor).toBe(`catalog:${all.length}`)
  }, 120_000)
})
