// Shopify refunds → canonical refund lines: which order line, how many units, how they left the
// order (restock type) and what went back, so the engine releases what those units reserved
// (model/fulfilment.ts unitsStillReserved). From an order's `refunds` (GraphQL or REST) or a
// refunds/create webhook body.
import type { RefundLine, RestockTypeValue } from '../../model/index.ts'
import { gidOf, nodesOf, restBag, shop, utc } from './common.ts'
import type { GqlMoneyBag, GqlRefund, GqlRestockType, RestRefund, RestRefundLineItem } from './types.ts'

const RESTOCK: Record<GqlRestockType, RestockTypeValue> = {
  CANCEL: 'cancel',
  RETURN: 'return',
  NO_RESTOCK: 'no_restock',
  LEGACY_RESTOCK: 'legacy_restock',
}

/** Every refunded unit of every refund, line by line (refund lines of 0 units carry nothing). */
export function refundLinesOf(refunds: GqlRefund[] | null | undefined, currency: string): RefundLine[] {
  const out: RefundLine[] = []
  for (const r of refunds ?? []) {
    const at = utc(r.processedAt ?? r.createdAt)
    if (!at) continue
    for (const l of nodesOf(r.refundLineItems)) {
      if (!(l.quantity > 0)) continue
      const tax = shop(l.totalTaxSet, currency)
      const location = l.location?.id
      out.push({
        externalRefundId: r.id,
        externalLineId: l.lineItem.id,
        quantity: l.quantity,
        // an unknown type is still a refund: its units are off the order
        restockType: RESTOCK[l.restockType] ?? 'no_restock',
        amount: shop(l.subtotalSet, currency),
        ...(tax.amount ? { tax } : {}),
        refundedAt: at,
        ...(location ? { locationExternalId: location } : {}),
      })
    }
  }
  return out
}

/** A refund line's money: its *_set, else its plain REST number (195.66) in the order's currency. */
function lineMoney(l: RestRefundLineItem, field: 'subtotal' | 'total_tax', currency: string): GqlMoneyBag | null {
  const bag = restBag(field === 'subtotal' ? l.subtotal_set : l.total_tax_set)
  if (bag) return bag
  const n = l[field]
  return n === undefined || n === null ? null : { shopMoney: { amount: String(n), currencyCode: currency } }
}

/** A REST Refund (in an order's `refunds`, or a refunds/create body) in the GraphQL shape. */
export function refundFromRest(r: RestRefund, currency: string): GqlRefund {
  return {
    id: gidOf('Refund', r.id ?? null, r.admin_graphql_api_id) ?? `refund@${r.processed_at ?? r.created_at ?? ''}`,
    createdAt: r.created_at ?? null,
    processedAt: r.processed_at ?? null,
    refundLineItems: (r.refund_line_items ?? []).map((l) => {
      const location = gidOf('Location', l.location_id ?? null)
      return {
        quantity: l.quantity,
        restockType: (l.restock_type ?? 'no_restock').toUpperCase() as GqlRestockType,
        lineItem: { id: gidOf('LineItem', l.line_item_id)! },
        ...(location ? { location: { id: location } } : {}),
        subtotalSet: lineMoney(l, 'subtotal', currency),
        totalTaxSet: lineMoney(l, 'total_tax', currency),
      }
    }),
  }
}

/** A refunds/create webhook body: the order it belongs to, and its refund lines. */
export function refundFromShopifyWebhook(
  r: RestRefund,
  currency: string,
): { orderExternalId?: string; refunds: RefundLine[] } {
  const orderExternalId = gidOf('Order', r.order_id ?? null)
  return {
    ...(orderExternalId ? { orderExternalId } : {}),
    refunds: refundLinesOf([refundFromRest(r, currency)], currency),
  }
}
