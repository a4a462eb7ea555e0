// The daily retention purge, scheduled in pg-boss (it fires once per day however many hub
// processes run): a sweep job lists the tenants with a retention setting and queues one purge
// job per tenant, which carries and checks its tenant id like every other job. The queues and
// the schedule are rows of the hub's job table (sync/job-table.ts).
import { defineQueue } from '../queue/boss.ts'
import { tenantsWithRetention } from '../db/tenants.ts'
import type { HubServices } from '../services.ts'
import { getRetentionDays, purgeRawPayloads } from './retention.ts'

export const PRIVACY_QUEUES = {
  retentionSweep: defineQueue<object>({
    name: 'privacy-retention-sweep',
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 600,
    policy: 'singleton',
  }),
  retentionPurge: defineQueue<RetentionPurgeJob>({
    name: 'privacy-retention-purge',
    retryLimit: 5,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 3600,
  }),
}

/** 03:17 UTC: off the hour, when most schedules fire */
export const RETENTION_CRON = '17 3 * * *'
/** pg-boss schedule keys may hold letters, digits, _ - . / only */
export const RETENTION_SCHEDULE_KEY = 'daily'

export interface RetentionPurgeJob {
  tenantId: string
}

export async function retentionSweep(hub: HubServices): Promise<number> {
  const tenants = await tenantsWithRetention(hub.db)
  for (const tenantId of tenants) {
    await hub.boss.send(PRIVACY_QUEUES.retentionPurge.name, { tenantId } satisfies RetentionPurgeJob, {
      singletonKey: `retention.${tenantId}`,
    })
  }
  return tenants.length
}

export async function retentionPurge(hub: HubServices, job: { data: RetentionPurgeJob }): Promise<void> {
  const { tenantId } = job.data
  // the setting is read for the job's own tenant: a forged job can only apply that tenant's rule
  const days = await getRetentionDays(hub.db, tenantId)
  if (days === null) return
  const counts = await purgeRawPayloads(hub.db, tenantId, days)
  hub.log.info({ tenantId, days, ...counts }, 'retention purge done')
}
