// The sandbox's in-memory Amazon: one seller's listings, orders, FBA stock, feeds and documents,
// the access tokens it issued, and what it saw (a journal of exchanges, model violations, counts).
// Money is kept in integer minor units and rendered as Amazon's decimal strings on the way out.
import { randomBytes, randomInt } from 'node:crypto'
import type { SandboxMarketplace as Marketplace } from './marketplaces.ts'
import type { RdtGrant } from './tokens.ts'

/**
 * The application's restricted (PII) role: granted; missing, so an RDT for PII is refused; or
 * missing in a way that still issues the RDT but withholds the data.
 */
export type PiiAccess = 'granted' | 'refused' | 'empty'

export type V0Status =
  | 'PendingAvailability'
  | 'Pending'
  | 'Unshipped'
  | 'PartiallyShipped'
  | 'Shipped'
  | 'InvoiceUnconfirmed'
  | 'Canceled'
  | 'Unfulfillable'

export interface ListingIssue {
  code: string
  message: string
  severity: 'ERROR' | 'WARNING' | 'INFO'
  attributeNames?: string[]
  categories: string[]
}

export interface Listing {
  marketplaceId: string
  sku: string
  productType: string
  asin: string
  itemName: string
  attributes: Record<string, Record<string, unknown>[]>
  createdDate: string
  lastUpdatedDate: string
  /** seeded through control: every submission for this SKU fails with it (a restricted listing) */
  restriction?: { code: string; message: string }
}

export interface OrderItem {
  orderItemId: string
  asin: string
  sku: string
  title: string
  quantity: number
  quantityShipped: number
  /** minor units */
  unitPrice: number
  shipping: number
  itemTax: number
  shippingTax: number
  promotionDiscount: number
  shippingDiscount: number
}

export interface PackageRecord {
  packageReferenceId: string
  carrierCode: string
  carrierName?: string
  shippingMethod?: string
  trackingNumber: string
  shipDate: string
  items: { orderItemId: string; quantity: number }[]
  confirmedAt: string
}

export interface SandboxOrder {
  orderId: string
  marketplace: Marketplace
  currency: string
  channel: 'MFN' | 'AFN'
  status: V0Status
  purchaseDate: string
  lastUpdated: string
  /** the ship-by window: EarliestShipDate/LatestShipDate (v0), fulfillment.shipByWindow (2026-01-01) */
  earliestShipDate: string
  latestShipDate: string
  buyer?: { name?: string; email?: string }
  address?: {
    name?: string
    line1?: string
    line2?: string
    city?: string
    region?: string
    postalCode?: string
    country: string
    phone?: string
  }
  /** the app lacks the restricted roles for this order: no buyer, address cut to city/region/postal/country */
  piiRestricted: boolean
  items: OrderItem[]
  packages: PackageRecord[]
}

export interface FbaStock {
  marketplaceId: string
  sku: string
  asin: string
  fnSku: string
  productName: string
  fulfillable: number
  reservedPendingOrders: number
  reservedFcProcessing: number
  inboundWorking: number
  inboundShipped: number
  inboundReceiving: number
  unfulfillable: number
  lastUpdated: string
}

export type FeedStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED'

export interface FeedRecord {
  feedId: string
  feedType: string
  marketplaceIds: string[]
  createdTime: string
  processingStatus: FeedStatus
  processingStartTime?: string
  processingEndTime?: string
  inputFeedDocumentId: string
  resultFeedDocumentId?: string
}

export interface DocumentRecord {
  feedDocumentId: string
  contentType: string
  bytes?: Buffer
  compressionAlgorithm?: 'GZIP'
}

export interface PushRecord {
  at: string
  via: 'patch' | 'feed'
  marketplaceId: string
  sku: string
  quantity: number
  reference: string
}

export interface ShipmentRecord {
  at: string
  orderId: string
  marketplaceId: string
  package: PackageRecord
}

export interface JournalEntry {
  at: string
  operation: string
  method: string
  url: string
  requestBody?: unknown
  status: number
  responseBody?: unknown
}

export class SandboxState {
  listings = new Map<string, Listing>()
  orders = new Map<string, SandboxOrder>()
  fba = new Map<string, FbaStock>()
  feeds = new Map<string, FeedRecord>()
  documents = new Map<string, DocumentRecord>()
  tokens = new Map<string, { expiresAt: number }>()
  /** Restricted Data Tokens issued (tokens.ts) */
  rdts = new Map<string, RdtGrant>()
  pii: PiiAccess = 'granted'
  /** a buggy page loop: a page fetched by token hands the same token back as the next one */
  repeatNextToken = false
  pushes: PushRecord[] = []
  shipments: ShipmentRecord[] = []
  journal: JournalEntry[] = []
  violations: { at: string; operation: string; status: number; errors: string[] }[] = []
  requests: Record<string, number> = {}
  throttled: Record<string, number> = {}
  rejected: Record<string, number> = {}
  lwaExchanges = 0
  documentTransfers = 0
  private seq = 1

  constructor(readonly sellerId: string) {}

  static listingKey(marketplaceId: string, sku: string): string {
    return `${marketplaceId}\u0000${sku}`
  }

  listing(marketplaceId: string, sku: string): Listing | undefined {
    return this.listings.get(SandboxState.listingKey(marketplaceId, sku))
  }

  fbaStock(marketplaceId: string, sku: string): FbaStock | undefined {
    return this.fba.get(SandboxState.listingKey(marketplaceId, sku))
  }

  /** Amazon order ids are 3-7-7 digits [M-ord0 AmazonOrderIds]. */
  nextOrderId(marketplace: Marketplace): string {
    const prefix = marketplace.region === 'NA' ? '111' : marketplace.region === 'EU' ? '302' : '503'
    return `${prefix}-${String(this.seq++).padStart(7, '0')}-${String(randomInt(0, 9_999_999)).padStart(7, '0')}`
  }

  nextItemId(): string {
    return String(randomInt(10_000_000, 99_999_999)) + String(randomInt(100_000, 999_999))
  }

  nextFeedId(): string {
    return String(50_000_000_000 + this.seq++)
  }

  static asin(sku: string): string {
    let h = 0
    for (const c of sku) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0
    return 'B0' + h.toString(36).toUpperCase().padStart(8, '0').slice(0, 8)
  }
}

/** Opaque ids in Amazon's style, with the +, / and = that clients must URL-encode [GH #2278]. */
export function opaqueToken(): string {
  return randomBytes(24).toString('base64')
}

export function documentId(): string {
  return `amzn1.tortuga.4.na.${randomBytes(16).toString('hex')}.T${randomBytes(6).toString('hex').toUpperCase()}`
}
