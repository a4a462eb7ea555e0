// The sandbox's own view of ShipBob's 2026-01 wire shapes, named after the schemas of ShipBob's
// OpenAPI document (openapi-2026-01.json.gz): only the fields the sandbox keeps. These types are a
// convenience for the sandbox's code; what it actually sends and accepts is checked against the
// document itself (contract.ts), so a field ShipBob does not declare cannot slip through here.

/** Orders.OrderStatus */
export type OrderStatus = 'Processing' | 'Exception' | 'PartiallyFulfilled' | 'Fulfilled' | 'Cancelled' | 'ImportReview'
/** Orders.OrderStatusEnum (a shipment's status) */
export type ShipmentStatus =
  | 'None'
  | 'Processing'
  | 'Completed'
  | 'Exception'
  | 'OnHold'
  | 'Cancelled'
  | 'CleanSweeped'
  | 'LabeledCreated'
  | 'ImportReview'
/** Orders.OrderType */
export type OrderType = 'DTC' | 'DropShip' | 'B2B'

/** Orders.AddressViewModel */
export interface Address {
  address1: string
  address2?: string | null
  city: string
  state?: string | null
  zip_code?: string | null
  country: string
  company_name?: string | null
}

/** Orders.RecipientInfoViewModel */
export interface Recipient {
  name: string
  address: Address
  email?: string | null
  phone_number?: string | null
}

/** Orders.AddProductToOrderByReferenceIdModel */
export interface OrderProductInput {
  reference_id: string
  name: string | null
  quantity: number
  sku?: string | null
  unit_price?: number | null
}

/** Orders.TagViewModel */
export interface Tag {
  name: string
  value: string
}

/** Orders.CreateOrderModel */
export interface CreateOrder {
  reference_id: string
  order_number?: string | null
  shipping_method: string
  type: OrderType
  recipient: Recipient
  products: OrderProductInput[]
  location_id?: number | null
  purchase_date?: string | null
  tags?: Tag[] | null
}

/** Orders.TrackingViewModel */
export interface Tracking {
  carrier?: string | null
  carrier_service?: string | null
  tracking_number?: string | null
  tracking_url?: string | null
  shipping_date?: string | null
  scac?: string | null
  bol?: string | null
  pro_number?: string | null
}

/** Orders.StatusDetailViewModel */
export interface StatusDetail {
  id?: number
  name?: string | null
  description?: string | null
  inventory_id?: number | null
  exception_fulfillment_center_id?: number | null
}

/** Orders.ShipmentProductViewModel with its Orders.InventoryViewModel items */
export interface ShipmentProduct {
  id?: number
  reference_id?: string | null
  sku?: string | null
  name?: string | null
  inventory_items?: { id?: number; name?: string | null; quantity?: number; quantity_committed?: number }[] | null
}

/** Orders.ShipmentViewModel; `tracking` is absent until there is one (the model does not let it be null) */
export interface Shipment {
  id: number
  order_id: number
  reference_id?: string | null
  status?: ShipmentStatus
  status_details?: StatusDetail[] | null
  location?: { id?: number; name?: string | null }
  created_date?: string
  last_update_at?: string | null
  actual_fulfillment_date?: string | null
  delivery_date?: string | null
  products?: ShipmentProduct[] | null
  ship_option?: string | null
  tracking?: Tracking
  is_tracking_uploaded?: boolean
  last_tracking_update_at?: string | null
  recipient?: Recipient | null
}

/** Orders.OrderViewModel */
export interface Order {
  id: number
  reference_id?: string | null
  order_number?: string | null
  status?: OrderStatus
  type?: OrderType
  created_date?: string
  purchase_date?: string | null
  shipping_method?: string | null
  recipient?: Recipient
  products?:
    | {
        id?: number | null
        reference_id?: string | null
        sku?: string | null
        quantity?: number
        unit_price?: number | null
      }[]
    | null
  shipments?: Shipment[] | null
  tags?: Tag[] | null
  channel?: { id?: number; name?: string | null }
}

/** Receiving.FulfillmentCenterViewModel */
export interface FulfillmentCenter {
  id: number
  name?: string | null
  city?: string | null
  state?: string | null
  country?: string | null
  timezone?: string | null
}

/** Webhooks.Topics */
export type WebhookTopic =
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

/** Orders.Post.Api.Order.Bad.Request.Object and friends: field → messages */
export type FieldErrors = Record<string, string[]>
