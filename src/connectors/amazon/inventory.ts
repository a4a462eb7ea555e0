// MFN quantity push. Each item names its marketplace (scope or locationExternalId) and its seller
// SKU (externalSku / externalId, else the connection's alias table, else the canonical SKU). Per
// marketplace the batch goes by patchListingsItem (merge) when small, by one JSON_LISTINGS_FEED
// when it reaches `feedThreshold`; every item gets its own result either way.
import {
  patchOutcome,
  quantityPatchRequest,
  type ListingsSubmissionResponse,
  type QuantityUpdate,
  type SkuOutcome,
} from '../../mappers/amazon/index.ts'
import { isErrorCode, type ErrorCode } from '../../errors.ts'
import type { InventoryPushItem, PushResult, RecordError } from '../types.ts'
import { outcomeOfError, queryString, spApiFor, type AmazonContext, type SpApi } from './client.ts'
import { pushByFeed } from './feeds.ts'
import type { Marketplace } from './marketplaces.ts'
import { sellerSkuFor } from './settings.ts'

/** Patches in flight at once; the limiter (5/s, burst 5) does the pacing. */
const PATCH_CONCURRENCY = 5

interface Group {
  marketplace: Marketplace
  skus: Map<string, { quantity: number; keys: string[] }>
}

export type PushRoad = 'patch' | 'feed'

export async function pushInventory(
  ctx: AmazonContext,
  batch: InventoryPushItem[],
  force?: PushRoad,
): Promise<PushResult[]> {
  const api = spApiFor(ctx)
  const s = api.settings
  const results = new Map<string, PushResult>()
  const byKey = new Map(batch.map((b) => [b.key, b]))
  const groups = new Map<string, Group>()
  for (const item of batch) {
    const mid =
      item.scope ?? item.locationExternalId ?? (s.marketplaces.length === 1 ? s.marketplaces[0]!.id : undefined)
    const marketplace = s.marketplaces.find((m) => m.id === mid)
    if (!marketplace) {
      results.set(
        item.key,
        reject(
          item.key,
          'VALIDATION_FAILED',
          mid ? `marketplace ${mid} is not on this connection` : 'the item names no marketplace (scope)',
          'scope',
        ),
      )
      continue
    }
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 0) {
      results.set(
        item.key,
        reject(item.key, 'VALIDATION_FAILED', `quantity must be a whole number ≥ 0, got ${item.quantity}`, 'quantity'),
      )
      continue
    }
    const sellerSku = item.externalSku ?? item.externalId ?? sellerSkuFor(s, marketplace.id, item.sku)
    let g = groups.get(marketplace.id)
    if (!g) groups.set(marketplace.id, (g = { marketplace, skus: new Map() }))
    const entry = g.skus.get(sellerSku)
    // the same SKU twice in a batch: the later quantity is the newer one
    g.skus.set(sellerSku, { quantity: item.quantity, keys: [...(entry?.keys ?? []), item.key] })
  }
  await Promise.all(
    [...groups.values()].map(async (g) => {
      const updates: QuantityUpdate[] = [...g.skus].map(([sku, e]) => ({ sku, quantity: e.quantity }))
      const road = force ?? (updates.length >= s.feedThreshold ? 'feed' : 'patch')
      const outcomes =
        road === 'feed'
          ? await pushByFeed(ctx, api, g.marketplace, updates)
          : await pushByPatch(ctx, api, g.marketplace, updates)
      updates.forEach((u, i) => {
        const o = outcomes[i]!
        for (const key of g.skus.get(u.sku)!.keys) {
          results.set(key, {
            key,
            status: o.status,
            externalId: u.sku,
            ...(o.error ? { error: recordError(o.status, o.error) } : {}),
            ...(o.status === 'ok'
              ? {
                  bindings: [
                    {
                      entity: 'variant' as const,
                      canonicalKey: byKey.get(key)!.sku,
                      externalId: u.sku,
                      externalSku: u.sku,
                      scope: g.marketplace.id,
                    },
                  ],
                }
              : {}),
          })
        }
      })
    }),
  )
  return batch.map((b) => results.get(b.key)!)
}

/** A mapper's or feed's outcome as a catalog code, the Amazon code beside it. */
function recordError(status: PushResult['status'], e: { code: string; message: string; field?: string }): RecordError {
  if (isErrorCode(e.code)) return { ...e, code: e.code }
  return { ...e, code: status === 'retryable' ? 'CONNECTOR_UNAVAILABLE' : 'CONNECTOR_REJECTED', remoteCode: e.code }
}

function reject(key: string, code: ErrorCode, message: string, field?: string): PushResult {
  return { key, status: 'rejected', error: { code, message, ...(field ? { field } : {}) } }
}

export async function pushByPatch(
  ctx: AmazonContext,
  api: SpApi,
  mp: Marketplace,
  updates: QuantityUpdate[],
): Promise<SkuOutcome[]> {
  const s = api.settings
  const out: SkuOutcome[] = new Array(updates.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < updates.length; i = next++) {
      const u = updates[i]!
      try {
        const res = await api.call<ListingsSubmissionResponse>(mp.region, 'patchListingsItem', {
          method: 'PATCH',
          url:
            `/listings/2021-08-01/items/${encodeURIComponent(s.sellerId)}/${encodeURIComponent(u.sku)}` +
            queryString({ marketplaceIds: [mp.id], includedData: ['issues'] }),
          data: quantityPatchRequest(u.quantity, { productType: s.productType, channelCode: s.fulfillmentChannelCode }),
          headers: { 'content-type': 'application/json' },
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        })
        out[i] = patchOutcome(res)
      } catch (err) {
        out[i] = outcomeOfError(err)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PATCH_CONCURRENCY, updates.length) }, worker))
  return out
}
