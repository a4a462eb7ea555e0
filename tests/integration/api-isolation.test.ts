// Tenant isolation, generated from the API's route table: every /api/v1 route is called with
// tenant B's owner token against tenant A's ids. Routes with ids answer 404 (not 403: B must not
// learn that A's id exists); list routes show none of A's data; and nothing of A's changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEAD_LETTER_QUEUE } from '../../src/queue/boss.ts'
import type { ParamKind } from '../../src/server/api/framework.ts'
import { apiRouteTable } from '../../src/server/api/index.ts'
import { ingestItems } from '../../src/sync/ingest.ts'
import { upsertLocation } from '../../src/db/locations.ts'
import { tenantWithToken, type ApiCaller } from '../support/api.ts'
import { order } from '../support/fixtures.ts'
import { startTestHub, type TestHub } from '../support/hub.ts'
import { toyConnector } from '../support/toy-connector.ts'

describe('tenant isolation matrix (every /api/v1 route)', () => {
  let hub: TestHub
  let a: ApiCaller & { userId: string }
  let b: ApiCaller
  const ids = {} as Record<ParamKind, string>

  async function snapshotOfA(): Promise<string> {
    const db = hub.services.db
    const tables = (
      await db.raw(
        `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' order by 1`,
      )
    ).rows.map((r: { table_name: string }) => r.table_name)
    const parts: string[] = []
    for (const t of tables) {
      const r = await db.raw(
        `select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${t}" x where tenant_id = ?`,
        [a.tenantId],
      )
      parts.push(`${t}:${r.rows[0].h}`)
    }
    return parts.join('\n')
  }

  beforeAll(async () => {
    hub = await startTestHub({ connectors: [toyConnector], roles: { api: true, worker: false } })
    a = await tenantWithToken(hub, 'owner', 'Tenant A')
    b = await tenantWithToken(hub, 'owner', 'Tenant B')
    const db = hub.services.db
    const conn = await a.call('POST', '/connections', {
      kind: 'toy',
      name: 'A toy',
      settings: {},
      credentials: { secret: 'a-secret' },
    })
    expect(conn.status).toBe(201)
    ids.connection = conn.body.id
    ids.stream = 'catalog'
    await db('connection_streams')
      .insert({
        tenant_id: a.tenantId,
        connection_id: ids.connection,
        stream: 'catalog',
        direction: 'pull',
        schedule: '0 * * * *',
      })
      .onConflict()
      .ignore()
    ids.location = (
      await upsertLocation(db, a.tenantId, {
        code: 'A-WH',
        name: 'A warehouse',
        type: 'warehouse',
        country: 'US',
        timeZone: 'America/New_York',
      })
    ).id
    await ingestItems(
      db,
      { tenantId: a.tenantId, connectionId: ids.connection, boss: hub.services.boss, source: 'test' },
      [
        {
          externalId: 'p',
          raw: {},
          records: [
            {
              type: 'product',
              value: {
                handle: 'a-secret-product',
                title: { 'en-US': 'A only' },
                status: 'active',
                variants: [{ sku: 'A-ONLY-SKU' }],
              },
            },
          ],
        },
        {
          externalId: 'o',
          raw: {},
          records: [{ type: 'order', value: order(ids.connection, 'A-ORDER-1', [['A-ONLY-SKU', 1]]) }],
        },
      ],
    )
    ids.sku = 'A-ONLY-SKU'
    ids.order = (await db('orders').where({ tenant_id: a.tenantId }).first('id')).id
    const [run] = await db('sync_runs')
      .insert({
        tenant_id: a.tenantId,
        connection_id: ids.connection,
        stream: 'catalog',
        direction: 'pull',
        trigger: 'test',
        status: 'partial',
      })
      .returning('id')
    ids.run = run.id
    ids.failure = (
      await db('sync_run_failures')
        .insert({ tenant_id: a.tenantId, run_id: run.id, external_id: 'x', code: 'VALIDATION_FAILED', message: 'bad' })
        .returning('id')
    )[0].id
    ids.inbox = (
      await db('webhook_inbox')
        .insert({
          tenant_id: a.tenantId,
          connection_id: ids.connection,
          kind: 'toy',
          event_id: 'e1',
          topic: 't',
          payload: '{}',
        })
        .returning('id')
    )[0].id
    ids.shipment = (
      await db('shipments')
        .insert({
          tenant_id: a.tenantId,
          order_id: ids.order,
          connection_id: ids.connection,
          external_id: 's1',
          carrier: 'UPS',
          tracking_number: '1ZA',
          shipped_at: new Date(),
          lines: '[]',
        })
        .returning('id')
    )[0].id
    ids.token = (await db('api_tokens').where({ tenant_id: a.tenantId }).first('id')).id
    ids.user = a.userId
    const subSecret = hub.services.box.seal('whsec', 'x')
    ids.subscription = (
      await db('event_subscriptions')
        .insert({
          tenant_id: a.tenantId,
          url: 'https://a.example/hook',
          events: ['order.imported'],
          secret_enc: subSecret,
        })
        .returning('id')
    )[0].id
    ids.delivery = (
      await db('event_deliveries')
        .insert({ tenant_id: a.tenantId, subscription_id: ids.subscription, event: 'order.imported', payload: '{}' })
        .returning('id')
    )[0].id
    ids.job = (await hub.services.boss.send(DEAD_LETTER_QUEUE, { tenantId: a.tenantId, allocationId: ids.order }))!
  })
  afterAll(async () => {
    await hub?.close()
  })

  const apiRoutes = () => apiRouteTable(hub.services.connectors)

  it('covers every route in the table, the routes connectors declare included', () => {
    expect(apiRoutes().length).toBeGreaterThan(30)
    expect(apiRoutes().map((r) => `${r.method} ${r.url}`)).toContain('POST /connections/:connectionId/mapping/dry-run')
  })

  it("answers 404 for A's ids and shows nothing of A to B, changing nothing of A's", async () => {
    const before = await snapshotOfA()
    const aMarkers = [
      ids.connection,
      ids.order,
      ids.run,
      ids.inbox,
      'A-ONLY-SKU',
      'A-ORDER-1',
      'a-secret-product',
      'A toy',
    ]
    const failures: string[] = []
    for (const route of apiRoutes()) {
      let url = route.url
      for (const [name, kind] of Object.entries(route.params ?? {}))
        url = url.replace(`:${name}`, encodeURIComponent(ids[kind]))
      const res = await b.call(route.method, url, route.body ? route.example : undefined)
      const label = `${route.method} ${route.url}`
      if (route.params) {
        if (res.status !== 404) failures.push(`${label} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`)
      } else {
        const text = JSON.stringify(res.body)
        for (const m of aMarkers) if (text.includes(m)) failures.push(`${label} leaked ${m}`)
      }
    }
    expect(failures).toEqual([])
    expect(await snapshotOfA()).toBe(before)
  })

  it("A's own token reaches the same ids (the 404s above are isolation, not broken routes)", async () => {
    for (const route of apiRoutes().filter((r) => r.method === 'GET' && r.params)) {
      let url = route.url
      for (const [name, kind] of Object.entries(route.params ?? {}))
        url = url.replace(`:${name}`, encodeURIComponent(ids[kind]))
      const res = await a.call('GET', url)
      // found (a route may still refuse A for its own reasons, e.g. a mapping of a non-ERP connection: 400)
      expect(res.status, `${route.url} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`).not.toBe(404)
      expect(res.status).toBeLessThan(500)
    }
  })
})
