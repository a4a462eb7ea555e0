// inventorySetQuantities under the 2026-04+ rules (specs/shopify.md §2.4, captures
// 2026-04/products/inventory-quantity-contracts-2026-04.json, inventorySetQuantities-*.json):
//  - the @idempotent(key:) directive is mandatory → top-level BAD_REQUEST, field null;
//  - every quantity must carry changeFromQuantity (an Int for compare-and-swap, or an explicit
//    null) → top-level INVALID_FIELD_ARGUMENTS, field null;
//  - a mismatch → userError CHANGE_FROM_QUANTITY_STALE; the call is atomic (nothing applied);
//  - same key + same input replays the first answer; same key + other input → userError.
import { GraphQLError, Kind, type FieldNode, type GraphQLResolveInfo, type VariableDefinitionNode } from 'graphql'
import { setQuantities, type QuantityChange } from './catalog-ops.ts'
import { shopifyError } from './errors.ts'
import type { QuantityName, ShopStore } from './store.ts'
import { itemView, locationView, type SandboxContext } from './views-catalog.ts'

const REASONS = [
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_canceled',
  'movement_created',
  'movement_received',
  'movement_updated',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
]
const LIMIT = 1_000_000_000

interface QuantityInput {
  inventoryItemId: string
  locationId: string
  quantity: number
  changeFromQuantity?: number | null
}
interface SetInput {
  name: string
  reason: string
  referenceDocumentUri?: string | null
  quantities: QuantityInput[]
}

type UserError = { field: string[]; message: string; code: string }

interface Stored {
  fingerprint: string
  group: AdjustmentGroup | null
  userErrors: UserError[]
}

export interface AdjustmentGroup {
  id: string
  createdAt: string
  reason: string
  referenceDocumentUri: string | null
  changes: { name: string; delta: number; itemId: string; locationId: string }[]
}

/** Idempotency memory per store (Shopify keeps keys for a while; the window is [UNVERIFIED]). */
const remembered = new WeakMap<ShopStore, Map<string, Stored>>()

function memory(store: ShopStore): Map<string, Stored> {
  let m = remembered.get(store)
  if (!m) remembered.set(store, (m = new Map()))
  return m
}

export function idempotencyKey(info: GraphQLResolveInfo): string | null {
  const field = info.fieldNodes[0] as FieldNode
  const dir = field.directives?.find((d) => d.name.value === 'idempotent')
  const arg = dir?.arguments?.find((a) => a.name.value === 'key')
  if (!arg) return null
  const v =
    arg.value.kind === Kind.VARIABLE
      ? info.variableValues.coerced[arg.value.name.value]
      : arg.value.kind === Kind.STRING
        ? arg.value.value
        : null
  return typeof v === 'string' ? v : null
}

export function requireIdempotency(info: GraphQLResolveInfo): string {
  const key = idempotencyKey(info)
  if (key === null)
    throw shopifyError(
      'The @idempotent directive is required for this mutation but was not provided.',
      'BAD_REQUEST',
      {},
      info.fieldNodes,
    )
  if (!key.trim())
    throw shopifyError(
      'The idempotency key cannot be an empty string or whitespace only.',
      'BAD_REQUEST',
      {},
      info.fieldNodes,
    )
  return key
}

function inputVariableDefinition(info: GraphQLResolveInfo): VariableDefinitionNode | undefined {
  const arg = info.fieldNodes[0]?.arguments?.find((a) => a.name.value === 'input')
  if (arg?.value.kind !== Kind.VARIABLE) return undefined
  const name = arg.value.name.value
  return info.operation.variableDefinitions?.find((d) => d.variable.name.value === name)
}

function validate(store: ShopStore, input: SetInput): UserError[] {
  const errors: UserError[] = []
  if (input.name !== 'available' && input.name !== 'on_hand') {
    errors.push({
      field: ['input', 'name'],
      message: "The quantity name must be either 'available' or 'on_hand'.",
      code: 'INVALID_NAME',
    })
  }
  if (!REASONS.includes(input.reason)) {
    errors.push({
      field: ['input', 'reason'],
      message: `The specified reason is invalid. Valid values are: ${REASONS.join(', ')}.`,
      code: 'INVALID_REASON',
    })
  }
  const seen = new Map<string, number[]>()
  input.quantities.forEach((q, i) => {
    const at = (f: string) => ['input', 'quantities', String(i), f]
    const key = `${q.inventoryItemId}|${q.locationId}`
    seen.set(key, [...(seen.get(key) ?? []), i])
    if (!store.items.has(q.inventoryItemId))
      errors.push({
        field: at('inventoryItemId'),
        message: 'The specified inventory item could not be found.',
        code: 'INVALID_INVENTORY_ITEM',
      })
    else if (!store.locations.has(q.locationId))
      errors.push({
        field: at('locationId'),
        message: 'The specified location could not be found.',
        code: 'INVALID_LOCATION',
      })
    else if (!store.items.get(q.inventoryItemId)!.tracked)
      errors.push({
        field: at('inventoryItemId'),
        message: 'The specified inventory item is not tracked.',
        code: 'NON_MUTABLE_INVENTORY_ITEM',
      })
    if (q.quantity > LIMIT)
      errors.push({
        field: at('quantity'),
        message: "The quantity can't be higher than 1,000,000,000.",
        code: 'INVALID_QUANTITY_TOO_HIGH',
      })
    else if (q.quantity < -LIMIT)
      errors.push({
        field: at('quantity'),
        message: "The quantity can't be lower than -1,000,000,000.",
        code: 'INVALID_QUANTITY_TOO_LOW',
      })
    else if (input.name === 'on_hand' && q.quantity < 0)
      errors.push({
        field: at('quantity'),
        message: "The quantity can't be negative.",
        code: 'INVALID_QUANTITY_NEGATIVE',
      })
  })
  for (const idx of seen.values()) {
    if (idx.length < 2) continue
    for (const i of idx)
      errors.push({
        field: ['input', 'quantities', String(i), 'locationId'],
        message: 'The combination of inventoryItemId and locationId must be unique.',
        code: 'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR',
      })
  }
  if (errors.length) return errors
  input.quantities.forEach((q, i) => {
    if (q.changeFromQuantity === null || q.changeFromQuantity === undefined) return
    const current = store.level(q.inventoryItemId, q.locationId)?.q[input.name as QuantityName] ?? 0
    if (current !== q.changeFromQuantity) {
      // [UNVERIFIED] message wording; the code and the field path follow the other quantity errors
      errors.push({
        field: ['input', 'quantities', String(i), 'changeFromQuantity'],
        message: `The changeFromQuantity (${q.changeFromQuantity}) does not match the current quantity (${current}).`,
        code: 'CHANGE_FROM_QUANTITY_STALE',
      })
    }
  })
  return errors
}

function groupView(ctx: SandboxContext, g: AdjustmentGroup) {
  return {
    __typename: 'InventoryAdjustmentGroup',
    id: g.id,
    createdAt: g.createdAt,
    reason: g.reason,
    referenceDocumentUri: g.referenceDocumentUri,
    // live answers report quantityAfterChange as null (captures)
    changes: g.changes.map((c) => ({
      name: c.name,
      delta: c.delta,
      quantityAfterChange: null,
      ledgerDocumentUri: null,
      item: () => itemView(ctx, ctx.store.items.get(c.itemId)!),
      location: () => locationView(ctx, ctx.store.locations.get(c.locationId)!),
    })),
  }
}

export interface PushedInventoryCall {
  at: string
  key: string
  entries: number
  applied: boolean
  replayed: boolean
  userErrors: UserError[]
}

export function inventorySetQuantities(
  ctx: SandboxContext,
  args: { input: SetInput },
  info: GraphQLResolveInfo,
  log: PushedInventoryCall[],
) {
  const key = requireIdempotency(info)
  const missing = args.input.quantities.some((q) => !('changeFromQuantity' in q))
  if (missing) {
    const def = inputVariableDefinition(info)
    throw new GraphQLError('InventoryQuantityInput must include the following argument: changeFromQuantity.', {
      nodes: def ? [info.fieldNodes[0]!, def] : info.fieldNodes,
      extensions: { code: 'INVALID_FIELD_ARGUMENTS' },
    })
  }
  const fingerprint = JSON.stringify(args.input)
  const mem = memory(ctx.store)
  const prior = mem.get(key)
  if (prior) {
    const mismatch = prior.fingerprint !== fingerprint
    const userErrors = mismatch
      ? [
          {
            field: ['input'],
            message: 'The same idempotency key was used with different parameters.',
            code: 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
          },
        ]
      : prior.userErrors.length
        ? [
            {
              field: ['input'],
              message: 'A previous attempt with this idempotency key failed; use a new key.',
              code: 'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED',
            },
          ]
        : []
    log.push({
      at: ctx.store.now(),
      key,
      entries: args.input.quantities.length,
      applied: false,
      replayed: true,
      userErrors,
    })
    return {
      inventoryAdjustmentGroup: !userErrors.length && prior.group ? groupView(ctx, prior.group) : null,
      userErrors,
    }
  }
  const userErrors = validate(ctx.store, args.input)
  if (userErrors.length) {
    mem.set(key, { fingerprint, group: null, userErrors })
    log.push({
      at: ctx.store.now(),
      key,
      entries: args.input.quantities.length,
      applied: false,
      replayed: false,
      userErrors,
    })
    return { inventoryAdjustmentGroup: null, userErrors }
  }
  const name = args.input.name as QuantityName
  const changes: QuantityChange[] = args.input.quantities.map((q) => ({
    itemId: q.inventoryItemId,
    locationId: q.locationId,
    name,
    quantity: q.quantity,
  }))
  const applied = setQuantities(ctx.store, changes)
  const group: AdjustmentGroup = {
    id: ctx.store.newId('InventoryAdjustmentGroup').id,
    createdAt: ctx.store.now(),
    reason: args.input.reason,
    referenceDocumentUri: args.input.referenceDocumentUri ?? null,
    changes: applied
      .filter((a) => a.delta !== 0)
      .flatMap((a) => {
        const base = { delta: a.delta, itemId: a.change.itemId, locationId: a.change.locationId }
        // a set of either name is reported as both changes, available first (captures)
        return [
          { ...base, name: 'available' },
          { ...base, name: 'on_hand' },
        ]
      }),
  }
  mem.set(key, { fingerprint, group, userErrors: [] })
  log.push({ at: ctx.store.now(), key, entries: changes.length, applied: true, replayed: false, userErrors: [] })
  return { inventoryAdjustmentGroup: groupView(ctx, group), userErrors: [] }
}
