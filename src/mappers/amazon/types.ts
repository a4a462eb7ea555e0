// The parts of Amazon's payloads the mappers read, typed after the official models (the sandbox
// validates against the models themselves; these only name what we use). Money amounts are
// decimal strings in both order models [M-ord0 Money.Amount, M-ord26 Money.amount].

export interface Money2026 {
  amount: string
  currencyCode: string
}

export interface Breakdown2026 {
  type: string
  subtotal: Money2026
  detailedBreakdowns?: { subtype?: string; value?: Money2026 }[]
}

export interface Address2026 {
  name?: string
  companyName?: string
  addressLine1?: string
  addressLine2?: string
  addressLine3?: string
  city?: string
  districtOrCounty?: string
  stateOrRegion?: string
  municipality?: string
  postalCode?: string
  countryCode?: string
  phone?: string
}

export interface OrderItem2026 {
  orderItemId: string
  quantityOrdered: number
  product: {
    asin?: string
    title?: string
    sellerSku?: string
    price?: { unitPrice?: Money2026 }
  }
  proceeds?: { proceedsTotal?: Money2026; breakdowns?: Breakdown2026[] }
  fulfillment?: { quantityFulfilled?: number; quantityUnfulfilled?: number }
}

export interface Order2026 {
  orderId: string
  createdTime: string
  lastUpdatedTime: string
  salesChannel: { channelName: string; marketplaceId?: string; marketplaceName?: string }
  buyer?: { buyerName?: string; buyerEmail?: string; buyerCompanyName?: string }
  recipient?: { deliveryAddress?: Address2026 }
  proceeds?: { grandTotal?: Money2026; breakdowns?: Breakdown2026[] }
  fulfillment?: {
    fulfillmentStatus: string
    fulfilledBy?: string
    shipByWindow?: { earliestDateTime?: string; latestDateTime?: string }
  }
  orderItems: OrderItem2026[]
  packages?: { packageReferenceId: string; carrier?: string; trackingNumber?: string; shipTime?: string }[]
}

export interface MoneyV0 {
  CurrencyCode?: string
  Amount?: string
}

export interface AddressV0 {
  Name?: string
  CompanyName?: string
  AddressLine1?: string
  AddressLine2?: string
  AddressLine3?: string
  City?: string
  County?: string
  District?: string
  StateOrRegion?: string
  PostalCode?: string
  CountryCode?: string
  Phone?: string
}

export interface OrderV0 {
  AmazonOrderId: string
  PurchaseDate: string
  LastUpdateDate: string
  OrderStatus: string
  FulfillmentChannel?: 'MFN' | 'AFN'
  SalesChannel?: string
  MarketplaceId?: string
  OrderTotal?: MoneyV0
  LatestShipDate?: string
  ShippingAddress?: AddressV0
  BuyerInfo?: { BuyerEmail?: string; BuyerName?: string }
}

export interface OrderItemV0 {
  ASIN: string
  OrderItemId: string
  QuantityOrdered: number
  SellerSKU?: string
  Title?: string
  QuantityShipped?: number
  ItemPrice?: MoneyV0
  ShippingPrice?: MoneyV0
  ItemTax?: MoneyV0
  ShippingTax?: MoneyV0
  ShippingDiscount?: MoneyV0
  PromotionDiscount?: MoneyV0
}

export interface InventorySummary {
  asin?: string
  fnSku?: string
  sellerSku?: string
  condition?: string
  productName?: string
  lastUpdatedTime?: string
  totalQuantity?: number
  inventoryDetails?: {
    fulfillableQuantity?: number
    inboundWorkingQuantity?: number
    inboundShippedQuantity?: number
    inboundReceivingQuantity?: number
    reservedQuantity?: {
      totalReservedQuantity?: number
      pendingCustomerOrderQuantity?: number
      pendingTransshipmentQuantity?: number
      fcProcessingQuantity?: number
    }
    unfulfillableQuantity?: { totalUnfulfillableQuantity?: number }
  }
}

export interface ListingsIssue {
  code: string
  message: string
  severity: 'ERROR' | 'WARNING' | 'INFO'
  attributeNames?: string[]
}

export interface ListingsSubmissionResponse {
  sku: string
  status: 'ACCEPTED' | 'INVALID' | 'VALID'
  submissionId: string
  issues?: ListingsIssue[]
}

export interface FeedMessage {
  messageId: number
  sku: string
  operationType: 'PATCH'
  productType: string
  patches: { op: 'merge' | 'replace'; path: string; value: Record<string, unknown>[] }[]
}

export interface ListingsFeedDocument {
  header: { sellerId: string; version: '2.0'; issueLocale?: string }
  messages: FeedMessage[]
}

export interface ProcessingReport {
  header: { sellerId: string; version: string; feedId: string }
  issues: {
    messageId?: number
    sku?: string
    code?: string
    severity: 'ERROR' | 'WARNING' | 'INFO'
    message: string
    attributeName?: string
  }[]
  summary: {
    errors: number
    warnings: number
    messagesProcessed: number
    messagesAccepted: number
    messagesInvalid: number
  }
}
