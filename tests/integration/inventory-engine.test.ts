// The anti-oversell core on real Postgres: snapshots into the ledger, reservations at import under
// row locks, backorders, cancellations, shipments, and the audit chain over all of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PulledItem } from '../../src/connectors/types.ts'
import { createConnection } from '../../src/db/connections.ts'
import { verifyAuditChain } from '../../src/db/audit.ts'
import { ingestItems } from '../../src/sync/ingest.ts'
import { retryBackorders } from '../../src/sync/orders/backorder-jobs.ts'
import { upsertLocation } from '../../src/db/locations.ts'
import { order } from '../support/fixtures.ts'
import { createTenant, startTestHub, type TestHub } from '../support/hub.ts'
import { toyConnector } from '../support/toy-connector.ts'

describe('inventory engine', () => {
  let hub: TestHub
  let tenantId: string
  let channelA: string
  let channelB: string
  let warehouseConn: string
  const ingest = (connectionId: string, items: PulledItem[], source = 'test') =>
    ingestItems(hub.services.db, { tenantId, connectionId, boss: hub.services.boss, source }, items)
  const level = async (sku: string, code: string) => {
    const r = await hub.services
      .db('inventory_levels as l')
      .join('locations as x', 'x.id', 'l.location_id')
      .where({ 'l.tenant_id': tenantId, 'l.sku': sku, 'x.code': code })
      .first('on_hand', 'reserved')
    return r ? { onHand: r.on_hand, reserved: r.reserved } : { onHand: 0, reserved: 0 }
  }
  const snapshot = (sku: string, code: string, onHand: number, asOf: string): PulledItem => ({
    externalId: `${sku}@${code}`,
    raw: {},
    records: [{ type: 'inventory_level', value: { sku, locationCode: code, onHand, reserved: 0, asOf } }],
  })

  beforeAll(async () => {
    hub = await startTestHub({ connectors: [toyConnector], roles: { api: false, worker: false } })
    tenantId = await createTenant(hub)
    const mk = async (name: string) =>
      (
        await createConnection(hub.services.db, hub.services.box, {
          tenantId,
          kind: 'toy',
          name,
          credentials: { secret: 's' },
        })
      ).id
    channelA = await mk('shop A')
    channelB = await mk('shop B')
    warehouseConn = await mk('3pl')
    for (const [code, country, tz] of [
      ['US-1', 'US', 'America/New_York'],
      ['EU-1', 'DE', 'Europe/Berlin'],
    ] as const) {
      await upsertLocation(
        hub.services.db,
        tenantId,
        { code, name: code, type: 'warehouse', country, timeZone: tz, cutoffHour: 14 },
        warehouseConn,
      )
    }
    await hub.services.db('routing_rules').insert({
      tenant_id: tenantId,
      rules: JSON.stringify({ routes: { US: ['US-1', 'EU-1'], EU: ['EU-1', 'US-1'], '*': ['US-1'] } }),
    })
    await ingest(channelA, [
      {
        externalId: 'p',
        raw: {},
        records: [
          {
            type: 'product',
            value: {
              handle: 'mug',
              title: { 'en-US': 'Mug' },
              status: 'active',
              variants: [{ sku: 'MUG' }, { sku: 'CUP' }, { sku: 'LAST' }],
            },
          },
        ],
      },
    ])
  })
  afterAll(async () => {
    await hub?.close()
  })

  it('a snapshot becomes a ledger delta, and the same snapshot sent twice applies once', async () => {
    const first = await ingest(warehouseConn, [snapshot('MUG', 'US-1', 10, '2026-11-24T00:00:00Z')])
    expect(first.counts.updated).toBe(1)
    const again = await ingest(warehouseConn, [snapshot('MUG', 'US-1', 10, '2026-11-24T00:00:00Z')])
    expect(again.counts.unchanged).toBe(1)
    await ingest(warehouseConn, [snapshot('MUG', 'US-1', 7, '2026-11-24T01:00:00Z')])
    expect(await level('MUG', 'US-1')).toEqual({ onHand: 7, reserved: 0 })
    const deltas = await hub.services
      .db('inventory_ledger')
      .where({ tenant_id: tenantId, sku: 'MUG', reason: 'snapshot' })
      .orderBy('id')
      .pluck('on_hand_delta')
    expect(deltas).toEqual([10, -3])
  })

  it('an unknown location is a rejected record naming the field, and the page goes on', async () => {
    const r = await ingest(warehouseConn, [
      snapshot('MUG', 'NOWHERE', 1, '2026-11-24T00:00:00Z'),
      snapshot('CUP', 'EU-1', 4, '2026-11-24T00:00:00Z'),
    ])
    expect(r.counts).toMatchObject({ seen: 2, failed: 1, updated: 1 })
    expect(r.outcomes[0]).toMatchObject({ status: 'rejected', error: { field: 'locationCode' } })
    expect(await level('CUP', 'EU-1')).toEqual({ onHand: 4, reserved: 0 })
  })

  it('an imported order reserves at once; re-import updates, never duplicates', async () => {
    const o = order(channelA, 'A-1', [['MUG', 2]])
    await ingest(channelA, [{ externalId: 'A-1', raw: {}, records: [{ type: 'order', value: o }] }])
    await ingest(channelA, [{ externalId: 'A-1', raw: {}, records: [{ type: 'order', value: o }] }])
    await ingest(channelA, [
      { externalId: 'A-1', raw: {}, records: [{ type: 'order', value: { ...o, externalNumber: '#1001' } }] },
    ])
    expect(await hub.services.db('orders').where({ connection_id: channelA, external_id: 'A-1' })).toHaveLength(1)
    expect(await level('MUG', 'US-1')).toEqual({ onHand: 7, reserved: 2 })
    const allocs = await hub.services.db('allocations').where({ tenant_id: tenantId })
    expect(allocs).toHaveLength(1)
    expect(allocs[0].status).toBe('planned')
    expect(allocs[0].ship_by).toBeInstanceOf(Date)
  })

  it('splits across warehouses and backorders the rest', async () => {
    // MUG: US-1 has 5 free, EU-1 none; CUP: EU-1 has 4. Order 6 MUG + 2 CUP to the US.
    await ingest(channelA, [
      {
        externalId: 'A-2',
        raw: {},
        records: [
          {
            type: 'order',
            value: order(channelA, 'A-2', [
              ['MUG', 6],
              ['CUP', 2],
            ]),
          },
        ],
      },
    ])
    const o = await hub.services.db('orders').where({ external_id: 'A-2' }).first()
    const allocs = await hub.services.db('allocations').where({ order_id: o.id }).orderBy('status')
    expect(allocs.map((a: { status: string; lines: unknown }) => [a.status, a.lines])).toEqual(
      [
        ['backordered', [{ sku: 'MUG', quantity: 1 }]],
        ['planned', [{ sku: 'MUG', quantity: 5 }]],
        ['planned', [{ sku: 'CUP', quantity: 2 }]],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    )
    expect(o.routing_status).toBe('partially_backordered')
    expect(await level('MUG', 'US-1')).toEqual({ onHand: 7, reserved: 7 })
    expect(await level('CUP', 'EU-1')).toEqual({ onHand: 4, reserved: 2 })
  })

  it('two channels racing for the last unit: one reserves it, the other is backordered', async () => {
    await ingest(warehouseConn, [snapshot('LAST', 'US-1', 1, '2026-11-24T00:00:00Z')])
    const [a, b] = await Promise.all([
      ingest(channelA, [
        {
          externalId: 'RACE-A',
          raw: {},
          records: [{ type: 'order', value: order(channelA, 'RACE-A', [['LAST', 1]]) }],
        },
      ]),
      ingest(channelB, [
        {
          externalId: 'RACE-B',
          raw: {},
          records: [{ type: 'order', value: order(channelB, 'RACE-B', [['LAST', 1]]) }],
        },
      ]),
    ])
    expect(a.counts.created + b.counts.created).toBe(2)
    expect(await level('LAST', 'US-1')).toEqual({ onHand: 1, reserved: 1 })
    const statuses = (
      await hub.services.db('orders').whereIn('external_id', ['RACE-A', 'RACE-B']).pluck('routing_status')
    ).sort()
    expect(statuses).toEqual(['backordered', 'routed'])
  })

  it('a backorder is routed again when stock arrives', async () => {
    await ingest(warehouseConn, [snapshot('LAST', 'US-1', 2, '2026-11-24T02:00:00Z')])
    const jobs = (
      await hub.services.db.raw(
        `select data from pgboss.job where name = 'backorder-retry' and data->>'tenantId' = ?`,
        [tenantId],
      )
    ).rows
    expect(jobs.some((j: { data: { skus: string[] } }) => j.data.skus.includes('LAST'))).toBe(true)
    expect(await retryBackorders(hub.services, { tenantId, skus: ['LAST'] })).toBe(1)
    const statuses = (
      await hub.services.db('orders').whereIn('external_id', ['RACE-A', 'RACE-B']).pluck('routing_status')
    ).sort()
    expect(statuses).toEqual(['routed', 'routed'])
    expect(await level('LAST', 'US-1')).toEqual({ onHand: 2, reserved: 2 })
    // nothing left to retry: running it again changes nothing
    expect(await retryBackorders(hub.services, { tenantId, skus: ['LAST'] })).toBe(0)
    expect(await level('LAST', 'US-1')).toEqual({ onHand: 2, reserved: 2 })
  })

  it('a cancellation releases every unshipped reservation', async () => {
    const o = order(channelA, 'A-1', [['MUG', 2]])
    await ingest(channelA, [
      {
        externalId: 'A-1',
        raw: {},
        records: [
          {
            type: 'order',
            value: {
              ...o,
              status: 'cancelled',
              cancelledAt: '2026-11-24T13:00:00.000Z',
              updatedAt: '2026-11-24T13:00:00.000Z',
            },
          },
        ],
      },
    ])
    expect(await level('MUG', 'US-1')).toEqual({ onHand: 7, reserved: 5 })
    // a late "open" update cannot resurrect it
    await ingest(channelA, [
      {
        externalId: 'A-1',
        raw: {},
        records: [{ type: 'order', value: { ...o, updatedAt: '2026-11-24T14:00:00.000Z' } }],
      },
    ])
    expect((await hub.services.db('orders').where({ external_id: 'A-1' }).first()).status).toBe('cancelled')
    expect(await level('MUG', 'US-1')).toEqual({ onHand: 7, reserved: 5 })
  })

  it('a warehouse shipment consumes reservation and on-hand once, partial stays partial', async () => {
    const o = await hub.services.db('orders').where({ external_id: 'A-2' }).first()
    const us = await hub.services
      .db('allocations')
      .where({ order_id: o.id, status: 'planned' })
      .whereRaw(`lines @> '[{"sku":"MUG"}]'`)
      .first()
    const ship = (externalId: string, quantity: number): PulledItem => ({
      externalId,
      raw: {},
      records: [
        {
          type: 'shipment',
          reference: { allocationId: us.id },
          value: {
            externalId,
            carrier: 'UPS',
            trackingNumber: `1Z${externalId}`,
            shippedAt: '2026-11-24T18:00:00.000Z',
            lines: [{ sku: 'MUG', quantity }],
          },
        },
      ],
    })
    await ingest(warehouseConn, [ship('S1', 3)])
    await ingest(warehouseConn, [ship('S1', 3)])
    expect(await level('MUG', 'US-1')).toEqual({ onHand: 4, reserved: 2 })
    expect((await hub.services.db('allocations').where({ id: us.id }).first()).status).toBe('partially_shipped')
    expect((await hub.services.db('orders').where({ id: o.id }).first()).status).toBe('partially_shipped')
    await ingest(warehouseConn, [ship('S2', 2)])
    expect(await level('MUG', 'US-1')).toEqual({ onHand: 2, reserved: 0 })
    expect((await hub.services.db('allocations').where({ id: us.id }).first()).status).toBe('shipped')
  })

  it('levels always equal the ledger sums', async () => {
    const rows = (
      await hub.services.db.raw(
        `
      select l.sku, l.location_id, l.on_hand, l.reserved, coalesce(s.oh, 0)::int as oh, coalesce(s.rs, 0)::int as rs
      from inventory_levels l left join (
        select sku, location_id, sum(on_hand_delta) oh, sum(reserved_delta) rs from inventory_ledger where tenant_id = ? group by 1, 2
      ) s using (sku, location_id) where l.tenant_id = ?`,
        [tenantId, tenantId],
      )
    ).rows
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) expect([r.on_hand, r.reserved]).toEqual([r.oh, r.rs])
  })

  it('the audit chain verifies, and finds a tampered or deleted row', async () => {
    const db = hub.services.db
    const ok = await verifyAuditChain(db, tenantId)
    expect(ok.ok).toBe(true)
    expect(ok.rows).toBeGreaterThan(10)
    const victim = await db('audit_log').where({ tenant_id: tenantId }).orderBy('id').offset(5).first()
    await db('audit_log')
      .where({ id: victim.id })
      .update({ data: JSON.stringify({ onHandDelta: 999 }) })
    expect(await verifyAuditChain(db, tenantId)).toMatchObject({
      ok: false,
      brokenAt: { id: victim.id, reason: expect.stringMatching(/changed/) },
    })
    await db('audit_log').where({ id: victim.id }).del()
    const after = await verifyAuditChain(db, tenantId)
    expect(after.ok).toBe(false)
    expect(after.brokenAt!.reason).toMatch(/deleted/)
  })
})
