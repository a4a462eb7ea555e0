// The record envelope: what a connector hands the engine for one remote record (a pulled item
// with the canonical records a mapper made of it, the bindings to keep, or the error that stopped
// it), and what the engine hands a connector to push. Mappers, connectors, the engine and the
// repositories all speak it, so it lives with the model (connectors/types.ts re-exports it).
// Imports the model and the error catalog's code union only.
import type { ErrorCode } from '../errors.ts'
import type { Allocation, InventoryLevel, Location, Order, Product, Shipment, SkuSource } from './index.ts'

/** An external id that should be linked to a canonical record after it is upserted. */
export interface BindingHint {
  entity: 'product' | 'variant' | 'location' | 'order' | 'shipment'
  /** how the engine finds the canonical row: SKU for variants, handle for products, code for locations, external id for orders */
  canonicalKey: string
  externalId: string
  externalSku?: string
  /** sub-scope inside the connection: an Amazon marketplace id, a Shopify inventory item id */
  scope?: string
  /** variants: where canonicalKey came from (the remote's SKU, or a rule when it has none) */
  skuSource?: SkuSource
}

export type CanonicalRecord =
  | { type: 'product'; value: Product }
  | { type: 'location'; value: Location }
  /** absolute level reported by the remote (a snapshot): the engine turns it into a ledger delta */
  | { type: 'inventory_level'; value: InventoryLevel }
  /** a relative movement reported by the remote (ERP delta documents) */
  | {
      type: 'inventory_delta'
      value: {
        sku: string
        locationCode: string
        delta: number
        reason: 'receipt' | 'adjustment' | 'return'
        reference: string
      }
    }
  | { type: 'order'; value: Order }
  /** `reference` says which of our documents it belongs to: our allocation id (the 3PL reference) or the channel order */
  | { type: 'shipment'; value: Shipment; reference: { allocationId?: string; orderExternalId?: string } }
  | { type: 'price'; value: { sku: string; price: { amount: number; currency: string }; priceList?: string } }
  /** the remote confirmed (or refused) a document we sent: ERP order acknowledgement, 3PL order status */
  | { type: 'document_status'; value: { reference: string; status: string; externalId?: string; message?: string } }

export interface RecordError {
  /** a code of the catalog in src/errors.ts */
  code: ErrorCode
  /** the remote's own code (a Shopify userError code, an Amazon issue code, a 4PX error code) */
  remoteCode?: string
  message: string
  /** JSON pointer or dotted path of the offending field, when one is to blame */
  field?: string
}

/** One external record as pulled: its raw payload, and what the mapper made of it. */
export interface PulledItem {
  externalId: string
  raw: unknown
  records?: CanonicalRecord[]
  bindings?: BindingHint[]
  /** the mapper could not make a canonical record: the engine marks it failed and goes on */
  error?: RecordError
}

// ---- push items: what the engine hands a connector to send -----------------------------------

export interface InventoryPushItem {
  /** stable key for this item in this batch (idempotency and result matching) */
  key: string
  sku: string
  externalSku?: string
  /** the binding's external id: Shopify inventory item gid, Amazon seller SKU… */
  externalId?: string
  /** where the quantity goes: the channel location the seller mapped (Shopify location gid), else the binding's scope (Amazon marketplace id) */
  locationExternalId?: string
  /** the binding's scope (Shopify inventory item gid, Amazon marketplace id) */
  scope?: string
  quantity: number
  /** what the hub last saw or pushed at the remote (for compare-and-swap); null when unknown */
  previousQuantity?: number | null
}

export interface OrderPushItem {
  /** our allocation id (3PL) or order id (ERP): the remote reference, so a retry finds the first */
  key: string
  order: Order
  allocation?: Allocation
  /** lines to send, with the SKU this remote knows */
  /** externalId: the variant's id on this connection (its binding), when it has one */
  lines: {
    sku: string
    externalSku?: string
    externalId?: string
    quantity: number
    unitPrice?: { amount: number; currency: string }
  }[]
  locationExternalId?: string
}

export interface ShipmentPushItem {
  key: string
  order: Order
  /** the order's id at the destination (channel order id) */
  orderExternalId: string
  shipment: Shipment
  /** lines with the destination's line ids */
  lines: { externalLineId?: string; sku: string; externalSku?: string; externalId?: string; quantity: number }[]
  notifyCustomer?: boolean
}

export interface CancelPushItem {
  key: string
  /** the remote order id to cancel (3PL order id) */
  externalId: string
  reason?: string
}

export interface CatalogPushItem {
  key: string
  product: Product
  /** existing bindings for this product and its variants on this connection */
  bindings: BindingHint[]
}

export interface PushResult {
  key: string
  /**
   * ok: applied. retryable: try this item again later. rejected: permanent, fix the data.
   * conflict: the remote changed under us (compare-and-swap lost); `observed` says what is there.
   */
  status: 'ok' | 'retryable' | 'rejected' | 'conflict'
  externalId?: string
  observed?: number
  error?: RecordError
  /** bindings to record for what was created remotely */
  bindings?: BindingHint[]
}
