// Webhook bodies: Shopify delivers the full REST resource of the topic (orders/create carries a
// REST Order, products/update a REST Product, inventory_levels/update a REST InventoryLevel),
// with numeric ids, padded decimal strings and shop-offset timestamps. Field lists follow
// specs/shopify.md §6 (Shopify's REST fixtures in shopify-app-js).
import { padded, restId, restMoneySet, restTime } from './format.ts'
import { currentQuantity, displayFulfillmentStatus, orderFigures, type Pair } from './order-math.ts'
import type {
  AddressRec,
  FulfillmentRec,
  LevelRec,
  OrderLineRec,
  OrderRec,
  ProductRec,
  RefundRec,
  ShopStore,
} from './store.ts'

export function restAddress(a: AddressRec | null) {
  if (!a) return null
  const name = [a.firstName, a.lastName].filter(Boolean).join(' ') || null
  return {
    first_name: a.firstName ?? null,
    last_name: a.lastName ?? null,
    name,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    province_code: a.provinceCode ?? null,
    country: a.country ?? null,
    country_code: a.countryCode,
    zip: a.zip ?? null,
    phone: a.phone ?? null,
    latitude: null,
    longitude: null,
  }
}

export function restProduct(store: ShopStore, p: ProductRec) {
  const tz = store.shop.ianaTimezone
  const cur = store.shop.currencyCode
  return {
    id: restId(p.legacyId),
    title: p.title,
    body_html: p.descriptionHtml,
    vendor: p.vendor,
    product_type: p.productType,
    created_at: restTime(p.createdAt, tz),
    handle: p.handle,
    updated_at: restTime(p.updatedAt, tz),
    published_at: restTime(p.createdAt, tz),
    status: p.status.toLowerCase(),
    tags: p.tags.join(', '),
    admin_graphql_api_id: p.id,
    variants: p.variantIds.map((vid) => {
      const v = store.variants.get(vid)!
      const item = store.items.get(v.inventoryItemId)!
      const qty = store.levelsOfItem(item.id).reduce((s, l) => s + l.q.available, 0)
      const grams =
        item.weight.unit === 'GRAMS'
          ? item.weight.value
          : item.weight.unit === 'KILOGRAMS'
            ? item.weight.value * 1000
            : Math.round(item.weight.value * (item.weight.unit === 'POUNDS' ? 453.59237 : 28.349523125))
      return {
        id: restId(v.legacyId),
        product_id: restId(p.legacyId),
        title: v.title,
        price: v.price,
        compare_at_price: v.compareAtPrice,
        sku: v.sku,
        barcode: v.barcode,
        position: v.position,
        inventory_policy: v.inventoryPolicy.toLowerCase(),
        inventory_management: item.tracked ? 'shopify' : null,
        inventory_item_id: restId(item.legacyId),
        inventory_quantity: qty,
        old_inventory_quantity: qty,
        grams,
        weight: item.weight.value,
        weight_unit: { GRAMS: 'g', KILOGRAMS: 'kg', POUNDS: 'lb', OUNCES: 'oz' }[item.weight.unit],
        requires_shipping: item.requiresShipping,
        taxable: v.taxable,
        option1: v.selectedOptions[0]?.value ?? null,
        option2: v.selectedOptions[1]?.value ?? null,
        option3: v.selectedOptions[2]?.value ?? null,
        presentment_prices: [{ price: { amount: v.price, currency_code: cur }, compare_at_price: null }],
        created_at: restTime(v.createdAt, tz),
        updated_at: restTime(v.updatedAt, tz),
        admin_graphql_api_id: v.id,
      }
    }),
    options: p.options.map((o, i) => ({
      id: restId(o.id.split('/').pop()),
      product_id: restId(p.legacyId),
      name: o.name,
      position: i + 1,
      values: o.values,
    })),
    images: [],
    image: null,
  }
}

export function restInventoryLevel(store: ShopStore, l: LevelRec) {
  const item = store.items.get(l.itemId)!
  const loc = store.locations.get(l.locationId)!
  return {
    inventory_item_id: restId(item.legacyId),
    location_id: restId(loc.legacyId),
    available: item.tracked ? l.q.available : null,
    updated_at: restTime(l.updatedAt, store.shop.ianaTimezone),
    admin_graphql_api_id: l.id,
  }
}

function restLine(store: ShopStore, o: OrderRec, l: OrderLineRec, quantity = l.quantity) {
  const fos = [...store.fulfillmentOrders.values()].filter(
    (f) => f.orderId === o.id && (f.status === 'OPEN' || f.status === 'IN_PROGRESS'),
  )
  const fulfillable = fos
    .flatMap((f) => f.lineItems)
    .filter((x) => x.lineItemId === l.id)
    .reduce((s, x) => s + x.remainingQuantity, 0)
  const shipped = [...store.fulfillments.values()]
    .filter((f) => f.orderId === o.id)
    .flatMap((f) => f.lines)
    .filter((x) => x.lineItemId === l.id)
    .reduce((s, x) => s + x.quantity, 0)
  const set = (p: Pair) => restMoneySet(p.shop, p.pres, o.currency, o.presentmentCurrency)
  const variant = l.variantId ? store.variants.get(l.variantId) : undefined
  const item = variant ? store.items.get(variant.inventoryItemId) : undefined
  return {
    id: restId(l.legacyId),
    admin_graphql_api_id: l.id,
    product_id: restId(l.productId?.split('/').pop()),
    variant_id: restId(variant?.legacyId),
    sku: l.sku,
    title: l.title,
    variant_title: l.variantTitle,
    name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
    vendor: l.vendor,
    quantity,
    current_quantity: currentQuantity(l),
    fulfillable_quantity: fulfillable,
    fulfillment_status: shipped === 0 ? null : shipped >= currentQuantity(l) ? 'fulfilled' : 'partial',
    fulfillment_service: 'manual',
    requires_shipping: l.requiresShipping,
    taxable: l.taxable,
    gift_card: false,
    grams: item?.weight.unit === 'GRAMS' ? item.weight.value : 0,
    price: padded(l.unitPrice, o.currency),
    price_set: set({ shop: l.unitPrice, pres: l.unitPriceP }),
    total_discount: padded(l.discount, o.currency),
    total_discount_set: set({ shop: l.discount, pres: l.discountP }),
    properties: [],
    discount_allocations: [],
    duties: [],
    tax_lines:
      l.tax || l.taxP
        ? [
            {
              title: 'Tax',
              rate: Number(l.taxRate),
              price: padded(l.tax, o.currency),
              price_set: set({ shop: l.tax, pres: l.taxP }),
            },
          ]
        : [],
  }
}

export function restFulfillment(store: ShopStore, f: FulfillmentRec) {
  const o = store.orders.get(f.orderId)!
  const tz = store.shop.ianaTimezone
  const first = f.tracking[0]
  return {
    id: restId(f.legacyId),
    admin_graphql_api_id: f.id,
    order_id: restId(o.legacyId),
    name: f.name,
    status: f.status.toLowerCase(),
    created_at: restTime(f.createdAt, tz),
    updated_at: restTime(f.updatedAt, tz),
    service: 'manual',
    shipment_status: null,
    location_id: restId(store.locations.get(f.locationId)?.legacyId),
    origin_address: null,
    email: o.email,
    destination: restAddress(o.shippingAddress),
    tracking_company: first?.company ?? null,
    tracking_number: first?.number ?? null,
    tracking_numbers: f.tracking.map((t) => t.number).filter(Boolean),
    tracking_url: first?.url ?? null,
    tracking_urls: f.tracking.map((t) => t.url).filter(Boolean),
    receipt: {},
    line_items: f.lines.map((x) =>
      restLine(
        store,
        o,
        o.lines.find((l) => l.id === x.lineItemId)!,
        x.quantity,
      ),
    ),
  }
}

const FINANCIAL: Record<OrderRec['financialStatus'], string> = {
  PENDING: 'pending',
  AUTHORIZED: 'authorized',
  PAID: 'paid',
  PARTIALLY_PAID: 'partially_paid',
  PARTIALLY_REFUNDED: 'partially_refunded',
  REFUNDED: 'refunded',
  VOIDED: 'voided',
}

export function restOrder(store: ShopStore, o: OrderRec) {
  const tz = store.shop.ianaTimezone
  const fig = orderFigures(o)
  const set = (p: Pair) => restMoneySet(p.shop, p.pres, o.currency, o.presentmentCurrency)
  const fos = [...store.fulfillmentOrders.values()].filter((f) => f.orderId === o.id)
  const fulfillments = [...store.fulfillments.values()].filter((f) => f.orderId === o.id)
  const display = displayFulfillmentStatus(o, fos, fulfillments)
  const gross = o.lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0)
  return {
    id: restId(o.legacyId),
    admin_graphql_api_id: o.id,
    name: o.name,
    order_number: o.number,
    number: o.number - 1000,
    email: o.email,
    contact_email: o.email,
    phone: o.phone,
    confirmed: true,
    test: o.test,
    created_at: restTime(o.createdAt, tz),
    updated_at: restTime(o.updatedAt, tz),
    processed_at: restTime(o.processedAt, tz),
    cancelled_at: restTime(o.cancelledAt, tz),
    cancel_reason: o.cancelReason?.toLowerCase() ?? null,
    closed_at: restTime(o.closedAt, tz),
    financial_status: FINANCIAL[o.financialStatus],
    fulfillment_status: display === 'FULFILLED' ? 'fulfilled' : display === 'PARTIALLY_FULFILLED' ? 'partial' : null,
    tags: o.tags.join(', '),
    note: o.note,
    note_attributes: [],
    source_name: 'web',
    currency: o.currency,
    presentment_currency: o.presentmentCurrency,
    taxes_included: false,
    total_price: padded(fig.total.shop, o.currency),
    subtotal_price: padded(fig.subtotal.shop, o.currency),
    total_tax: padded(fig.tax.shop, o.currency),
    total_discounts: padded(fig.discounts.shop, o.currency),
    total_line_items_price: padded(gross, o.currency),
    current_total_price: padded(fig.currentTotal.shop, o.currency),
    total_price_set: set(fig.total),
    subtotal_price_set: set(fig.subtotal),
    total_tax_set: set(fig.tax),
    total_discounts_set: set(fig.discounts),
    total_shipping_price_set: set(fig.shipping),
    current_total_price_set: set(fig.currentTotal),
    current_subtotal_price_set: set(fig.currentSubtotal),
    current_total_tax_set: set(fig.currentTax),
    total_weight: 0,
    tax_lines: [],
    discount_codes: [],
    discount_applications: [],
    shipping_address: restAddress(o.shippingAddress),
    billing_address: restAddress(o.billingAddress),
    customer: o.customer
      ? {
          id: restId(o.customer.legacyId),
          admin_graphql_api_id: o.customer.id,
          email: o.customer.email,
          first_name: o.customer.firstName,
          last_name: o.customer.lastName,
          phone: o.customer.phone,
        }
      : null,
    line_items: o.lines.map((l) => restLine(store, o, l)),
    shipping_lines:
      o.shipping || o.shippingP
        ? [
            {
              code: 'Standard',
              title: o.shippingTitle,
              price: padded(o.shipping, o.currency),
              price_set: set({ shop: o.shipping, pres: o.shippingP }),
            },
          ]
        : [],
    fulfillments: fulfillments.map((f) => restFulfillment(store, f)),
    refunds: o.refunds.map((r) => restRefund(store, o, r)),
  }
}

/**
 * The REST Refund (refunds/create carries it; orders carry a list): refund_line_items with
 * restock_type (no_restock | cancel | return | legacy_restock) and the location restocked to;
 * subtotal and total_tax are JSON numbers there (specs/shopify.md §6).
 */
export function restRefund(store: ShopStore, o: OrderRec, r: RefundRec) {
  const tz = store.shop.ianaTimezone
  const set = (p: Pair) => restMoneySet(p.shop, p.pres, o.currency, o.presentmentCurrency)
  return {
    id: restId(r.legacyId),
    admin_graphql_api_id: r.id,
    order_id: restId(o.legacyId),
    created_at: restTime(r.createdAt, tz),
    processed_at: restTime(r.createdAt, tz),
    note: r.note,
    restock: r.lines.some((l) => l.restockType !== 'NO_RESTOCK'),
    user_id: null,
    refund_line_items: r.lines.map((rl) => {
      const line = o.lines.find((l) => l.id === rl.lineItemId)!
      return {
        id: restId(rl.id.split('/').pop()),
        line_item_id: restId(line.legacyId),
        quantity: rl.quantity,
        restock_type: rl.restockType.toLowerCase(),
        location_id: restId(rl.locationId ? store.locations.get(rl.locationId)?.legacyId : undefined),
        subtotal: Number(padded(rl.subtotal, o.currency)),
        total_tax: Number(padded(rl.tax, o.currency)),
        subtotal_set: set({ shop: rl.subtotal, pres: rl.subtotalP }),
        total_tax_set: set({ shop: rl.tax, pres: rl.taxP }),
        line_item: restLine(store, o, line),
      }
    }),
    transactions: [],
    order_adjustments: [],
  }
}
