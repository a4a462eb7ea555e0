// The Shopify shapes the mapper reads: GraphQL Admin API nodes (as the connector's queries select
// them, field names checked against the 2026-07 SDL) and the REST resources webhooks carry.
// Only the fields the mapper uses are declared; everything is optional where Shopify allows null.
import type { SkuRule } from './sku-rule.ts'

export interface GqlMoney {
  amount: string
  currencyCode: string
}
export interface GqlMoneyBag {
  shopMoney: GqlMoney
  presentmentMoney?: GqlMoney | null
}

export interface GqlWeight {
  unit: 'GRAMS' | 'KILOGRAMS' | 'POUNDS' | 'OUNCES'
  value: number
}

export interface GqlInventoryItem {
  id: string
  sku?: string | null
  tracked?: boolean | null
  requiresShipping?: boolean | null
  harmonizedSystemCode?: string | null
  countryCodeOfOrigin?: string | null
  measurement?: { weight?: GqlWeight | null } | null
}

export interface GqlVariant {
  id: string
  title?: string | null
  sku?: string | null
  barcode?: string | null
  /** the Money scalar: a decimal string in the shop currency */
  price?: string | null
  compareAtPrice?: string | null
  position?: number | null
  selectedOptions?: { name: string; value: string }[] | null
  inventoryItem?: GqlInventoryItem | null
  updatedAt?: string | null
}

export interface GqlProduct {
  id: string
  handle: string
  title: string
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED' | 'UNLISTED'
  vendor?: string | null
  productType?: string | null
  descriptionHtml?: string | null
  updatedAt?: string | null
  /** a connection page, or (bulk JSONL) the variants gathered under the product */
  variants: { nodes: GqlVariant[] } | GqlVariant[]
}

export interface GqlLocation {
  id: string
  legacyResourceId?: string | null
  name: string
  isActive?: boolean | null
  fulfillsOnlineOrders?: boolean | null
  address?: { countryCode?: string | null; city?: string | null } | null
}

export interface GqlInventoryLevel {
  id?: string
  updatedAt?: string | null
  item: { id: string; sku?: string | null; tracked?: boolean | null }
  location: { id: string }
  quantities: { name: string; quantity: number }[]
}

export interface GqlAddress {
  name?: string | null
  firstName?: string | null
  lastName?: string | null
  company?: string | null
  address1?: string | null
  address2?: string | null
  city?: string | null
  province?: string | null
  provinceCode?: string | null
  zip?: string | null
  countryCodeV2?: string | null
  phone?: string | null
}

export interface GqlLineItem {
  id: string
  sku?: string | null
  title?: string | null
  quantity: number
  currentQuantity?: number | null
  requiresShipping?: boolean | null
  variant?: { id: string; sku?: string | null } | null
  originalUnitPriceSet: GqlMoneyBag
  totalDiscountSet?: GqlMoneyBag | null
  taxLines?: { priceSet: GqlMoneyBag }[] | null
}

export type GqlFinancialStatus =
  'PENDING' | 'AUTHORIZED' | 'PARTIALLY_PAID' | 'PARTIALLY_REFUNDED' | 'VOIDED' | 'PAID' | 'REFUNDED' | 'EXPIRED'
export type GqlFulfillmentStatus =
  | 'UNFULFILLED'
  | 'PARTIALLY_FULFILLED'
  | 'FULFILLED'
  | 'RESTOCKED'
  | 'PENDING_FULFILLMENT'
  | 'OPEN'
  | 'IN_PROGRESS'
  | 'ON_HOLD'
  | 'SCHEDULED'
  | 'REQUEST_DECLINED'

export type GqlRestockType = 'RETURN' | 'CANCEL' | 'LEGACY_RESTOCK' | 'NO_RESTOCK'

/** RefundLineItem [SDL 2026-07]: units of one line given back in one refund. */
export interface GqlRefundLineItem {
  id?: string | null
  quantity: number
  restockType: GqlRestockType
  lineItem: { id: string }
  location?: { id: string } | null
  subtotalSet?: GqlMoneyBag | null
  totalTaxSet?: GqlMoneyBag | null
}

export interface GqlRefund {
  id: string
  createdAt?: string | null
  processedAt?: string | null
  refundLineItems?: { nodes: GqlRefundLineItem[] } | GqlRefundLineItem[] | null
}

export interface GqlOrder {
  id: string
  name: string
  email?: string | null
  phone?: string | null
  createdAt: string
  processedAt?: string | null
  updatedAt?: string | null
  cancelledAt?: string | null
  displayFinancialStatus?: GqlFinancialStatus | null
  displayFulfillmentStatus?: GqlFulfillmentStatus | null
  currencyCode: string
  presentmentCurrencyCode?: string | null
  subtotalPriceSet?: GqlMoneyBag | null
  totalShippingPriceSet?: GqlMoneyBag | null
  totalTaxSet?: GqlMoneyBag | null
  totalDiscountsSet?: GqlMoneyBag | null
  totalPriceSet: GqlMoneyBag
  totalRefundedSet?: GqlMoneyBag | null
  customer?: { id?: string | null; displayName?: string | null; email?: string | null; phone?: string | null } | null
  shippingAddress?: GqlAddress | null
  lineItems: { nodes: GqlLineItem[] } | GqlLineItem[]
  refunds?: GqlRefund[] | null
}

export interface GqlFulfillment {
  id: string
  createdAt: string
  status?: string | null
  trackingInfo?: { company?: string | null; number?: string | null; url?: string | null }[] | null
  fulfillmentLineItems?: {
    nodes: {
      quantity?: number | null
      lineItem: { id: string; sku?: string | null; variant?: { id: string } | null }
    }[]
  } | null
  order?: { id: string } | null
}

// ---- REST (webhook bodies) -------------------------------------------------------------------

export interface RestMoneySet {
  shop_money: { amount: string; currency_code: string }
  presentment_money?: { amount: string; currency_code: string } | null
}

export interface RestAddress {
  first_name?: string | null
  last_name?: string | null
  name?: string | null
  company?: string | null
  address1?: string | null
  address2?: string | null
  city?: string | null
  province?: string | null
  province_code?: string | null
  country_code?: string | null
  zip?: string | null
  phone?: string | null
}

export interface RestLineItem {
  id: number | string
  admin_graphql_api_id?: string
  sku?: string | null
  title?: string | null
  quantity: number
  current_quantity?: number | null
  requires_shipping?: boolean | null
  variant_id?: number | string | null
  price_set?: RestMoneySet | null
  price?: string | null
  total_discount_set?: RestMoneySet | null
  tax_lines?: { price_set?: RestMoneySet | null; price?: string | null }[] | null
}

export interface RestOrder {
  id: number | string
  admin_graphql_api_id?: string
  name: string
  email?: string | null
  phone?: string | null
  created_at: string
  processed_at?: string | null
  updated_at?: string | null
  cancelled_at?: string | null
  financial_status?: string | null
  fulfillment_status?: string | null
  currency: string
  presentment_currency?: string | null
  subtotal_price_set?: RestMoneySet | null
  total_shipping_price_set?: RestMoneySet | null
  total_tax_set?: RestMoneySet | null
  total_discounts_set?: RestMoneySet | null
  total_price_set?: RestMoneySet | null
  total_price?: string | null
  current_total_price_set?: RestMoneySet | null
  customer?: {
    id?: number | string | null
    first_name?: string | null
    last_name?: string | null
    email?: string | null
    phone?: string | null
  } | null
  shipping_address?: RestAddress | null
  line_items: RestLineItem[]
  refunds?: RestRefund[] | null
}

export interface RestRefundLineItem {
  id?: number | string | null
  line_item_id: number | string
  quantity: number
  /** no_restock | cancel | return | legacy_restock */
  restock_type?: string | null
  location_id?: number | string | null
  subtotal_set?: RestMoneySet | null
  total_tax_set?: RestMoneySet | null
  /** JSON numbers in REST (195.66), not strings: used only when the *_set is absent */
  subtotal?: number | string | null
  total_tax?: number | string | null
}

/** A REST Refund: inside an order's `refunds`, or a refunds/create webhook body. */
export interface RestRefund {
  id?: number | string | null
  admin_graphql_api_id?: string
  order_id?: number | string | null
  created_at?: string | null
  processed_at?: string | null
  refund_line_items?: RestRefundLineItem[] | null
}

export interface RestVariant {
  id: number | string
  admin_graphql_api_id?: string
  title?: string | null
  sku?: string | null
  barcode?: string | null
  price?: string | null
  compare_at_price?: string | null
  position?: number | null
  option1?: string | null
  option2?: string | null
  option3?: string | null
  inventory_item_id?: number | string | null
  grams?: number | null
  weight?: number | null
  weight_unit?: string | null
  requires_shipping?: boolean | null
}

export interface RestProduct {
  id: number | string
  admin_graphql_api_id?: string
  title: string
  handle: string
  status?: string | null
  vendor?: string | null
  product_type?: string | null
  body_html?: string | null
  updated_at?: string | null
  variants?: RestVariant[] | null
  options?: { name: string; position?: number | null }[] | null
}

export interface RestFulfillment {
  id: number | string
  admin_graphql_api_id?: string
  order_id: number | string
  status?: string | null
  created_at: string
  tracking_company?: string | null
  tracking_number?: string | null
  tracking_numbers?: string[] | null
  tracking_url?: string | null
  tracking_urls?: string[] | null
  line_items?: RestLineItem[] | null
}

export interface RestInventoryLevel {
  inventory_item_id: number | string
  location_id: number | string
  available: number | null
  updated_at?: string | null
  admin_graphql_api_id?: string
}

/** What every mapping needs to know about the connection. */
export interface MapContext {
  connectionId: string
  /** the shop's currency (prices on variants carry none) */
  shopCurrency: string
  /** locale key for LocalizedText (titles), BCP 47 */
  locale?: string
  /** the shop's zone, for locations (Shopify locations carry none) */
  shopTimeZone?: string
  /** Shopify location gid → canonical location code; default SHOPIFY-<legacy id> */
  locationCodes?: Record<string, string>
  /** the connection's rule for variants without a SKU (default variant-id) */
  skuRule?: SkuRule
}
