import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateLatest, migrationsCurrent } from '../../src/db/knex.ts'
import { createTestDatabase, type TestDatabase } from '../support/db.ts'

describe('migrations on real Postgres', () => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await createTestDatabase({ empty: true })
  })
  afterAll(async () => {
    await t.drop()
  })

  const tables = async () =>
    (
      await t.db.raw(`select table_name from information_schema.tables where table_schema = 'public' order by 1`)
    ).rows.map((r: { table_name: string }) => r.table_name)

  it('go up, down and up again', async () => {
    expect(await migrationsCurrent(t.db)).toBe(false)
    const applied = await migrateLatest(t.db)
    expect(applied.length).toBeGreaterThanOrEqual(2)
    expect(await migrationsCurrent(t.db)).toBe(true)
    const up = await tables()
    for (const name of [
      'tenants',
      'connections',
      'locations',
      'products',
      'variants',
      'bindings',
      'inventory_ledger',
      'inventory_levels',
      'orders',
      'allocations',
      'shipments',
      'sync_cursors',
      'sync_runs',
      'webhook_inbox',
      'audit_log',
      'fx_rates',
    ]) {
      expect(up).toContain(name)
    }
    await t.db.migrate.rollback(undefined, true)
    expect((await tables()).filter((n: string) => !n.startsWith('knex_'))).toEqual([])
    await migrateLatest(t.db)
    expect(await tables()).toEqual(up)
  })

  it('keeps the ledger append-only and orders unique per connection', async () => {
    const [tenant] = await t.db('tenants').insert({ name: 't' }).returning('id')
    const [loc] = await t
      .db('locations')
      .insert({ tenant_id: tenant.id, code: 'W1', name: 'W1', type: 'warehouse', country: 'US', time_zone: 'UTC' })
      .returning('id')
    await t.db('inventory_ledger').insert({
      tenant_id: tenant.id,
      sku: 'A',
      location_id: loc.id,
      on_hand_delta: 5,
      reason: 'receipt',
      source: 'test',
      idempotency_key: 'k1',
    })
    await expect(t.db('inventory_ledger').update({ on_hand_delta: 50 })).rejects.toThrow(/append-only/)
    await expect(t.db('inventory_ledger').del()).rejects.toThrow(/append-only/)
    await expect(
      t.db('inventory_ledger').insert({
        tenant_id: tenant.id,
        sku: 'A',
        location_id: loc.id,
        on_hand_delta: 5,
        reason: 'receipt',
        source: 'test',
        idempotency_key: 'k1',
      }),
    ).rejects.toThrow(/duplicate key/)
    const [conn] = await t
      .db('connections')
      .insert({ tenant_id: tenant.id, kind: 'shopify', name: 's' })
      .returning('id')
    const order = {
      tenant_id: tenant.id,
      connection_id: conn.id,
      external_id: 'o1',
      channel: 'shopify',
      status: 'open',
      currency: 'USD',
      lines: '[]',
      totals: '{}',
      total_amount: 0,
      placed_at: new Date(),
      content_hash: 'h',
    }
    await t.db('orders').insert(order)
    await expect(t.db('orders').insert(order)).rejects.toThrow(/duplicate key/)
  })
})
