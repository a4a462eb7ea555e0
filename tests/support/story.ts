// Helpers for end-to-end stories against a hub and the sandbox stack: trigger a stream and wait
// for its run, read a level, read what each channel sandbox shows.
import { expect } from 'vitest'
import type { Stack } from '../../src/sandbox/stack.ts'
import type { ApiCaller } from './api.ts'
import { eventually, type TestHub } from './hub.ts'

export function storyHelpers(hub: () => TestHub, seller: () => ApiCaller, stack: () => Stack) {
  const db = () => hub().services.db
  const level = async (sku: string, code: string) => {
    const r = await db()('inventory_levels as l')
      .join('locations as x', 'x.id', 'l.location_id')
      .where({ 'l.tenant_id': seller().tenantId, 'l.sku': sku, 'x.code': code })
      .first('on_hand', 'reserved')
    return r ? { onHand: r.on_hand, reserved: r.reserved } : undefined
  }
  const lastRun = async (connectionId: string, stream: string) =>
    db()('sync_runs')
      .where({ connection_id: connectionId, stream, direction: 'pull' })
      .whereNotNull('finished_at')
      .orderBy('started_at', 'desc')
      .first()
  const syncNow = async (connectionId: string, stream: string) => {
    const r = await seller().call('POST', `/connections/${connectionId}/streams/${stream}/sync`)
    expect(r.status, JSON.stringify(r.body)).toBe(202)
  }
  const syncAndWait = async (connectionId: string, stream: string, timeoutMs = 30_000) => {
    const before = (await lastRun(connectionId, stream))?.id
    await syncNow(connectionId, stream)
    const run = await eventually(
      async () => {
        const r = await lastRun(connectionId, stream)
        return r && r.id !== before && r.status !== 'failed' ? r : undefined
      },
      { what: `${stream} pull`, timeoutMs },
    )
    return run
  }
  const listingQty = (marketplace: string, sku: string) => stack().amazon.control.listing(marketplace, sku)?.quantity
  const shopifyQty = (sku: string) =>
    stack()
      .shopify.control.stock(sku)
      .find((l) => l.locationId === stack().shopLocation.id)?.available
  return { db, level, syncNow, syncAndWait, lastRun, listingQty, shopifyQty }
}
