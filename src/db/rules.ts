// The seller's rules: inventory rules (safety buffer, cap, share) per tenant, channel and SKU, and
// routing rules (destination → warehouse codes in order of preference), one document per tenant.
import type { Queryable } from './knex.ts'

export interface InventoryRule {
  connectionId: string | null
  sku: string | null
  buffer: number | null
  cap: number | null
  sharePercent: number | null
}

interface RuleRow {
  id: string
  connection_id: string | null
  sku: string | null
  buffer: number | null
  cap: number | null
  share_percent: number | null
}

const fromRow = (r: RuleRow): InventoryRule => ({
  connectionId: r.connection_id,
  sku: r.sku,
  buffer: r.buffer,
  cap: r.cap,
  sharePercent: r.share_percent,
})

/** The tenant's rules; with a connection, only those that apply to it (its own and the tenant-wide). */
export async function inventoryRules(q: Queryable, tenantId: string, connectionId?: string): Promise<InventoryRule[]> {
  const query = q('inventory_rules').where({ tenant_id: tenantId })
  if (connectionId) query.andWhere((w) => w.whereNull('connection_id').orWhere('connection_id', connectionId))
  return ((await query) as RuleRow[]).map(fromRow)
}

export async function listInventoryRules(q: Queryable, tenantId: string): Promise<(InventoryRule & { id: string })[]> {
  return ((await q('inventory_rules').where({ tenant_id: tenantId })) as RuleRow[]).map((r) => ({
    id: r.id,
    ...fromRow(r),
  }))
}

/** Set the one rule of a scope (tenant, channel, SKU or both), replacing what was there. */
export async function setInventoryRule(q: Queryable, tenantId: string, rule: InventoryRule): Promise<void> {
  await q('inventory_rules')
    .where({ tenant_id: tenantId })
    .andWhereRaw("coalesce(connection_id::text, '') = ?", [rule.connectionId ?? ''])
    .andWhereRaw("coalesce(sku, '') = ?", [rule.sku ?? ''])
    .del()
  await q('inventory_rules').insert({
    tenant_id: tenantId,
    connection_id: rule.connectionId,
    sku: rule.sku,
    buffer: rule.buffer,
    cap: rule.cap,
    share_percent: rule.sharePercent,
  })
}

export interface RoutingRulesDoc {
  routes: Record<string, string[]>
}

export async function getRoutingRules(q: Queryable, tenantId: string): Promise<RoutingRulesDoc | undefined> {
  const row = await q('routing_rules').where({ tenant_id: tenantId }).first('rules')
  return row?.rules as RoutingRulesDoc | undefined
}

export async function setRoutingRules(q: Queryable, tenantId: string, rules: RoutingRulesDoc): Promise<void> {
  await q('routing_rules')
    .insert({ tenant_id: tenantId, rules: JSON.stringify(rules) })
    .onConflict('tenant_id')
    .merge({ rules: JSON.stringify(rules), updated_at: q.fn.now() })
}
