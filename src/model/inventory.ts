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

/**
 * Units counted in on hand that the source itself says cannot be sold. Each source maps its own
 * states here (Shopify damaged / quality_control / safety_stock / reserved, a 3PL's exception or
 * damaged stock, an ERP's quarantine), so that one function, sellableOnHand, decides for all.
 */
export const UnsellableSchema = Type.Object(
  {
    damaged: Type.Optional(Type.Integer({ minimum: 0 })),
    qualityControl: Type.Optional(Type.Integer({ minimum: 0 })),
    safetyStock: Type.Optional(Type.Integer({ minimum: 0 })),
    /** held by the source for something the hub does not see (Shopify `reserved`: drafts, other apps) */
    reservedElsewhere: Type.Optional(Type.Integer({ minimum: 0 })),
    /** a 3PL's exception stock (lost, under investigation, damaged) */
    exception: Type.Optional(Type.Integer({ minimum: 0 })),
    /** an ERP's quarantine / blocked stock */
    quarantine: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
)
export type Unsellable = Static<typeof UnsellableSchema>

export const InventoryLevelSchema = Type.Object(
  {
    /** the SKU as the source knows it; when it has none, its item id (externalItemId), resolved by binding */
    sku: Type.String({ minLength: 1 }),
    locationCode: Type.String({ minLength: 1 }),
    /** physically present, after the source's negative-count policy (see applyNegativePolicy) */
    onHand: Type.Integer(),
    /**
     * what the source holds for orders (Shopify `committed`, a 3PL's committed, 4PX awaiting
     * outbound). Informational: those orders are the hub's own, reserved in its ledger at import.
     */
    reserved: Type.Integer({ minimum: 0 }),
    /** what the remote system reports as sellable, when it says (informational) */
    available: Type.Optional(Type.Integer()),
    /** part of onHand that cannot be sold, by the source's reason */
    unsellable: Type.Optional(UnsellableSchema),
    /** on its way, not on hand (Shopify incoming, ShipBob awaiting, 4PX onway): never sellable */
    incoming: Type.Optional(Type.Integer({ minimum: 0 })),
    /** the source's id of the stocked item (Shopify inventory item gid), when the SKU alone cannot bind */
    externalItemId: Type.Optional(Type.String({ minLength: 1 })),
    /** the source reported this negative count and its policy clamped it to 0 */
    clampedFrom: Type.Optional(Type.Integer({ maximum: -1 })),
    asOf: Type.Optional(UtcTimestamp),
  },
  { additionalProperties: false },
)
export type InventoryLevel = Static<typeof InventoryLevelSchema>

/**
 * What a negative count from a source means. `allow`: a debt the source keeps on its books (an
 * ERP that books issues before receipts, e.g. SAP B1 or Odoo with negative stock allowed): the
 * next receipt covers it first, so the hub keeps it. `clamp`: a physical count cannot be below
 * zero, so a negative one is an error of the source; the hub counts 0 and says what it got.
 */
export type NegativeCountPolicy = 'allow' | 'clamp'

export function applyNegativePolicy(
  count: number,
  policy: NegativeCountPolicy,
): { count: number; clampedFrom?: number } {
  if (count >= 0 || policy === 'allow') return { count }
  return { count: 0, clampedFrom: count }
}

export function unsellableTotal(level: Pick<InventoryLevel, 'unsellable'>): number {
  const u = level.unsellable
  if (!u) return 0
  return (
    (u.damaged ?? 0) +
    (u.qualityControl ?? 0) +
    (u.safetyStock ?? 0) +
    (u.reservedElsewhere ?? 0) +
    (u.exception ?? 0) +
    (u.quarantine ?? 0)
  )
}

/**
 * The quantity the hub counts as its stock at a location: on hand minus what the source calls
 * unsellable. The source's `reserved` (orders) is not subtracted: those orders are imported and
 * reserved in the hub's own ledger, and subtracting them here would count them twice. A debt (a
 * negative count the source's policy kept) stays as it is; otherwise the result is never below 0,
 * even when a source reports more unsellable units than it has.
 */
export function sellableOnHand(level: Pick<InventoryLevel, 'onHand' | 'unsellable'>): number {
  if (level.onHand < 0) return level.onHand
  return Math.max(0, level.onHand - unsellableTotal(level))
}

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
