// Catalog, stock and the rules over it: SKUs with their bindings and unmatched listings (with
// suggested matches), per-SKU levels by location with ATS and last pushed value per channel and
// the ledger history, inventory rules, channel locations and routing rules.
import { Type } from 'typebox'
import { bindVariants, unboundOrderSkus, unmatchedListings, variantBindingsOf } from '../../db/bindings.ts'
import { getConnection } from '../../db/connections.ts'
import { ledgerOfSku, levelsOfSku } from '../../db/inventory.ts'
import {
  channelLocationPairs,
  listLocations,
  locationsByCodes,
  sellingConnections,
  servingLocationsView,
  setServingLocations,
} from '../../db/locations.ts'
import { listSkus, variantBySku, variantIdsBySku, variantsForMatching } from '../../db/products.ts'
import { pushedOfSku } from '../../db/pushes.ts'
import { inventoryRules, listInventoryRules, setInventoryRule, setRoutingRules } from '../../db/rules.ts'
import { CrossdockError } from '../../errors.ts'
import { availableToSell, effectiveRule, type ScopedRule } from '../../sync/inventory/ats.ts'
import { markAllDirty, requestPush } from '../../sync/inventory/dirty.ts'
import { routingRules } from '../../sync/orders/lifecycle.ts'
import { defineRoute, PageQuery, type ApiRoute } from './framework.ts'

const tags = ['inventory']

/** Same SKU ignoring case and punctuation: "mug-blue_01" ~ "MUG BLUE 01". */
export function normalizeSku(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

export const inventoryRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/skus',
    role: 'viewer',
    tags,
    summary: 'Canonical SKUs with their external SKU on every connection',
    querystring: Type.Object({ ...PageQuery, q: Type.Optional(Type.String({ maxLength: 100 })) }),
    handler: async (ctx, req) => {
      const q = req.query as { limit: number; cursor?: string; q?: string }
      const page = await listSkus(ctx.hub.db, ctx.tenantId, { search: q.q }, q)
      const bindings = await variantBindingsOf(
        ctx.hub.db,
        ctx.tenantId,
        page.items.map((i) => i.id),
      )
      return {
        ...page,
        items: page.items.map((v) => ({
          sku: v.sku,
          barcode: v.barcode,
          product: v.handle,
          title: v.title,
          bindings: bindings
            .filter((b) => b.canonical_id === v.id)
            .map((b) => ({
              connectionId: b.connection_id,
              connection: b.name,
              externalId: b.external_id,
              externalSku: b.external_sku,
              scope: b.scope || null,
            })),
        })),
      }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/connections/:connectionId/unmatched',
    role: 'viewer',
    tags,
    params: { connectionId: 'connection' },
    summary: 'External listings of a connection not bound to a canonical SKU, with suggested matches',
    handler: async (ctx, req) => {
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, (req.params as { connectionId: string }).connectionId)
      // listings a pull or webhook reported that no canonical SKU is bound to, plus order lines without one
      const listings = await unmatchedListings(ctx.hub.db, ctx.tenantId, conn.id)
      const externals = new Map<string, { externalSku: string; barcode?: string; title?: string; scope?: string }>()
      for (const sku of await unboundOrderSkus(ctx.hub.db, ctx.tenantId, conn.id))
        externals.set(sku, { externalSku: sku })
      for (const l of listings) {
        externals.set(l.external_id, {
          externalSku: l.external_sku ?? l.external_id,
          ...(l.barcode ? { barcode: l.barcode } : {}),
          ...(l.title ? { title: l.title } : {}),
          ...(l.scope ? { scope: l.scope } : {}),
        })
      }
      const variants = await variantsForMatching(ctx.hub.db, ctx.tenantId)
      const byNorm = new Map(variants.map((v) => [normalizeSku(v.sku), v]))
      const byBarcode = new Map(variants.filter((v) => v.barcode).map((v) => [v.barcode, v]))
      return {
        items: [...externals.entries()].map(([externalId, e]) => {
          const viaBarcode = e.barcode ? byBarcode.get(e.barcode) : undefined
          const viaSku = byNorm.get(normalizeSku(e.externalSku))
          const match = viaBarcode ?? viaSku
          return {
            externalId,
            externalSku: e.externalSku,
            barcode: e.barcode ?? null,
            title: e.title ?? null,
            scope: e.scope ?? null,
            suggestion: match
              ? { sku: match.sku, reason: viaBarcode ? 'same barcode' : 'same SKU ignoring case and punctuation' }
              : null,
          }
        }),
      }
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/connections/:connectionId/bindings',
    role: 'admin',
    tags,
    params: { connectionId: 'connection' },
    summary: 'Bind external SKUs to canonical SKUs (accept suggestions in bulk)',
    example: { items: [{ sku: 'MUG-BLUE', externalId: 'mug_blue' }] },
    body: Type.Object({
      items: Type.Array(
        Type.Object({
          sku: Type.String({ minLength: 1 }),
          externalId: Type.String({ minLength: 1 }),
          externalSku: Type.Optional(Type.String()),
          scope: Type.Optional(Type.String()),
        }),
        { minItems: 1, maxItems: 5000 },
      ),
    }),
    handler: async (ctx, req) => {
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, (req.params as { connectionId: string }).connectionId)
      const { items } = req.body as {
        items: { sku: string; externalId: string; externalSku?: string; scope?: string }[]
      }
      const id = await variantIdsBySku(
        ctx.hub.db,
        ctx.tenantId,
        items.map((i) => i.sku),
      )
      const unknown = items.filter((i) => !id.has(i.sku)).map((i) => i.sku)
      if (unknown.length)
        throw new CrossdockError('SKU_UNKNOWN', `not in the catalog: ${unknown.join(', ')}`, {
          details: { skus: unknown },
        })
      await ctx.hub.db.transaction(async (trx) => {
        await bindVariants(
          trx,
          ctx.tenantId,
          conn.id,
          items.map((i) => ({
            variantId: id.get(i.sku)!,
            externalId: i.externalId,
            externalSku: i.externalSku ?? i.externalId,
            scope: i.scope ?? '',
          })),
        )
        await markAllDirty(
          trx,
          ctx.tenantId,
          [conn.id],
          items.map((i) => i.sku),
        )
        await requestPush(ctx.hub.boss, trx, ctx.tenantId, [conn.id])
      })
      await ctx.audit('bindings.accepted', 'connection', conn.id, { count: items.length })
      return { bound: items.length }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/inventory/:sku',
    role: 'viewer',
    tags,
    params: { sku: 'sku' },
    summary: 'One SKU: levels by location, ATS and last pushed per channel, ledger history',
    handler: async (ctx, req) => {
      const { sku } = req.params as { sku: string }
      const db = ctx.hub.db
      if (!(await variantBySku(db, ctx.tenantId, sku))) throw new CrossdockError('NOT_FOUND', `no SKU ${sku}`)
      const levels = await levelsOfSku(db, ctx.tenantId, sku)
      const rules: ScopedRule[] = await inventoryRules(db, ctx.tenantId)
      const channels = await channelLocationPairs(db, ctx.tenantId)
      const pushed = await pushedOfSku(db, ctx.tenantId, sku)
      const byConn = new Map<string, { name: string; locations: string[] }>()
      for (const c of channels) {
        const e: { name: string; locations: string[] } = byConn.get(c.id) ?? { name: c.name, locations: [] }
        e.locations.push(c.location_id)
        byConn.set(c.id, e)
      }
      const ledger = await ledgerOfSku(db, ctx.tenantId, sku)
      return {
        sku,
        levels: levels.map((l) => ({
          location: l.code,
          name: l.name,
          onHand: l.on_hand,
          reserved: l.reserved,
          free: l.on_hand - l.reserved,
          remoteAvailable: l.remote_available,
          updatedAt: l.updated_at,
        })),
        channels: [...byConn.entries()].map(([id, c]) => {
          const rule = effectiveRule(rules, id, sku)
          const ats = availableToSell(
            levels
              .filter((l) => c.locations.includes(l.location_id))
              .map((l) => ({ onHand: l.on_hand, reserved: l.reserved })),
            rule,
          )
          return {
            connectionId: id,
            name: c.name,
            ats,
            rule,
            pushed: pushed
              .filter((p) => p.connection_id === id)
              .map((p) => ({ target: p.target || null, quantity: p.quantity, at: p.pushed_at })),
          }
        }),
        ledger,
      }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/inventory-rules',
    role: 'viewer',
    tags,
    summary: 'Inventory rules (buffer, cap, share) per tenant, connection and SKU',
    handler: async (ctx) => ({ items: await listInventoryRules(ctx.hub.db, ctx.tenantId) }),
  }),
  defineRoute({
    method: 'PUT',
    url: '/inventory-rules',
    role: 'admin',
    tags,
    summary: 'Set one inventory rule (scope: tenant, connection, SKU or both)',
    example: { sku: 'MUG-BLUE', buffer: 2, cap: 50, sharePercent: 80 },
    body: Type.Object(
      {
        connectionId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        sku: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        buffer: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
        cap: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
        sharePercent: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()])),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx, req) => {
      const b = req.body as {
        connectionId?: string | null
        sku?: string | null
        buffer?: number | null
        cap?: number | null
        sharePercent?: number | null
      }
      if (b.connectionId) await getConnection(ctx.hub.db, ctx.tenantId, b.connectionId)
      await ctx.hub.db.transaction(async (trx) => {
        await setInventoryRule(trx, ctx.tenantId, {
          connectionId: b.connectionId ?? null,
          sku: b.sku ?? null,
          buffer: b.buffer ?? null,
          cap: b.cap ?? null,
          sharePercent: b.sharePercent ?? null,
        })
        // every SKU the rule touches must be pushed again
        const conns = b.connectionId ? [b.connectionId] : await sellingConnections(trx, ctx.tenantId)
        await markAllDirty(trx, ctx.tenantId, conns, b.sku ? [b.sku] : undefined)
        await requestPush(ctx.hub.boss, trx, ctx.tenantId, conns)
      })
      await ctx.audit('inventory_rule.set', 'tenant', ctx.tenantId, b)
      return { saved: true }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/connections/:connectionId/locations',
    role: 'viewer',
    tags,
    params: { connectionId: 'connection' },
    summary: 'Which warehouses serve this channel',
    handler: async (ctx, req) => {
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, (req.params as { connectionId: string }).connectionId)
      const rows = await servingLocationsView(ctx.hub.db, ctx.tenantId, conn.id)
      return {
        items: rows.map((r) => ({ location: r.code, name: r.name, externalLocationId: r.external_location_id })),
      }
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/connections/:connectionId/locations',
    role: 'admin',
    tags,
    params: { connectionId: 'connection' },
    summary: 'Set which warehouses serve this channel (and the channel-side location)',
    example: { items: [{ location: 'US-EAST' }] },
    body: Type.Object({
      items: Type.Array(
        Type.Object({ location: Type.String({ minLength: 1 }), externalLocationId: Type.Optional(Type.String()) }),
        { maxItems: 200 },
      ),
    }),
    handler: async (ctx, req) => {
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, (req.params as { connectionId: string }).connectionId)
      const { items } = req.body as { items: { location: string; externalLocationId?: string }[] }
      const locs = await locationsByCodes(
        ctx.hub.db,
        ctx.tenantId,
        items.map((i) => i.location),
      )
      const byCode = new Map(locs.map((l) => [l.code, l.id]))
      const missing = items.filter((i) => !byCode.has(i.location)).map((i) => i.location)
      if (missing.length)
        throw new CrossdockError('VALIDATION_FAILED', `unknown locations: ${missing.join(', ')}`, {
          details: { fields: missing.map((m) => ({ field: '/items', message: `unknown location ${m}` })) },
        })
      await ctx.hub.db.transaction(async (trx) => {
        await setServingLocations(
          trx,
          ctx.tenantId,
          conn.id,
          items.map((i) => ({ locationId: byCode.get(i.location)!, externalLocationId: i.externalLocationId ?? null })),
        )
        await markAllDirty(trx, ctx.tenantId, [conn.id])
        await requestPush(ctx.hub.boss, trx, ctx.tenantId, [conn.id])
      })
      await ctx.audit('channel_locations.set', 'connection', conn.id, { locations: items.map((i) => i.location) })
      return { saved: items.length }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/routing-rules',
    role: 'viewer',
    tags,
    summary: 'Destination → ordered warehouses',
    handler: async (ctx) => routingRules(ctx.hub.db, ctx.tenantId),
  }),
  defineRoute({
    method: 'PUT',
    url: '/routing-rules',
    role: 'admin',
    tags,
    summary: 'Set routing rules: country, region (EU, NA, APAC, EUROPE) or * → warehouse codes in order',
    example: { routes: { US: ['US-EAST'], '*': ['US-EAST'] } },
    body: Type.Object(
      {
        routes: Type.Record(
          Type.String({ pattern: '^([A-Z]{2}|EU|EUROPE|NA|APAC|\\*)$' }),
          Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
        ),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx, req) => {
      const rules = req.body as { routes: Record<string, string[]> }
      const codes = [...new Set(Object.values(rules.routes).flat())]
      const known = new Set((await locationsByCodes(ctx.hub.db, ctx.tenantId, codes)).map((l) => l.code))
      const missing = codes.filter((c) => !known.has(c))
      if (missing.length)
        throw new CrossdockError('VALIDATION_FAILED', `unknown warehouses: ${missing.join(', ')}`, {
          details: { fields: missing.map((m) => ({ field: '/routes', message: `unknown location ${m}` })) },
        })
      await setRoutingRules(ctx.hub.db, ctx.tenantId, rules)
      await ctx.audit('routing_rules.set', 'tenant', ctx.tenantId, rules)
      return rules
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/locations',
    role: 'viewer',
    tags,
    summary: 'Warehouses, FBA and store locations',
    handler: async (ctx) => ({ items: await listLocations(ctx.hub.db, ctx.tenantId) }),
  }),
]
