// Stock: per (SKU, location) levels derived from an append-only ledger of movements.
import { Type, type Static } from 'typebox'
import { Uuid, UtcTimestamp } from './common.ts'

export const LedgerReason = Type.Union([
  Type.Literal('snapshot'), // a warehouse/ERP count replaced what we had: delta = counted − held
  Type.Literal('receipt'), // goods received
  Type.Literal('adjustment'), // manual or remote correction
  Type.Literal('reserve'), // an order took units (reserved column)
  Type.Literal('release'), // a cancellation gave them back (reserved column)
  Type.Literal('ship'), // units left: on hand and reservation both go down
  Type.Literal('return'),
])
export type LedgerReasonValue = Static<typeof LedgerReason>

export const LedgerEntrySchema = Type.Object(
  {
    sku: Type.String({ minLength: 1 }),
    locationCode: Type.String({ minLength: 1 }),
    onHandDelta: Type.Integer(),
    reservedDelta: Type.Integer(),
    reason: LedgerReason,
    source: Type.String({ minLength: 1, description: 'who said so: connection id, order id, user' }),
    idempotencyKey: Type.String({ minLength: 1, maxLength: 255 }),
    occurredAt: Type.Optional(UtcTimestamp),
  },
  { additionalProperties: false },
)
export type LedgerEntry = Static<typeof LedgerEntrySchema>

export const InventoryLevelSchema = Type.Object(
  {
    sku: Type.String({ minLength: 1 }),
    locationCode: Type.String({ minLength: 1 }),
    onHand: Type.Integer(),
    reserved: Type.Integer({ minimum: 0 }),
    /** what the remote system reports as sellable, when it says (informational) */
    available: Type.Optional(Type.Integer()),
    asOf: Type.Optional(UtcTimestamp),
  },
  { additionalProperties: false },
)
export type InventoryLevel = Static<typeof InventoryLevelSchema>

export const BindingSchema = Type.Object(
  {
    connectionId: Uuid,
    entity: Type.Union([
      Type.Literal('product'),
      Type.Literal('variant'),
      Type.Literal('location'),
      Type.Literal('order'),
      Type.Literal('shipment'),
    ]),
    canonicalId: Uuid,
    externalId: Type.String({ minLength: 1 }),
    externalSku: Type.Optional(Type.String()),
    /** sub-scope inside a connection: an Amazon marketplace id, a Shopify inventory item */
    scope: Type.Optional(Type.String()),
    lastPushedHash: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type Binding = Static<typeof BindingSchema>
