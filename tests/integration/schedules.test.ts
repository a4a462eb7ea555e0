// Scale-out: two hub processes (each with workers and pg-boss's timekeeper) on one database.
// A stream scheduled every minute runs once per slot, not once per process. The test waits for
// two slots to fire rather than sleeping: by then the first slot is over for both timekeepers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYNC_QUEUES } from '../../src/sync/queues.ts'
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
    const slotOf = (x: { started_at: Date }) => new Date(x.started_at).toISOString().slice(0, 16)
    const pending = async () =>
      (await a.services.boss.findJobs(SYNC_QUEUES.pull.name, { data: { connectionId } })).filter((j) =>
        ['created', 'retry', 'active'].includes(j.state),
      ).length
    // two slots have fired, and nothing for this connection waits or runs: both processes'
    // timekeepers have had the first slot (a duplicate of it could no longer appear)
    const all = await eventually(
      async () => {
        const r = await runs()
        return new Set(r.map(slotOf)).size >= 2 && (await pending()) === 0 ? r : undefined
      },
      { what: 'scheduled runs in two slots', timeoutMs: 200_000, intervalMs: 1000 },
    )
    const slots = all.map(slotOf)
    expect(new Set(slots).size).toBe(slots.length)
    expect(all.every((x: { status: string }) => x.status === 'ok')).toBe(true)
    // and the stored cursor moved once per run
    const cursor = await a.services
      .db('sync_cursors')
      .where({ connection_id: connectionId, stream: 'catalog' })
      .first('cursor')
    expect(cursor.cursor).toBe(`catalog:${all.length}`)
  }, 240_000)
})
