// FBA Inventory v1 getInventorySummaries [M-fba]: granularity Marketplace only, one marketplace,
// up to 50 summaries a page, `pagination` beside `payload`, nextToken good for 30 seconds;
// details=true adds inventoryDetails; startDateTime filters on lastUpdatedTime (and then sellerSkus
// is ignored). Also the model's sandbox-only operations that seed stock (createInventoryItem,
// addInventory, deleteInventoryItem), so a client can prepare FBA stock the way Amazon's own
// sandbox lets it.
import type { FastifyInstance } from 'fastify'
import { registerOperation, invalid, SpApiError, type SpApiContext } from './http.ts'
import { PageTokens } from './paging.ts'
import { SandboxState, type FbaStock } from './state.ts'

const PAGE = 50
const TOKEN_TTL_MS = 30_000

export function fbaStockTotals(f: FbaStock) {
  const reserved = f.reservedPendingOrders + f.reservedFcProcessing
  return {
    reserved,
    total: f.fulfillable + reserved + f.inboundWorking + f.inboundShipped + f.inboundReceiving + f.unfulfillable,
  }
}

function render(f: FbaStock, details: boolean): Record<string, unknown> {
  const t = fbaStockTotals(f)
  return {
    asin: f.asin,
    fnSku: f.fnSku,
    sellerSku: f.sku,
    condition: 'NewItem',
    productName: f.productName,
    lastUpdatedTime: f.lastUpdated,
    totalQuantity: t.total,
    stores: [],
    ...(details
      ? {
          inventoryDetails: {
            fulfillableQuantity: f.fulfillable,
            inboundWorkingQuantity: f.inboundWorking,
            inboundShippedQuantity: f.inboundShipped,
            inboundReceivingQuantity: f.inboundReceiving,
            reservedQuantity: {
              totalReservedQuantity: t.reserved,
              pendingCustomerOrderQuantity: f.reservedPendingOrders,
              pendingTransshipmentQuantity: 0,
              fcProcessingQuantity: f.reservedFcProcessing,
            },
            researchingQuantity: { totalResearchingQuantity: 0, researchingQuantityBreakdown: [] },
            unfulfillableQuantity: {
              totalUnfulfillableQuantity: f.unfulfillable,
              customerDamagedQuantity: 0,
              warehouseDamagedQuantity: f.unfulfillable,
              distributorDamagedQuantity: 0,
              carrierDamagedQuantity: 0,
              defectiveQuantity: 0,
              expiredQuantity: 0,
            },
          },
        }
      : {}),
  }
}

export function newFbaStock(marketplaceId: string, sku: string, now: string, productName = sku): FbaStock {
  return {
    marketplaceId,
    sku,
    asin: SandboxState.asin(sku),
    fnSku: 'X00' + SandboxState.asin(sku).slice(3),
    productName,
    fulfillable: 0,
    reservedPendingOrders: 0,
    reservedFcProcessing: 0,
    inboundWorking: 0,
    inboundShipped: 0,
    inboundReceiving: 0,
    unfulfillable: 0,
    lastUpdated: now,
  }
}

export function registerFba(app: FastifyInstance, c: SpApiContext): void {
  const pages = new PageTokens(c.now)
  const s = c.state
  registerOperation(app, c, 'getInventorySummaries', (req) => {
    const q = req.query
    const mid = (q.marketplaceIds as string[])[0]!
    if (q.granularityId !== mid) throw invalid('granularityId must be the marketplace in marketplaceIds.')
    let list: FbaStock[],
      offset = 0
    if (q.nextToken) {
      const t = pages.take<FbaStock>(q.nextToken)
      list = t.items
      offset = t.offset
    } else {
      const since = q.startDateTime ? Date.parse(q.startDateTime) : undefined
      const skus =
        since === undefined
          ? ((q.sellerSkus as string[] | undefined) ?? (q.sellerSku ? [q.sellerSku] : undefined))
          : undefined
      list = [...s.fba.values()]
        .filter(
          (f) =>
            f.marketplaceId === mid &&
            (!skus || skus.includes(f.sku)) &&
            (since === undefined || Date.parse(f.lastUpdated) >= since),
        )
        .sort((a, b) => a.sku.localeCompare(b.sku))
    }
    const { page, next } = pages.page(list, offset, PAGE, TOKEN_TTL_MS)
    return {
      status: 200,
      body: {
        payload: {
          granularity: { granularityType: 'Marketplace', granularityId: mid },
          inventorySummaries: page.map((f) => render(f, q.details === true)),
        },
        ...(next ? { pagination: { nextToken: next } } : {}),
      },
    }
  })
  registerOperation(app, c, 'createInventoryItem', (req) => {
    const b = req.body as { sellerSku: string; marketplaceId: string; productName: string }
    const key = SandboxState.listingKey(b.marketplaceId, b.sellerSku)
    if (!s.fba.has(key))
      s.fba.set(key, newFbaStock(b.marketplaceId, b.sellerSku, new Date(c.now()).toISOString(), b.productName))
    return { status: 200, body: {} }
  })
  registerOperation(app, c, 'addInventory', (req) => {
    for (const i of (req.body as { inventoryItems?: { sellerSku: string; marketplaceId: string; quantity: number }[] })
      .inventoryItems ?? []) {
      const f = s.fbaStock(i.marketplaceId, i.sellerSku)
      if (!f) throw invalid(`No inventory item ${i.sellerSku} in ${i.marketplaceId}; create it first.`)
      f.fulfillable += i.quantity
      f.lastUpdated = new Date(c.now()).toISOString()
    }
    return { status: 200, body: {} }
  })
  registerOperation(app, c, 'deleteInventoryItem', (req) => {
    const key = SandboxState.listingKey(req.query.marketplaceId as string, req.params.sellerSku!)
    if (!s.fba.delete(key)) throw new SpApiError(404, 'NotFound', `No inventory item ${req.params.sellerSku}.`)
    return { status: 200, body: {} }
  })
}
