// ShipBob Developer API 2026-01 wire shapes, only the fields crossdock reads or writes. Names and
// optionality follow ShipBob's own OpenAPI (vendored in brianzinn/shipbob-node-sdk,
// openapi-2026-01.json / src/client/2026-01/types.gen.ts): Orders.CreateOrderModel,
// Orders.OrderViewModel, Orders.ShipmentViewModel, Orders.TrackingViewModel,
// Inventory.InventoryQuantityFcResponse, Receiving.FulfillmentCenterViewModel, Webhooks.*.
// Types only: the sandbox and the adapter share the vocabulary, never the behaviour.

export type SbOrderStatus =
  'Processing' | 'Exception' | 'PartiallyFulfilled' | 'Fulfilled' | 'Cancelled' | 'ImportReview'
export type SbShipmentStatus =
  | 'None'
  | 'Processing'
  | 'Completed'
  | 'Exception'
  | 'OnHold'
  | 'Cancelled'
  | 'CleanSweeped'
  | 'LabeledCreated'
  | 'ImportReview'
export type SbOrderType = 'DTC' | 'DropShip' | 'B2B'

export interface SbAddress {
  address1: string
  address2?: string | null
  city: string
  state?: string | null
  zip_code?: string | null
  /** ISO 3166-1 alpha-2 */
  country: string
  company_name?: string | null
}

export interface SbRecipient {
  name: string
  address: SbAddress
  email?: string | null
  phone_number?: string | null
}

/** Orders.AddProductToOrderByReferenceIdModel: reference_id is the seller SKU */
export interface SbOrderProductInput {
  reference_id: string
  name: string | null
  quantity: number
  sku?: string | null
  unit_price?: number | null
  external_line_id?: number | null
  gtin?: string | null
  upc?: string | null
}

export interface SbTag {
  name: string
  value: string
}

export interface SbCreateOrder {
  reference_id: string
  order_number?: string | null
  shipping_method: string
  type: SbOrderType
  recipient: SbRecipient
  products: SbOrderProductInput[]
  location_id?: number | null
  purchase_date?: string | null
  tags?: SbTag[] | null
  gift_message?: string | null
}

export interface SbTracking {
  carrier?: string | null
  carrier_service?: string | null
  tracking_number?: string | null
  tracking_url?: string | null
  shipping_date?: string | null
  scac?: string | null
  bol?: string | null
  pro_number?: string | null
}

export interface SbInventoryItem {
  id?: number
  name?: string | null
  quantity?: number
  quantity_committed?: number
  lot?: string | null
}

export interface SbShipmentProduct {
  id?: number
  reference_id?: string | null
  sku?: string | null
  name?: string | null
  inventory_items?: SbInventoryItem[] | null
}

export interface SbStatusDetail {
  id?: number
  name?: string | null
  description?: string | null
  inventory_id?: number | null
  exception_fulfillment_center_id?: number | null
}

export interface SbShipment {
  id: number
  order_id: number
  /** the order's reference_id: for crossdock, our allocation id */
  reference_id?: string | null
  status?: SbShipmentStatus
  status_details?: SbStatusDetail[] | null
  location?: { id?: number; name?: string | null }
  created_date?: string
  last_update_at?: string | null
  actual_fulfillment_date?: string | null
  estimated_fulfillment_date?: string | null
  delivery_date?: string | null
  products?: SbShipmentProduct[] | null
  ship_option?: string | null
  tracking?: SbTracking | null
  is_tracking_uploaded?: boolean
  last_tracking_update_at?: string | null
  invoice_amount?: number | null
  invoice_currency_code?: string | null
  /** personal data: never logged */
  recipient?: {
    name?: string | null
    full_name?: string | null
    address?: SbAddress | null
    email?: string | null
    phone_number?: string | null
  } | null
}

export interface SbOrderProduct {
  id?: number | null
  reference_id?: string | null
  sku?: string | null
  quantity?: number
  unit_price?: number | null
}

export interface SbOrder {
  id: number
  reference_id?: string | null
  order_number?: string | null
  status?: SbOrderStatus
  type?: SbOrderType
  created_date?: string
  purchase_date?: string | null
  shipping_method?: string | null
  recipient?: SbRecipient
  products?: SbOrderProduct[] | null
  shipments?: SbShipment[] | null
  tags?: SbTag[] | null
  channel?: { id?: number; name?: string | null }
}

export interface SbCanceledOrder {
  order_id?: number
  order?: SbOrder
  status?: 'Success' | 'Failure' | 'PartialSuccess'
  canceled_shipment_results?:
    { shipment_id?: number; is_success?: boolean; reason?: string | null; action?: string }[] | null
}

export interface SbFulfillmentCenter {
  id: number
  name?: string | null
  address1?: string | null
  address2?: string | null
  city?: string | null
  state?: string | null
  country?: string | null
  zip_code?: string | null
  phone_number?: string | null
  email?: string | null
  /** free text in ShipBob's model; not promised to be an IANA zone */
  timezone?: string | null
}

export interface SbFcQuantity {
  location_id: number
  name?: string | null
  on_hand_quantity?: number
  committed_quantity?: number
  fulfillable_quantity?: number
  awaiting_quantity?: number
  internal_transfer_quantity?: number
}

export interface SbInventoryByFc {
  inventory_id: number
  sku?: string | null
  name?: string | null
  locations?: SbFcQuantity[] | null
}

/** 2026-01 list bodies that page by URL */
export interface SbPaged<T> {
  items?: T[] | null
  first?: string | null
  prev?: string | null
  next?: string | null
  last?: string | null
}

export type SbWebhookTopic =
  | 'order.shipped'
  | 'order.shipment.delivered'
  | 'order.shipment.exception'
  | 'order.shipment.on_hold'
  | 'order.shipment.cancelled'
  | 'return.created'
  | 'return.updated'
  | 'return.completed'
  | 'billing.charge.created'
  | 'billing.refund.created'
  | 'billing.credit.created'

export interface SbWebhookSubscription {
  id?: string
  topics?: SbWebhookTopic[]
  url?: string
  description?: string | null
  created_at?: string
  enabled?: boolean
  secret?: string
}

export interface SbChannel {
  id?: number
  name?: string | null
  application_name?: string | null
  scopes?: string[] | null
}

/** Orders 400/422: a field → messages map, e.g. {"": ["Cannot insert order with existing ReferenceId"]} */
export type SbFieldErrors = Record<string, string[]>
