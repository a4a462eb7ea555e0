// Backorders are retried when stock arrives: a stock change for some SKUs looks for orders of
// the tenant with backordered lines of those SKUs, oldest first, and routes them again.
import type { Job } from 'pg-boss'
import type { HubServices } from '../../services.ts'
import { lockTenantAudit } from '../../db/audit.ts'
import { retryBackorder } from './lifecycle.ts'

export interface BackorderJob {
  tenantId: string
  skus: string[]
}

export async function retryBackorders(hub: HubServices, data: BackorderJob): Promise<number> {
  const orders = await hub
    .db('allocations as a')
    .join('orders as o', 'o.id', 'a.order_id')
    .where({ 'a.tenant_id': data.tenantId, 'a.status': 'backordered' })
    .whereRaw(`exists (select 1 from jsonb_array_elements(a.lines) l where l->>'sku' = any(?))`, [data.skus])
    .orderBy('o.placed_at')
    .distinct('o.id', 'o.placed_at')
    .limit(500)
  let rerouted = 0
  for (const o of orders) {
    const did = await hub.db.transaction(async (trx) => {
      await lockTenantAudit(trx, data.tenantId)
      return retryBackorder(trx, hub.boss, data.tenantId, o.id)
    })
    if (did) rerouted++
  }
  return rerouted
}

export async function backorderRetryHandler(hub: HubServices, job: Job<BackorderJob>): Promise<void> {
  await retryBackorders(hub, job.data)
}
