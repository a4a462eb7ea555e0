// The sandbox shop's in-memory state: records shaped after Shopify's own resources, ids handed
// out like Shopify's (numeric legacy ids inside gid://shopify/<Type>/<id>), and every change
// announced as a webhook topic with its REST payload so the sender can deliver it.
import { EventEmitter } from 'node:events'

export type QuantityName =
  'available' | 'committed' | 'damaged' | 'incoming' | 'on_hand' | 'quality_control' | 'reserved' | 'safety_stock'
export const QUANTITY_NAMES: QuantityName[] = [
  'available',
  'committed',
  'damaged',
  'incoming',
  'on_hand',
  'quality_control',
  'reserved',
  'safety_stock',
]

export interface AddressRec {
  firstName?: string
  lastName?: string
  company?: string
  address1?: string
  address2?: string
  city?: string
  province?: string
  provinceCode?: string
  country?: string
  countryCode: string
  zip?: string
  phone?: string
}

export interface LocationRec {
  id: string
  legacyId: string
  name: string
  address: AddressRec
  isActive: boolean
  fulfillsOnlineOrders: boolean
  createdAt: string
  updatedAt: string
}

export interface ProductRec {
  id: string
  legacyId: string
  title: string
  handle: string
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED' | 'UNLISTED'
  vendor: string
  productType: string
  descriptionHtml: string
  tags: string[]
  options: { id: string; name: string; values: string[] }[]
  variantIds: string[]
  createdAt: string
  updatedAt: string
}

export interface VariantRec {
  id: string
  legacyId: string
  productId: string
  title: string
  sku: string | null
  barcode: string | null
  /** Money scalar: a decimal string in the shop currency */
  price: string
  compareAtPrice: string | null
  position: number
  inventoryItemId: string
  selectedOptions: { name: string; value: string }[]
  inventoryPolicy: 'DENY' | 'CONTINUE'
  taxable: boolean
  createdAt: string
  updatedAt: string
}

export interface InventoryItemRec {
  id: string
  legacyId: string
  variantId: string
  tracked: boolean
  requiresShipping: boolean
  weight: { unit: 'GRAMS' | 'KILOGRAMS' | 'POUNDS' | 'OUNCES'; value: number }
  harmonizedSystemCode: string | null
  countryCodeOfOrigin: string | null
  createdAt: string
  updatedAt: string
}

export interface LevelRec {
  id: string
  legacyId: string
  itemId: string
  locationId: string
  q: Record<QuantityName, number>
  availableUpdatedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface OrderLineRec {
  id: string
  legacyId: string
  variantId: string | null
  productId: string | null
  sku: string | null
  title: string
  variantTitle: string | null
  vendor: string | null
  quantity: number
  refundedQuantity: number
  /** integer minor units: shop currency, then presentment currency */
  unitPrice: number
  unitPriceP: number
  discount: number
  discountP: number
  tax: number
  taxP: number
  taxRate: string
  requiresShipping: boolean
  taxable: boolean
}

/** RefundLineItemRestockType [SDL]: CANCEL (unfulfilled units back to stock), RETURN (shipped units back), NO_RESTOCK */
export type RestockType = 'RETURN' | 'CANCEL' | 'LEGACY_RESTOCK' | 'NO_RESTOCK'

export interface RefundRec {
  id: string
  legacyId: string
  createdAt: string
  note: string | null
  lines: {
    id: string
    lineItemId: string
    quantity: number
    restockType: RestockType
    /** where restocked units went (null when not restocked) */
    locationId: string | null
    subtotal: number
    subtotalP: number
    tax: number
    taxP: number
  }[]
  shipping: number
  shippingP: number
  total: number
  totalP: number
}

export interface CustomerRec {
  id: string
  legacyId: string
  email: string | null
  firstName: string | null
  lastName: string | null
  phone: string | null
}

export interface OrderRec {
  id: string
  legacyId: string
  name: string
  number: number
  email: string | null
  phone: string | null
  createdAt: string
  updatedAt: string
  processedAt: string
  cancelledAt: string | null
  cancelReason: string | null
  closedAt: string | null
  currency: string
  presentmentCurrency: string
  fxRate: string
  lines: OrderLineRec[]
  shipping: number
  shippingP: number
  shippingTitle: string
  shippingAddress: AddressRec | null
  billingAddress: AddressRec | null
  customer: CustomerRec | null
  financialStatus: 'PENDING' | 'AUTHORIZED' | 'PAID' | 'PARTIALLY_PAID' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'VOIDED'
  refunds: RefundRec[]
  tags: string[]
  note: string | null
  test: boolean
}

export interface FulfillmentOrderLineRec {
  id: string
  legacyId: string
  lineItemId: string
  inventoryItemId: string | null
  variantId: string | null
  sku: string | null
  totalQuantity: number
  remainingQuantity: number
}

export interface FulfillmentOrderRec {
  id: string
  legacyId: string
  orderId: string
  locationId: string
  status: 'OPEN' | 'IN_PROGRESS' | 'CLOSED' | 'CANCELLED' | 'INCOMPLETE' | 'SCHEDULED' | 'ON_HOLD'
  requestStatus: 'UNSUBMITTED'
  lineItems: FulfillmentOrderLineRec[]
  createdAt: string
  updatedAt: string
}

export interface FulfillmentRec {
  id: string
  legacyId: string
  orderId: string
  locationId: string
  name: string
  status: 'SUCCESS' | 'CANCELLED'
  tracking: { company: string | null; number: string | null; url: string | null }[]
  lines: { id: string; legacyId: string; lineItemId: string; quantity: number }[]
  fulfillmentOrderIds: string[]
  notifyCustomer: boolean
  createdAt: string
  updatedAt: string
}

export interface SubscriptionRec {
  id: string
  legacyId: string
  topic: string
  uri: string
  format: 'JSON' | 'XML'
  includeFields: string[]
  metafieldNamespaces: string[]
  filter: string | null
  name: string | null
  apiVersion: string
  createdAt: string
  updatedAt: string
}

export interface BulkOperationRec {
  id: string
  legacyId: string
  query: string
  groupObjects: boolean
  status: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELED'
  createdAt: string
  completedAt: string | null
  objectCount: number
  rootObjectCount: number
  fileSize: number | null
  errorCode: string | null
  body: string | null
}

export interface ShopRec {
  id: string
  legacyId: string
  name: string
  myshopifyDomain: string
  email: string
  currencyCode: string
  ianaTimezone: string
  enabledPresentmentCurrencies: string[]
  planName: string
}

/** A change the shop announces: webhook topic (REST style, e.g. orders/create) and REST body. */
export interface ShopEvent {
  topic: string
  body: () => unknown
  eventId: string
  triggeredAt: string
}

// Starting points for numeric ids, in the ranges live stores use (see captures). Inventory
// items start above 2^53 like Shopify's own sample (271878346596884015): a consumer that reads
// REST webhook ids as JS numbers loses digits, which the connector must not do.
const ID_BASE: Record<string, bigint> = {
  Shop: 68000000000n,
  Location: 106318430000n,
  Product: 10220854000000n,
  ProductVariant: 51364592000000n,
  InventoryItem: 271878346596884015n,
  InventoryLevel: 143273000000n,
  Order: 8979520000000n,
  LineItem: 20109841000000n,
  FulfillmentOrder: 9921140000000n,
  FulfillmentOrderLineItem: 20282999000000n,
  Fulfillment: 8123962000000n,
  FulfillmentLineItem: 17862522000000n,
  Refund: 1002300000000n,
  RefundLineItem: 600100000000n,
  Customer: 10885440000000n,
  WebhookSubscription: 1929113000000n,
  BulkOperation: 5130000000000n,
  InventoryAdjustmentGroup: 54640716000000n,
  ProductOption: 12900000000000n,
}

export function gid(type: string, legacyId: string | bigint): string {
  return `gid://shopify/${type}/${legacyId}`
}

export function legacyIdOf(id: string): string {
  return /\/(\d+)(?:\?.*)?$/.exec(id)?.[1] ?? ''
}

/** ISO 8601 in UTC without milliseconds, as Shopify's DateTime values are. */
export function shopifyTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export class ShopStore extends EventEmitter {
  shop: ShopRec
  locations = new Map<string, LocationRec>()
  products = new Map<string, ProductRec>()
  variants = new Map<string, VariantRec>()
  items = new Map<string, InventoryItemRec>()
  levels = new Map<string, LevelRec>()
  orders = new Map<string, OrderRec>()
  fulfillmentOrders = new Map<string, FulfillmentOrderRec>()
  fulfillments = new Map<string, FulfillmentRec>()
  subscriptions = new Map<string, SubscriptionRec>()
  bulkOperations = new Map<string, BulkOperationRec>()
  /** the shop's customers, one per email as Shopify keeps them (orders point at them) */
  customers = new Map<string, CustomerRec>()
  /** false after app/uninstalled: Shopify revokes the app's token and drops its subscriptions */
  appInstalled = true
  /** handle → product id (handles are unique per shop) */
  handles = new Map<string, string>()
  private counters = new Map<string, bigint>()
  private orderNumber = 1000
  private quiet = false

  constructor(
    private clock: () => Date,
    shop: { name: string; domain: string; currency: string; timezone: string; presentmentCurrencies?: string[] },
  ) {
    super()
    const legacy = this.nextLegacyId('Shop')
    this.shop = {
      id: gid('Shop', legacy),
      legacyId: legacy,
      name: shop.name,
      myshopifyDomain: shop.domain,
      email: `owner@${shop.domain}`,
      currencyCode: shop.currency,
      ianaTimezone: shop.timezone,
      planName: 'Basic',
      enabledPresentmentCurrencies: shop.presentmentCurrencies ?? [shop.currency, 'EUR', 'GBP', 'CAD', 'JPY', 'AUD'],
    }
  }

  nextLegacyId(type: string): string {
    const n = (this.counters.get(type) ?? ID_BASE[type] ?? 1000000n) + 1n
    this.counters.set(type, n)
    return n.toString()
  }

  newId(type: string): { id: string; legacyId: string } {
    const legacyId = this.nextLegacyId(type)
    return { id: gid(type, legacyId), legacyId }
  }

  nextOrderNumber(): number {
    return ++this.orderNumber
  }

  /** Shopify's clock: UTC, second resolution (ties in updated_at are broken by id when sorting). */
  now(): string {
    return shopifyTime(this.clock())
  }

  /** The clock itself (the webhook sender schedules retries on it). */
  date(): Date {
    return this.clock()
  }

  /** Announce a change; the REST body is built only if a subscription wants the topic. */
  announce(topic: string, body: () => unknown): void {
    if (this.quiet) return
    const event: ShopEvent = {
      topic,
      body,
      eventId: this.nextLegacyId('Event'),
      triggeredAt: shopifyTime(this.clock()),
    }
    this.emit('event', event)
  }

  /** Run `fn` without announcing its changes (bulk seeding from the control API). */
  silently<T>(fn: () => T): T {
    const was = this.quiet
    this.quiet = true
    try {
      return fn()
    } finally {
      this.quiet = was
    }
  }

  levelKey(itemId: string, locationId: string): string {
    return `${itemId}|${locationId}`
  }

  level(itemId: string, locationId: string): LevelRec | undefined {
    return this.levels.get(this.levelKey(itemId, locationId))
  }

  levelsOfItem(itemId: string): LevelRec[] {
    return [...this.locations.keys()].map((l) => this.level(itemId, l)).filter((l): l is LevelRec => Boolean(l))
  }

  levelsOfLocation(locationId: string): LevelRec[] {
    return [...this.levels.values()].filter((l) => l.locationId === locationId)
  }

  variantsBySku(sku: string): VariantRec[] {
    return [...this.variants.values()].filter((v) => v.sku === sku)
  }

  primaryLocation(): LocationRec | undefined {
    return [...this.locations.values()].find((l) => l.isActive)
  }

  reset(): void {
    for (const m of [
      this.locations,
      this.products,
      this.variants,
      this.items,
      this.levels,
      this.orders,
      this.fulfillmentOrders,
      this.fulfillments,
      this.subscriptions,
      this.bulkOperations,
      this.handles,
      this.customers,
    ])
      m.clear()
    this.orderNumber = 1000
    this.appInstalled = true
  }
}
