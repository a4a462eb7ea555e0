// Inventory push against the sandbox over HTTP: a 10,000-SKU push is never throttled and takes
// about ceil(10,000 / 250) calls; compare-and-swap losers come back as conflicts with what
// Shopify holds; a retried batch (same idempotency key) is not applied twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INVENTORY_SET } from '../../src/connectors/shopify/documents.ts'
import { shopifyConnector } from '../../src/connectors/shopify/index.ts'
import { idempotencyKey } from '../../src/connectors/shopify/push-inventory.ts'
import type { InventoryPushItem } from '../../src/connectors/types.ts'
import { contextFor, rawGraphql, startSandbox, type Sandbox } from './helpers.ts'

function levels(sb: Sandbox) {
  return [...sb.store.levels.values()].map((l) => ({
    itemId: l.itemId,
    locationId: l.locationId,
    sku: sb.store.variants.get(sb.store.items.get(l.itemId)!.variantId)!.sku!,
    available: l.q.available,
  }))
}

describe('inventory push: 10,000 SKUs under a tight bucket', () => {
  let sb: Sandbox
  // a bucket far below the Standard plan's (2000 points, 100/s): a client that did not pace
  // itself from throttleStatus would be throttled here (see the naive control below)
  const bucketSize = 40
  const restoreRate = 400
  beforeAll(async () => {
    sb = await startSandbox({ bucketSize, restoreRate })
    sb.control.seed({ products: 10_000, variantsPerProduct: 1, locations: 1, available: 5 })
  })
  afterAll(() => sb.close())

  it('completes with zero THROTTLED answers in about ceil(10000/250) calls', async () => {
    const ctx = contextFor(sb, { pushConcurrency: 4 })
    const items: InventoryPushItem[] = levels(sb).map((l, i) => ({
      key: `k${i}`,
      sku: l.sku,
      externalId: l.itemId,
      scope: l.itemId,
      locationExternalId: l.locationId,
      quantity: 7 + (i % 5),
      previousQuantity: 5,
    }))
    expect(items).toHaveLength(10_000)
    const before = sb.control.stats()
    const results = await shopifyConnector.push!(ctx, 'inventory', items)
    const after = sb.control.stats()
    expect(results.filter((r) => r.status === 'ok')).toHaveLength(10_000)
    expect(after.throttled - before.throttled).toBe(0)
    const calls = after.byOperation.inventorySetQuantities ?? 0
    expect(calls).toBe(Math.ceil(10_000 / 250))
    expect(after.requests - before.requests).toBeLessThanOrEqual(calls + 1)
    expect(sb.control.stock('SKU-00001')[0]!.available).toBe(7)
    expect(sb.control.stock('SKU-10000')[0]!.available).toBe(7 + (9_999 % 5))
    const pushed = sb.control.pushed().inventory
    expect(pushed.every((p) => p.entries <= 250 && p.applied)).toBe(true)
  })

  it('the same load sent without pacing is throttled (the control)', async () => {
    const some = levels(sb).slice(0, 250 * 16)
    const batches = Array.from({ length: 16 }, (_, b) => some.slice(b * 250, b * 250 + 250))
    // start from where the paced push left the bucket: spent
    sb.control.setKnobs({ throttle: { drain: true } })
    const before = sb.control.stats().throttled
    const answers = await Promise.all(
      batches.map((batch, b) =>
        rawGraphql(sb, INVENTORY_SET, {
          idempotencyKey: `naive-${b}`,
          input: {
            name: 'available',
            reason: 'correction',
            quantities: batch.map((l) => ({
              inventoryItemId: l.itemId,
              locationId: l.locationId,
              quantity: 1,
              changeFromQuantity: null,
            })),
          },
        }),
      ),
    )
    expect(sb.control.stats().throttled - before).toBeGreaterThan(0)
    expect(answers.some((a) => a.errors?.[0]?.extensions?.code === 'THROTTLED')).toBe(true)
  })
})

describe('inventory push: compare-and-swap and idempotency', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = await startSandbox()
    sb.control.seed({ products: 3, variantsPerProduct: 2, locations: 2, available: 10 })
  })
  afterAll(() => sb.close())

  it('a level that moved since the hub saw it comes back as conflict with what Shopify holds, the rest is applied', async () => {
    const ctx = contextFor(sb)
    const all = levels(sb)
    const moved = all[0]!
    sb.control.setStock({ inventoryItemId: moved.itemId, locationId: moved.locationId, available: 3 })
    const items: InventoryPushItem[] = all.slice(0, 4).map((l, i) => ({
      key: `c${i}`,
      sku: l.sku,
      scope: l.itemId,
      locationExternalId: l.locationId,
      quantity: 20,
      previousQuantity: 10,
    }))
    const results = await shopifyConnector.push!(ctx, 'inventory', items)
    expect(results[0]).toMatchObject({ key: 'c0', status: 'conflict', observed: 3, externalId: moved.itemId })
    expect(results.slice(1).map((r) => r.status)).toEqual(['ok', 'ok', 'ok'])
    expect(sb.store.level(moved.itemId, moved.locationId)!.q.available).toBe(3)
    expect(sb.store.level(all[1]!.itemId, all[1]!.locationId)!.q.available).toBe(20)
  })

  it('previousQuantity null skips the check (explicit changeFromQuantity: null)', async () => {
    const ctx = contextFor(sb)
    const l = levels(sb)[5]!
    const [r] = await shopifyConnector.push!(ctx, 'inventory', [
      { key: 'n', sku: l.sku, scope: l.itemId, locationExternalId: l.locationId, quantity: 42, previousQuantity: null },
    ])
    expect(r!.status).toBe('ok')
    expect(sb.store.level(l.itemId, l.locationId)!.q.available).toBe(42)
  })

  it('resolves inventory items from a variant id or a SKU when the binding has no item id', async () => {
    const ctx = contextFor(sb)
    const [a, b] = levels(sb).filter((l) => l.locationId === levels(sb)[0]!.locationId)
    const variantOfA = sb.store.items.get(a!.itemId)!.variantId
    const results = await shopifyConnector.push!(ctx, 'inventory', [
      {
        key: 'v',
        sku: a!.sku,
        externalId: variantOfA,
        locationExternalId: a!.locationId,
        quantity: 11,
        previousQuantity: null,
      },
      { key: 's', sku: b!.sku, locationExternalId: b!.locationId, quantity: 12, previousQuantity: null },
      { key: 'u', sku: 'NO-SUCH-SKU', locationExternalId: b!.locationId, quantity: 1, previousQuantity: null },
    ])
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'rejected'])
    expect(results[2]!.error!.code).toBe('SKU_UNKNOWN')
    expect(sb.store.level(a!.itemId, a!.locationId)!.q.available).toBe(11)
    expect(sb.store.level(b!.itemId, b!.locationId)!.q.available).toBe(12)
  })

  it('a batch retried with the same idempotency key is answered from the first call and not applied twice', async () => {
    const l = levels(sb)[2]!
    const current = sb.store.level(l.itemId, l.locationId)!.q.available
    const entries = [
      { key: 'r', inventoryItemId: l.itemId, locationId: l.locationId, quantity: current + 5, changeFrom: current },
    ]
    const key = idempotencyKey('conn', entries)
    const variables = {
      idempotencyKey: key,
      input: {
        name: 'available',
        reason: 'correction',
        quantities: [
          { inventoryItemId: l.itemId, locationId: l.locationId, quantity: current + 5, changeFromQuantity: current },
        ],
      },
    }
    const first = await rawGraphql(sb, INVENTORY_SET, variables)
    const again = await rawGraphql(sb, INVENTORY_SET, variables)
    expect(first.data.inventorySetQuantities.userErrors).toEqual([])
    expect(again.data.inventorySetQuantities).toEqual(first.data.inventorySetQuantities)
    expect(sb.store.level(l.itemId, l.locationId)!.q.available).toBe(current + 5)
    const replays = sb.control.pushed().inventory.filter((p) => p.key === key)
    expect(replays.map((p) => [p.applied, p.replayed])).toEqual([
      [true, false],
      [false, true],
    ])
    const other = await rawGraphql(sb, INVENTORY_SET, {
      ...variables,
      input: { ...variables.input, quantities: [{ ...variables.input.quantities[0], quantity: 1 }] },
    })
    expect(other.data.inventorySetQuantities.userErrors[0].code).toBe('IDEMPOTENCY_KEY_PARAMETER_MISMATCH')
  })

  it('the idempotency key depends on the batch content only', () => {
    const e = [
      {
        key: 'a',
        inventoryItemId: 'gid://shopify/InventoryItem/1',
        locationId: 'gid://shopify/Location/2',
        quantity: 3,
        changeFrom: 1,
      },
    ]
    expect(idempotencyKey('c', e)).toBe(idempotencyKey('c', structuredClone(e)))
    expect(idempotencyKey('c', e)).not.toBe(idempotencyKey('c', [{ ...e[0]!, quantity: 4 }]))
    expect(idempotencyKey('c', e)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
