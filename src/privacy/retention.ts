// Retention: a tenant may say how many days raw payloads (webhook bodies, failed records' source
// payloads) are kept. Older ones are set to null; the rows stay (what happened, when, with what
// outcome), only the raw copy goes. Inbox rows still waiting to be processed are left alone.
import type { Knex } from 'knex'
import { CrossdockError } from '../errors.ts'
import { audit } from '../db/audit.ts'
import { purgeFailurePayloads, purgeInboxPayloads } from '../db/buyer-data.ts'
import { setTenantSetting, tenantSettings } from '../db/tenants.ts'

export const MIN_RETENTION_DAYS = 1
export const MAX_RETENTION_DAYS = 3650
const BATCH = 5000

export async function getRetentionDays(db: Knex, tenantId: string): Promise<number | null> {
  const v: unknown = (await tenantSettings(db, tenantId)).retentionDays
  return typeof v === 'number' && Number.isInteger(v) && v >= MIN_RETENTION_DAYS ? v : null
}

/** null keeps raw payloads for ever. */
export async function setRetentionDays(db: Knex, tenantId: string, days: number | null): Promise<void> {
  if (days !== null && (!Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS)) {
    throw new CrossdockError(
      'VALIDATION_FAILED',
      `retentionDays must be a whole number from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}, or null`,
      {
        details: { fields: [{ field: '/retentionDays', message: 'out of range' }] },
      },
    )
  }
  await setTenantSetting(db, tenantId, 'retentionDays', days)
}

export interface PurgeCounts {
  webhookPayloads: number
  syncFailurePayloads: number
}

/** Null out raw payloads older than `olderThanDays`, in batches (no long lock on a big tenant). */
export async function purgeRawPayloads(
  db: Knex,
  tenantId: string,
  olderThanDays: number,
  actor = 'retention',
): Promise<PurgeCounts> {
  if (!Number.isInteger(olderThanDays) || olderThanDays < 0)
    throw new CrossdockError('BAD_REQUEST', 'olderThanDays must be a whole number of days')
  const counts: PurgeCounts = { webhookPayloads: 0, syncFailurePayloads: 0 }
  for (let n = BATCH; n === BATCH;) {
    n = await purgeInboxPayloads(db, tenantId, olderThanDays, BATCH)
    counts.webhookPayloads += n
  }
  for (let n = BATCH; n === BATCH;) {
    n = await purgeFailurePayloads(db, tenantId, olderThanDays, BATCH)
    counts.syncFailurePayloads += n
  }
  if (counts.webhookPayloads || counts.syncFailurePayloads) {
    await audit(db, tenantId, { actor, action: 'privacy.payloads_purged', data: { olderThanDays, ...counts } })
  }
  return counts
}
