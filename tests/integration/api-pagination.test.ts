// Cursor pagination over rows that share a timestamp to the microsecond: every row once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tenantWithToken, type ApiCaller } from '../support/api.ts'
import { startTestHub, type TestHub } from '../support/hub.ts'
import { toyConnector } from '../support/toy-connector.ts'

describe('cursor pagination', () => {
  let hub: TestHub
  let seller: ApiCaller
  beforeAll(async () => {
    hub = await startTestHub({ connectors: [toyConnector], roles: { api: true, worker: false } })
    seller = await tenantWithToken(hub)
  })
  afterAll(async () => {
    await hub?.close()
  })

  it('pages through ties and microsecond timestamps without repeating or skipping', async () => {
    const conn = (
      await seller.call('POST', '/connections', {
        kind: 'toy',
        name: 'toy',
        settings: {},
        credentials: { secret: 's' },
      })
    ).body.id
    const stamps = [
      '2026-11-24 10:00:00.123456+00',
      '2026-11-24 10:00:00.123456+00',
      '2026-11-24 10:00:00.123457+00',
      '2026-11-24 10:00:00.123999+00',
      '2026-11-24 10:00:00.123+00',
      '2026-11-24 09:00:00+00',
      '2026-11-24 10:00:00.123456+00',
    ]
    const ids = (
      await hub.services
        .db('sync_runs')
        .insert(
          stamps.map((s) => ({
            tenant_id: seller.tenantId,
            connection_id: conn,
            stream: 'catalog',
            direction: 'pull',
            trigger: 'test',
            started_at: s,
          })),
        )
        .returning('id')
    ).map((r: { id: string }) => r.id)
    const seen: string[] = []
    let cursor: string | null = null
    for (let i = 0; i < 10; i++) {
      const r: { body: { items: { id: string }[]; nextCursor: string | null } } = await seller.call(
        'GET',
        `/runs?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      )
      seen.push(...r.body.items.map((x) => x.id))
      cursor = r.body.nextCursor
      if (!cursor) break
    }
    expect(seen.sort()).toEqual([...ids].sort())
    const bad = await seller.call('GET', '/runs?cursor=not-a-cursor')
    expect(bad.status).toBe(400)
  })
})
