// Backorders are retried when stock arrives: a stock change for some SKUs looks for orders of
// the tenant with backordered lines of those SKUs, oldest first, and routes them again.
import type { Job } from 'pg-boss'
import type { HubServices } from '../../services.ts'
import { ordersBackorderedOn } from '../../db/allocations.ts'
import { lockTenantAudit } from '../../db/audit.ts'
import type { BackorderJob } from '../queues.ts'
import { retryBackorder } from './lifecycle.ts'

export async function retryBackorders(hub: HubServices, data: BackorderJob): Promise<number> {
  let rerouted = 0
  for (const orderId of await ordersBackorderedOn(hub.db, data.tenantId, data.skus, 500)) {
    const did = await hub.db.transaction(async (trx) => {
      await lockTenantAudit(trx, data.tenantId)
      return retryBackorder(trx, hub.boss, data.tenantId, orderId)
    })
    if (did) rerouted++
  }
  return rerouted
}

export async function backorderRetryHandler(hub: HubServices, job: Job<BackorderJob>): Promise<void> {
  await retryBackorders(hub, job.data)
}
