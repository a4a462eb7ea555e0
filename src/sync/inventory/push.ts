// The anti-oversell loop's last step: for one channel connection, take the dirty SKUs, compute
// what the ledger allows now (ATS), diff against what was last pushed, and push only the changes
// in the largest batches the connector takes. Compare-and-swap conflicts are decided again with
// what the remote reported. A mark made while we worked is not cleared: the job runs again at
// once for it; a SKU that failed stays marked and is tried again after PUSH_RETRY_MS.
import type { Job } from 'pg-boss'
import type { InventoryPushItem, PushResult } from '../../connectors/types.ts'
import { variantBindingsForSkus } from '../../db/bindings.ts'
import { getConnection } from '../../db/connections.ts'
import { clearDirty, countDirty, dirtySkus, levelsAt } from '../../db/inventory.ts'
import { servingLocations } from '../../db/locations.ts'
import { lastPushed, recordPushed, recordPushLag } from '../../db/pushes.ts'
import { finishRun, recordRunFailures, startRun } from '../../db/runs.ts'
import { inventoryRules } from '../../db/rules.ts'
import type { HubServices } from '../../services.ts'
import { appendAudit, lockTenantAudit } from '../../db/audit.ts'
import { emitEvent } from '../outbound/index.ts'
import { connectorContext } from '../context.ts'
import { enqueue } from '../../queue/boss.ts'
import { SYNC_QUEUES, type InventoryPushJob } from '../queues.ts'
import { availableToSell, effectiveRule, splitAcrossTargets, type ScopedRule } from './ats.ts'

const MAX_SKUS_PER_RUN = 50_000
const PUSH_RETRY_MS = 30_000

export interface PushSummary {
  runId: string
  readAt: Date
  considered: number
  pushed: number
  unchanged: number
  failed: number
  calls: number
}

interface Desired {
  item: InventoryPushItem
  allowed: number
}

export async function computeDesired(
  hub: HubServices,
  tenantId: string,
  connectionId: string,
  skus: string[],
): Promise<Desired[]> {
  const db = hub.db
  const serving = await servingLocations(db, tenantId, connectionId)
  const locationIds = serving.map((s) => s.location_id)
  const defaultTarget: string = serving.find((s) => s.external_location_id)?.external_location_id ?? ''
  const levels = await levelsAt(db, tenantId, skus, locationIds)
  const bySku = new Map<string, { onHand: number; reserved: number }[]>()
  for (const l of levels) {
    const list = bySku.get(l.sku) ?? []
    list.push({ onHand: l.on_hand, reserved: l.reserved })
    bySku.set(l.sku, list)
  }
  const rules: ScopedRule[] = await inventoryRules(db, tenantId, connectionId)
  const bindings = await variantBindingsForSkus(db, tenantId, connectionId, skus)
  const pushed = await lastPushed(db, tenantId, connectionId, skus)
  const last = new Map(pushed.map((p) => [`${p.sku}\u0000${p.target}`, p.quantity]))

  const bindingsBySku = new Map<string, { external_id: string; external_sku: string | null; scope: string }[]>()
  for (const b of bindings) {
    const list = bindingsBySku.get(b.sku) ?? []
    list.push(b)
    bindingsBySku.set(b.sku, list)
  }
  const out: Desired[] = []
  for (const sku of skus) {
    const bs = bindingsBySku.get(sku)
    if (!bs?.length) continue
    const total = availableToSell(bySku.get(sku) ?? [], effectiveRule(rules, connectionId, sku))
    // where the number goes: the channel-side location the seller mapped (a Shopify location),
    // else the binding's own scope (an Amazon marketplace), else the channel as a whole
    const targets = new Map(bs.map((b) => [defaultTarget || b.scope, b]))
    const split = splitAcrossTargets(total, [...targets.keys()])
    for (const [target, b] of targets) {
      const quantity = split.get(target) ?? 0
      const previous = last.get(`${sku}\u0000${target}`)
      out.push({
        allowed: quantity,
        item: {
          key: `${sku}\u0000${target}`,
          sku,
          externalId: b.external_id,
          ...(b.external_sku ? { externalSku: b.external_sku } : {}),
          ...(target ? { locationExternalId: target } : {}),
          ...(b.scope ? { scope: b.scope } : {}),
          quantity,
          previousQuantity: previous ?? null,
        },
      })
    }
  }
  return out
}

export async function runInventoryPush(hub: HubServices, data: InventoryPushJob): Promise<PushSummary> {
  const conn = await getConnection(hub.db, data.tenantId, data.connectionId)
  const { connector, ctx } = connectorContext(hub, conn)
  const readAt = new Date()
  const dirty = await dirtySkus(hub.db, conn.tenant_id, conn.id, readAt, MAX_SKUS_PER_RUN)
  const runId = await startRun(hub.db, {
    tenantId: conn.tenant_id,
    connectionId: conn.id,
    stream: 'inventory',
    direction: 'push',
    trigger: 'change',
  })
  const summary: PushSummary = {
    runId,
    readAt,
    considered: dirty.length,
    pushed: 0,
    unchanged: 0,
    failed: 0,
    calls: 0,
  }
  const canPush = connector.push && ['push', 'both'].includes(connector.description.capabilities.inventory ?? '')
  if (!canPush || ['disabled', 'disconnected'].includes(conn.status)) {
    await clearDirty(
      hub.db,
      conn.tenant_id,
      conn.id,
      dirty.map((d) => d.sku),
      readAt,
    )
    await finishPushRun(
      hub,
      conn.tenant_id,
      runId,
      summary,
      `not pushed: connection ${canPush ? conn.status : 'cannot push inventory'}`,
    )
    return summary
  }
  const desired = await computeDesired(
    hub,
    conn.tenant_id,
    conn.id,
    dirty.map((d) => d.sku),
  )
  const changed = desired.filter((d) => d.item.previousQuantity !== d.item.quantity)
  summary.unchanged = desired.length - changed.length
  const batchSize = Math.max(1, connector.description.batchSizes.inventory ?? 100)
  const allowedByKey = new Map(changed.map((d) => [d.item.key, d.allowed]))
  let retryItems: InventoryPushItem[] = []
  const failures: { key: string; message: string; code: string }[] = []

  const apply = async (items: InventoryPushItem[], results: PushResult[]) => {
    const byKey = new Map(items.map((i) => [i.key, i]))
    const ok = results
      .filter((r) => r.status === 'ok')
      .map((r) => byKey.get(r.key)!)
      .filter(Boolean)
    if (ok.length) {
      await hub.db.transaction(async (trx) => {
        await lockTenantAudit(trx, conn.tenant_id) // audit lock before row locks, like every writer
        await recordPushed(
          trx,
          conn.tenant_id,
          conn.id,
          ok.map((it) => ({
            sku: it.sku,
            target: it.locationExternalId ?? '',
            quantity: it.quantity,
            allowed: allowedByKey.get(it.key) ?? it.quantity,
          })),
        )
        await appendAudit(trx, conn.tenant_id, [
          {
            actor: `push:${runId}`,
            action: 'inventory.pushed',
            entity: 'connection',
            entityId: conn.id,
            data: { count: ok.length, first: ok.slice(0, 20).map((i) => [i.sku, i.quantity]) },
          },
        ])
        await emitEvent(trx, hub.boss, conn.tenant_id, 'inventory.changed', {
          connectionId: conn.id,
          runId,
          items: ok.map((i) => ({ sku: i.sku, quantity: i.quantity, target: i.locationExternalId ?? null })),
        })
      })
      summary.pushed += ok.length
    }
    for (const r of results) {
      if (r.status === 'conflict' && r.observed !== undefined)
        retryItems.push({ ...byKey.get(r.key)!, previousQuantity: r.observed })
      else if (r.status === 'rejected' || r.status === 'retryable' || r.status === 'conflict')
        failures.push({ key: r.key, code: r.error?.code ?? r.status, message: r.error?.message ?? r.status })
    }
  }

  for (let i = 0; i < changed.length; i += batchSize) {
    const batch = changed.slice(i, i + batchSize).map((d) => d.item)
    const results = await connector.push!(ctx, 'inventory', batch)
    summary.calls++
    await apply(batch, results)
  }
  // compare-and-swap lost: the remote moved (its own sale, a manual edit); push our number again
  // against what it now holds — the ledger, not the remote, decides what may be sold
  if (retryItems.length) {
    const again = retryItems
    retryItems = []
    for (let i = 0; i < again.length; i += batchSize) {
      const batch = again.slice(i, i + batchSize)
      summary.calls++
      await apply(batch, await connector.push!(ctx, 'inventory', batch))
    }
    for (const it of retryItems)
      failures.push({ key: it.key, code: 'CONNECTOR_CONFLICT', message: 'remote changed twice during the push' })
  }
  summary.failed = failures.length
  await recordRunFailures(
    hub.db,
    conn.tenant_id,
    runId,
    failures.map((f) => ({ externalId: f.key.replace('\u0000', '@'), code: f.code, message: f.message })),
  )
  // failed SKUs stay dirty (retried next run); everything else read before readAt is done
  const failedSkus = new Set(failures.map((f) => f.key.split('\u0000')[0]))
  await clearDirty(
    hub.db,
    conn.tenant_id,
    conn.id,
    dirty.map((d) => d.sku).filter((s) => !failedSkus.has(s)),
    readAt,
  )
  if (summary.pushed > 0 && dirty.length) {
    // oversell window sample: from the oldest change this run covered to the moment it landed
    const oldest = dirty.reduce((m, d) => Math.min(m, new Date(d.changed_at).getTime()), Date.now())
    await recordPushLag(hub.db, conn.tenant_id, conn.id, Date.now() - oldest, summary.pushed)
  }
  await finishPushRun(hub, conn.tenant_id, runId, summary)
  return summary
}

async function finishPushRun(
  hub: HubServices,
  tenantId: string,
  runId: string,
  s: PushSummary,
  note?: string,
): Promise<void> {
  await finishRun(hub.db, tenantId, runId, {
    status: s.failed ? 'partial' : 'ok',
    counts: { seen: s.considered, updated: s.pushed, unchanged: s.unchanged, failed: s.failed },
    error: note ?? null,
  })
}

export async function inventoryPushHandler(hub: HubServices, job: Job<InventoryPushJob>): Promise<void> {
  const s = await runInventoryPush(hub, job.data)
  // more dirty SKUs than one run takes, or marks made while we pushed: anything still dirty that
  // did not fail here was marked meanwhile (its changed_at is its transaction's start, which can
  // precede readAt), so go again at once
  const newer = (await countDirty(hub.db, job.data.tenantId, job.data.connectionId)) > s.failed
  const singletonKey = `push:${job.data.connectionId}`
  if (newer || s.considered >= MAX_SKUS_PER_RUN) {
    await enqueue(hub.boss, undefined, SYNC_QUEUES.inventoryPush, job.data, { singletonKey })
  } else if (s.failed > 0) {
    // failed SKUs stay dirty: come back for them later (a throttled remote, a fixed listing)
    await enqueue(hub.boss, undefined, SYNC_QUEUES.inventoryPush, job.data, {
      singletonKey,
      startAfter: new Date(Date.now() + PUSH_RETRY_MS),
    })
  }
}
