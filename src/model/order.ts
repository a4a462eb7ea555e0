// Orders as every channel's orders look once normalized, and what the hub does with them:
// allocations (lines to a warehouse) and shipments (what left, with tracking).
import { Type, type Static } from 'typebox'
import { CountryCode, CurrencyCode, HttpUrl, MoneySchema, TimeZone, Uuid, UtcTimestamp } from './common.ts'

export const OrderStatus = Type.Union([
  Type.Literal('pending'), // placed, payment not settled (Amazon Pending): reserves, not routed
  Type.Literal('open'), // ready to fulfil
  Type.Literal('partially_shipped'),
  Type.Literal('shipped'),
  Type.Literal('cancelled'),
  Type.Literal('on_hold'),
])
export type OrderStatusValue = Static<typeof OrderStatus>

/** Personal data: redacted from logs, erasable on request (replaced by a tombstone). */
export const AddressSchema = Type.Object(
  {
    name: Type.Optional(Type.String()),
    company: Type.Optional(Type.String()),
    line1: Type.Optional(Type.String()),
    line2: Type.Optional(Type.String()),
    city: Type.Optional(Type.String()),
    region: Type.Optional(Type.String({ description: 'state / province / prefecture code or name' })),
    postalCode: Type.Optional(Type.String()),
    country: CountryCode,
    phone: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type Address = Static<typeof AddressSchema>

export const BuyerSchema = Type.Object(
  {
    name: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    /** the channel's customer id (Shopify customer gid): privacy requests name the buyer by it */
    externalCustomerId: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
)

export const OrderLineSchema = Type.Object(
  {
    externalLineId: Type.String({ minLength: 1 }),
    sku: Type.String({
      minLength: 1,
      description: 'the SKU as the channel knows it (resolved to canonical by binding)',
    }),
    title: Type.Optional(Type.String()),
    /** what is still owed to the buyer: ordered less refunded and removed units */
    quantity: Type.Integer({ minimum: 0 }),
    /** what the buyer ordered, when refunds or edits have changed `quantity` since */
    orderedQuantity: Type.Optional(Type.Integer({ minimum: 0 })),
    /** the channel's variant id: binds the line when the channel's variant has no SKU */
    externalVariantId: Type.Optional(Type.String({ minLength: 1 })),
    unitPrice: MoneySchema,
    discount: Type.Optional(MoneySchema),
    tax: Type.Optional(MoneySchema),
    /** the same figures in the buyer's (presentment) currency, when it differs */
    presentmentUnitPrice: Type.Optional(MoneySchema),
    fulfilledByChannel: Type.Optional(Type.Boolean({ description: 'FBA/AFN: the channel ships it, never a 3PL' })),
  },
  { additionalProperties: false },
)
export type OrderLine = Static<typeof OrderLineSchema>

/**
 * How refunded units left the order, as the channel says (Shopify RefundLineItemRestockType):
 * cancel = unfulfilled units taken off the order; return = fulfilled units that came back;
 * no_restock = refunded, stock not touched (fulfilled or not: the channel does not say);
 * legacy_restock = restocked before Shopify told cancel from return.
 */
export const RestockType = Type.Union([
  Type.Literal('cancel'),
  Type.Literal('return'),
  Type.Literal('no_restock'),
  Type.Literal('legacy_restock'),
])
export type RestockTypeValue = Static<typeof RestockType>

/** Units of one order line given back in one refund. */
export const RefundLineSchema = Type.Object(
  {
    externalRefundId: Type.String({ minLength: 1 }),
    /** the order line's externalLineId */
    externalLineId: Type.String({ minLength: 1 }),
    quantity: Type.Integer({ minimum: 1 }),
    restockType: RestockType,
    /** the refunded subtotal for these units, before tax */
    amount: MoneySchema,
    tax: Type.Optional(MoneySchema),
    refundedAt: UtcTimestamp,
    /** where the channel restocked them (Shopify location gid) */
    locationExternalId: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
)
export type RefundLine = Static<typeof RefundLineSchema>

export const OrderTotalsSchema = Type.Object(
  {
    subtotal: MoneySchema,
    shipping: MoneySchema,
    tax: MoneySchema,
    discount: MoneySchema,
    total: MoneySchema,
    refunded: Type.Optional(MoneySchema),
  },
  { additionalProperties: false },
)

export const BaseCurrencyFigures = Type.Object(
  {
    total: MoneySchema,
    rate: Type.String({ pattern: '^\\d+(\\.\\d+)?$' }),
    rateDate: Type.String({ format: 'date' }),
    rateSource: Type.String(),
  },
  { additionalProperties: false },
)

export const OrderSchema = Type.Object(
  {
    id: Type.Optional(Uuid),
    connectionId: Uuid,
    externalId: Type.String({ minLength: 1 }),
    externalNumber: Type.Optional(Type.String({ description: 'the number a person sees, e.g. #1001' })),
    channel: Type.String({ description: 'channel kind and market, e.g. shopify, amazon:ATVPDKIKX0DER' }),
    status: OrderStatus,
    currency: CurrencyCode,
    presentmentCurrency: Type.Optional(CurrencyCode),
    lines: Type.Array(OrderLineSchema, { minItems: 1 }),
    totals: OrderTotalsSchema,
    buyer: Type.Optional(BuyerSchema),
    shippingAddress: Type.Optional(AddressSchema),
    placedAt: UtcTimestamp,
    placedTimeZone: Type.Optional(TimeZone),
    updatedAt: Type.Optional(UtcTimestamp),
    cancelledAt: Type.Optional(UtcTimestamp),
    fulfilledByChannel: Type.Optional(Type.Boolean()),
    base: Type.Optional(BaseCurrencyFigures),
    shipBy: Type.Optional(UtcTimestamp),
    /** every refunded unit, line by line (see unitsStillReserved) */
    refunds: Type.Optional(Type.Array(RefundLineSchema)),
  },
  { additionalProperties: false },
)
export type Order = Static<typeof OrderSchema>

export const AllocationStatus = Type.Union([
  Type.Literal('planned'),
  Type.Literal('sent'),
  Type.Literal('accepted'),
  Type.Literal('rejected'),
  Type.Literal('shipped'),
  Type.Literal('cancelled'),
  Type.Literal('backordered'),
])

export const AllocationSchema = Type.Object(
  {
    id: Type.Optional(Uuid),
    orderId: Uuid,
    locationCode: Type.String({ minLength: 1 }),
    status: AllocationStatus,
    lines: Type.Array(
      Type.Object({ sku: Type.String(), quantity: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      { minItems: 1 },
    ),
    externalId: Type.Optional(Type.String({ description: 'the 3PL order id' })),
    shipBy: Type.Optional(UtcTimestamp),
  },
  { additionalProperties: false },
)
export type Allocation = Static<typeof AllocationSchema>

export const ShipmentEventSchema = Type.Object(
  {
    at: UtcTimestamp,
    status: Type.String(),
    description: Type.Optional(Type.String()),
    location: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

/** One parcel's tracking: a fulfillment may carry several. */
export const TrackingSchema = Type.Object(
  {
    number: Type.String({ minLength: 1 }),
    carrier: Type.Optional(Type.String({ minLength: 1 })),
    url: Type.Optional(HttpUrl),
  },
  { additionalProperties: false },
)
export type Tracking = Static<typeof TrackingSchema>

export const ShipmentSchema = Type.Object(
  {
    id: Type.Optional(Uuid),
    orderId: Type.Optional(Uuid),
    allocationId: Type.Optional(Uuid),
    externalId: Type.String({ minLength: 1 }),
    carrier: Type.String({ minLength: 1 }),
    service: Type.Optional(Type.String()),
    /** the first parcel's number, carrier and URL (all of them are in `tracking`) */
    trackingNumber: Type.String({ minLength: 1 }),
    trackingUrl: Type.Optional(HttpUrl),
    /** every parcel of the shipment, the first being trackingNumber / carrier / trackingUrl */
    tracking: Type.Optional(Type.Array(TrackingSchema, { minItems: 1 })),
    shippedAt: UtcTimestamp,
    lines: Type.Array(
      Type.Object({ sku: Type.String(), quantity: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      { minItems: 1 },
    ),
    events: Type.Optional(Type.Array(ShipmentEventSchema)),
  },
  { additionalProperties: false },
)
export type Shipment = Static<typeof ShipmentSchema>
