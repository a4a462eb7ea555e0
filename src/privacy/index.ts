// Privacy duties (GDPR and the like): export all data held on one buyer, erase a buyer (PII
// becomes a tombstone; order history and totals stay), purge raw payloads past the tenant's
// retention, and the channels' privacy webhooks. Imports the database and sync/audit; nothing
// from server/.
export { applyPrivacyEffect, type PrivacyEffect, type PrivacyOutcome } from './effects.ts'
export { eraseBuyer, eraseConnectionBuyers, type ErasureCounts, type ErasureResult } from './erase.ts'
export { exportBuyer, type BuyerExport } from './export.ts'
export { buyerFootprint, hashEmail, type BuyerSelector } from './footprint.ts'
export { ERASED, scrubPii, scrubText } from './pii.ts'
export {
  getRetentionDays,
  MAX_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
  purgeRawPayloads,
  setRetentionDays,
  type PurgeCounts,
} from './retention.ts'
export {
  PRIVACY_QUEUES,
  retentionPurge,
  retentionSweep,
  RETENTION_CRON,
  RETENTION_SCHEDULE_KEY,
  type RetentionPurgeJob,
} from './workers.ts'
