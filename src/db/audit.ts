// The audit trail: every ledger movement, order state change, push and admin action is a row
// chained by hash to the previous row of its tenant (hash = sha256(prev_hash + the row's
// content)). A row edited or deleted afterwards breaks the chain at that point, and
// `verifyAuditChain` says where. Rows of one tenant are chained under a per-tenant advisory lock
// held to the end of the writing transaction, so two writers never fork the chain (the unique
// (tenant, prev_hash) index would refuse a fork anyway).
import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import { canonicalJson } from './content-hash.ts'
import { keysetPage, type Page, type PageRequest } from './keyset.ts'
import type { Queryable } from './knex.ts'

export interface AuditEntry {
  actor: string
  action: string
  entity?: string
  entityId?: string
  data?: unknown
}

const GENESIS = 'genesis'

export function auditHash(
  prev: string,
  row: {
    tenant_id: string
    at: string
    actor: string
    action: string
    entity: string | null
    entity_id: string | null
    data: unknown
  },
): string {
  return createHash('sha256')
    .update(prev)
    .update('\n')
    .update(row.tenant_id)
    .update('\n')
    .update(row.at)
    .update('\n')
    .update(row.actor)
    .update('\n')
    .update(row.action)
    .update('\n')
    .update(row.entity ?? '')
    .update('\n')
    .update(row.entity_id ?? '')
    .update('\n')
    .update(canonicalJson(row.data ?? null))
    .digest('hex')
}

/**
 * Take the tenant's audit lock. Writers that will audit take it before any row lock (the ingest
 * road does so per item), so the lock order is always audit → rows and two writers cannot
 * deadlock on it. Re-entrant within a transaction.
 */
export async function lockTenantAudit(trx: Knex.Transaction, tenantId: string): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 7))', [`audit:${tenantId}`])
}

export async function appendAudit(trx: Knex.Transaction, tenantId: string, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return
  await lockTenantAudit(trx, tenantId)
  const last = await trx('audit_log').where({ tenant_id: tenantId }).orderBy('id', 'desc').first('hash')
  let prev: string = last?.hash ?? GENESIS
  const rows = entries.map((e) => {
    const row = {
      tenant_id: tenantId,
      at: new Date().toISOString(),
      actor: e.actor,
      action: e.action,
      entity: e.entity ?? null,
      entity_id: e.entityId ?? null,
      data: e.data ?? null,
    }
    const hash = auditHash(prev, row)
    const out = { ...row, data: JSON.stringify(row.data), prev_hash: prev, hash }
    prev = hash
    return out
  })
  for (let i = 0; i < rows.length; i += 1000) await trx('audit_log').insert(rows.slice(i, i + 1000))
}

/** One entry in its own transaction (an admin action that changed nothing else transactional). */
export async function audit(db: Knex, tenantId: string, entry: AuditEntry): Promise<void> {
  await db.transaction((trx) => appendAudit(trx, tenantId, [entry]))
}

export interface ChainReport {
  ok: boolean
  rows: number
  /** the first row whose hash or link does not hold, when one does not */
  brokenAt?: { id: number; reason: string }
}

export async function verifyAuditChain(db: Queryable, tenantId: string): Promise<ChainReport> {
  let prev = GENESIS
  let rows = 0
  let lastId = 0
  for (;;) {
    const page = await db('audit_log')
      .where({ tenant_id: tenantId })
      .andWhere('id', '>', lastId)
      .orderBy('id')
      .limit(5000)
    if (page.length === 0) break
    for (const r of page) {
      rows++
      lastId = r.id
      if (r.prev_hash !== prev)
        return {
          ok: false,
          rows,
          brokenAt: { id: r.id, reason: 'a row before this one was deleted or changed (link broken)' },
        }
      const at = r.at instanceof Date ? r.at.toISOString() : String(r.at)
      const want = auditHash(prev, {
        tenant_id: r.tenant_id,
        at,
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entity_id: r.entity_id,
        data: r.data,
      })
      if (want !== r.hash)
        return {
          ok: false,
          rows,
          brokenAt: { id: r.id, reason: 'this row was changed after it was written (hash mismatch)' },
        }
      prev = r.hash
    }
  }
  return { ok: true, rows }
}

/** The trail for the API, newest first; `action` filters by prefix (`order.` → every order action). */
export async function listAudit(
  db: Queryable,
  tenantId: string,
  filter: { action?: string | undefined },
  page: PageRequest,
): Promise<Page<Record<string, unknown>>> {
  const q = db('audit_log')
    .where({ tenant_id: tenantId })
    .select('id', 'at', 'actor', 'action', 'entity', 'entity_id', 'data', 'hash')
  if (filter.action) q.andWhereLike('action', `${filter.action}%`)
  return keysetPage(q, { key: 'id', id: 'id', ...page })
}
