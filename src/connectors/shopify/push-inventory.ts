// Inventory push with inventorySetQuantities under the 2026-07 rules: every entry carries
// changeFromQuantity (what the hub last saw there: compare-and-swap; null when unknown) and the
// call carries @idempotent(key:) derived from the batch content, so a retried call (timeout,
// 5xx, THROTTLED) is applied at most once. Batches hold up to 250 entries (Shopify's input-array
// cap). The mutation is atomic: when an entry fails, nothing in the call is applied, so the
// failing entries are taken out and the rest is sent again under a new key. An entry whose
// level moved (CHANGE_FROM_QUANTITY_STALE) is re-read and answered `conflict` with what is
// there now; the engine decides again.
import { createHash } from 'node:crypto'
import { CrossdockError } from '../../errors.ts'
import type { InventoryPushItem, PushResult } from '../types.ts'
import { shopifyClient, type ShopifyContext, type ShopifyGraphql } from './client.ts'
import { INVENTORY_SET, ITEMS_BY_VARIANTS, LEVELS_BY_ITEMS, VARIANTS_BY_SKU } from './documents.ts'

export const INVENTORY_BATCH = 250
const SKU_LOOKUP_BATCH = 50

interface Entry {
  item: InventoryPushItem
  inventoryItemId: string
  locationId: string
}
type UserError = { field: string[] | null; message: string; code: string | null }

const typeOf = (gid: string | undefined) => (gid ? /^gid:\/\/shopify\/(\w+)\//.exec(gid)?.[1] : undefined)

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n))
  return out
}

/** A UUID-shaped key from the batch content (Shopify's examples use UUIDs). */
export function idempotencyKey(
  connectionId: string,
  entries: { key: string; inventoryItemId: string; locationId: string; quantity: number; changeFrom: number | null }[],
  salt = '',
): string {
  const h = createHash('sha256')
    .update(JSON.stringify([connectionId, salt, entries]))
    .digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`
}

async function resolveItems(client: ShopifyGraphql, items: InventoryPushItem[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const byVariant: InventoryPushItem[] = []
  const bySku: InventoryPushItem[] = []
  for (const it of items) {
    const direct = [it.scope, it.externalId].find((g) => typeOf(g) === 'InventoryItem')
    if (direct) out.set(it.key, direct)
    else if (typeOf(it.externalId) === 'ProductVariant') byVariant.push(it)
    else bySku.push(it)
  }
  for (const part of chunk(byVariant, INVENTORY_BATCH)) {
    const { data } = await client.call<{ nodes: ({ id: string; inventoryItem: { id: string } } | null)[] }>(
      'itemsByVariants',
      ITEMS_BY_VARIANTS,
      { ids: part.map((p) => p.externalId) },
      { estimate: 20 },
    )
    const byId = new Map(data.nodes.filter(Boolean).map((n) => [n!.id, n!.inventoryItem.id]))
    for (const p of part) if (byId.has(p.externalId!)) out.set(p.key, byId.get(p.externalId!)!)
  }
  for (const part of chunk(bySku, SKU_LOOKUP_BATCH)) {
    const skus = [...new Set(part.map((p) => p.externalSku ?? p.sku))]
    const query = skus.map((s) => `sku:'${s.replace(/['\\]/g, '\\$&')}'`).join(' OR ')
    const { data } = await client.call<{
      productVariants: { nodes: { sku: string | null; inventoryItem: { id: string } }[] }
    }>('variantsBySku', VARIANTS_BY_SKU, { first: 250, query }, { estimate: 30 })
    const bySkuMap = new Map<string, string[]>()
    for (const n of data.productVariants.nodes)
      if (n.sku) bySkuMap.set(n.sku, [...(bySkuMap.get(n.sku) ?? []), n.inventoryItem.id])
    // a SKU on two variants is ambiguous (Shopify SKUs are not unique): refuse rather than guess
    for (const p of part) {
      const ids = bySkuMap.get(p.externalSku ?? p.sku)
      if (ids?.length === 1) out.set(p.key, ids[0]!)
    }
  }
  return out
}

interface LevelNode {
  id: string
  inventoryLevel: { quantities: { name: string; quantity: number }[] } | null
}

async function observe(client: ShopifyGraphql, entries: Entry[]): Promise<Map<Entry, number>> {
  const out = new Map<Entry, number>()
  const byLocation = new Map<string, Entry[]>()
  for (const e of entries) byLocation.set(e.locationId, [...(byLocation.get(e.locationId) ?? []), e])
  for (const [locationId, list] of byLocation) {
    for (const part of chunk(list, INVENTORY_BATCH)) {
      const { data } = await client.call<{ nodes: (LevelNode | null)[] }>(
        'levelsByItems',
        LEVELS_BY_ITEMS,
        { ids: part.map((e) => e.inventoryItemId), locationId },
        { estimate: 40 },
      )
      const byItem = new Map(
        data.nodes
          .filter(Boolean)
          .map((n) => [n!.id, n!.inventoryLevel?.quantities.find((q) => q.name === 'available')?.quantity ?? 0]),
      )
      for (const e of part) out.set(e, byItem.get(e.inventoryItemId) ?? 0)
    }
  }
  return out
}

function indexOf(err: UserError): number | undefined {
  const f = err.field ?? []
  const at = f.indexOf('quantities')
  if (at < 0 || f[at + 1] === undefined) return undefined
  const n = Number(f[at + 1])
  return Number.isInteger(n) ? n : undefined
}

async function sendBatch(
  ctx: ShopifyContext,
  client: ShopifyGraphql,
  batch: Entry[],
  results: Map<string, PushResult>,
): Promise<void> {
  let pending = batch
  const stale: Entry[] = []
  let salt = 0
  while (pending.length) {
    const entries = pending.map((e) => ({
      key: e.item.key,
      inventoryItemId: e.inventoryItemId,
      locationId: e.locationId,
      quantity: e.item.quantity,
      changeFrom: e.item.previousQuantity ?? null,
    }))
    const input = {
      name: 'available',
      reason: 'correction',
      referenceDocumentUri: `crossdock://connections/${ctx.connectionId}/inventory-push`,
      quantities: entries.map((e) => ({
        inventoryItemId: e.inventoryItemId,
        locationId: e.locationId,
        quantity: e.quantity,
        changeFromQuantity: e.changeFrom,
      })),
    }
    const { data } = await client.call<{
      inventorySetQuantities: { inventoryAdjustmentGroup: { id: string } | null; userErrors: UserError[] }
    }>(
      'inventorySetQuantities',
      INVENTORY_SET,
      { input, idempotencyKey: idempotencyKey(ctx.connectionId, entries, salt ? String(salt) : '') },
      { estimate: 10 },
    )
    const errors = data.inventorySetQuantities.userErrors
    if (!errors.length) {
      for (const e of pending) results.set(e.item.key, { key: e.item.key, status: 'ok', externalId: e.inventoryItemId })
      break
    }
    const failed = new Set<number>()
    for (const err of errors) {
      const i = indexOf(err)
      if (i === undefined || !pending[i]) continue
      failed.add(i)
      const e = pending[i]!
      if (err.code === 'CHANGE_FROM_QUANTITY_STALE') stale.push(e)
      else
        results.set(e.item.key, {
          key: e.item.key,
          status: 'rejected',
          externalId: e.inventoryItemId,
          error: {
            code: 'CONNECTOR_REJECTED',
            ...(err.code ? { remoteCode: err.code } : {}),
            message: err.message,
            field: (err.field ?? []).join('.'),
          },
        })
    }
    if (failed.size === 0) {
      // an error about the call itself: a key reused with other content or after a failure
      // gets a fresh salt once; anything else fails the whole batch for a later retry
      const code = errors[0]!.code
      if (
        (code === 'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED' ||
          code === 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH' ||
          code === 'IDEMPOTENCY_CONCURRENT_REQUEST') &&
        salt < 3
      ) {
        salt++
        continue
      }
      for (const e of pending)
        results.set(e.item.key, {
          key: e.item.key,
          status: 'retryable',
          error: {
            code: 'CONNECTOR_UNAVAILABLE',
            ...(code ? { remoteCode: code } : {}),
            message: errors.map((x) => x.message).join('; '),
          },
        })
      break
    }
    pending = pending.filter((_, i) => !failed.has(i))
  }
  if (stale.length) {
    const seen = await observe(client, stale)
    for (const e of stale) {
      results.set(e.item.key, {
        key: e.item.key,
        status: 'conflict',
        externalId: e.inventoryItemId,
        observed: seen.get(e) ?? 0,
        error: {
          code: 'CONNECTOR_CONFLICT',
          remoteCode: 'CHANGE_FROM_QUANTITY_STALE',
          message: `Shopify holds ${seen.get(e) ?? 0}, not ${e.item.previousQuantity}`,
        },
      })
    }
  }
}

async function inParallel<T>(tasks: T[], limit: number, run: (t: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < tasks.length) await run(tasks[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
}

export async function pushInventory(ctx: ShopifyContext, items: InventoryPushItem[]): Promise<PushResult[]> {
  const client = shopifyClient(ctx)
  const results = new Map<string, PushResult>()
  const ids = await resolveItems(client, items)
  const entries: Entry[] = []
  const seen = new Map<string, Entry>()
  for (const item of items) {
    const inventoryItemId = ids.get(item.key)
    const locationId = typeOf(item.locationExternalId) === 'Location' ? item.locationExternalId! : undefined
    if (!inventoryItemId) {
      results.set(item.key, {
        key: item.key,
        status: 'rejected',
        error: {
          code: 'SKU_UNKNOWN',
          message: `no single Shopify inventory item for SKU ${item.externalSku ?? item.sku}`,
          field: 'externalId',
        },
      })
      continue
    }
    if (!locationId) {
      results.set(item.key, {
        key: item.key,
        status: 'rejected',
        error: {
          code: 'MAPPING_FIELD_MISSING',
          message: 'no Shopify location for this level',
          field: 'locationExternalId',
        },
      })
      continue
    }
    const pair = `${inventoryItemId}|${locationId}`
    const earlier = seen.get(pair)
    if (earlier)
      results.set(earlier.item.key, {
        key: earlier.item.key,
        status: 'rejected',
        error: { code: 'DUPLICATE_IN_BATCH', message: `a later entry (${item.key}) sets the same item and location` },
      })
    const e = { item, inventoryItemId, locationId }
    seen.set(pair, e)
  }
  entries.push(...seen.values())
  await inParallel(chunk(entries, INVENTORY_BATCH), ctx.settings.pushConcurrency ?? 4, async (b) => {
    try {
      await sendBatch(ctx, client, b, results)
    } catch (err) {
      const e = err instanceof CrossdockError ? err : new CrossdockError('CONNECTOR_NETWORK', String(err))
      for (const x of b)
        if (!results.has(x.item.key))
          results.set(x.item.key, {
            key: x.item.key,
            status: e.retryable ? 'retryable' : 'rejected',
            error: { code: e.code, message: e.message },
          })
    }
  })
  return items.map(
    (i) =>
      results.get(i.key) ?? {
        key: i.key,
        status: 'retryable',
        error: { code: 'CONNECTOR_UNAVAILABLE', message: 'not sent' },
      },
  )
}
