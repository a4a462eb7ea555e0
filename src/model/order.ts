// Orders as every channel's orders look once normalized, and what the hub does with them:
// allocations (lines to a warehouse) and shipments (what left, with tracking).
import { Type, type Static } from 'typebox'
import { CountryCode, CurrencyCode, MoneySchema, TimeZone, Uuid, UtcTimestamp } from './common.ts'

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
    quantity: Type.Integer({ minimum: 0 }),
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

export const ShipmentSchema = Type.Object(
  {
    id: Type.Optional(Uuid),
    orderId: Type.Optional(Uuid),
    allocationId: Type.Optional(Uuid),
    externalId: Type.String({ minLength: 1 }),
    carrier: Type.String({ minLength: 1 }),
    service: Type.Optional(Type.String()),
    trackingNumber: Type.String({ minLength: 1 }),
    trackingUrl: Type.Optional(Type.String({ format: 'uri' })),
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
