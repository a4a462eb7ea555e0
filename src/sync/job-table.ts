// The hub's one job table: every queue with its options, how many of its jobs one process runs at
// once, its handler, and the schedule that feeds it (if any). startBoss creates these queues and
// registerWorkers runs these handlers, so a queue cannot exist without its worker or the reverse.
import {
  PRIVACY_QUEUES,
  RETENTION_CRON,
  RETENTION_SCHEDULE_KEY,
  retentionPurge,
  retentionSweep,
} from '../privacy/index.ts'
import type { JobDefinition as QueueJob, Queue } from '../queue/boss.ts'
import type { HubServices } from '../services.ts'
import { inventoryPushHandler } from './inventory/push.ts'
import { backorderRetryHandler } from './orders/backorder-jobs.ts'
import { allocationCancelHandler, allocationSendHandler, erpOrderPostHandler } from './orders/fulfilment-jobs.ts'
import { deliverEvent, OUTBOUND_QUEUES } from './outbound/index.ts'
import { pullJobHandler } from './pull/run-pull.ts'
import { SYNC_QUEUES } from './queues.ts'
import { shipmentPropagateHandler } from './shipments/propagate.ts'
import { processWebhookJob } from './webhook-processor.ts'

export type JobDefinition<T extends object = any> = QueueJob<HubServices, T>

function job<T extends object>(
  queue: Queue<T>,
  handle: JobDefinition<T>['handle'],
  opts: { concurrency?: number; pollingIntervalSeconds?: number; schedule?: JobDefinition<T>['schedule'] } = {},
): JobDefinition<T> {
  return {
    queue,
    handle,
    concurrency: opts.concurrency ?? 2,
    pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 0.5,
    ...(opts.schedule ? { schedule: opts.schedule } : {}),
  }
}

export function jobTable(): JobDefinition[] {
  return [
    job(SYNC_QUEUES.webhookProcess, processWebhookJob, { concurrency: 4 }),
    job(SYNC_QUEUES.pull, pullJobHandler, { concurrency: 4 }),
    job(SYNC_QUEUES.inventoryPush, inventoryPushHandler, { concurrency: 4 }),
    job(SYNC_QUEUES.allocationSend, allocationSendHandler, { concurrency: 4 }),
    job(SYNC_QUEUES.allocationCancel, allocationCancelHandler),
    job(SYNC_QUEUES.shipmentPropagate, shipmentPropagateHandler, { concurrency: 4 }),
    job(SYNC_QUEUES.erpOrderPost, erpOrderPostHandler),
    job(SYNC_QUEUES.backorderRetry, backorderRetryHandler, { concurrency: 1 }),
    job(OUTBOUND_QUEUES.deliver, deliverEvent, { concurrency: 4 }),
    job(PRIVACY_QUEUES.retentionSweep, (hub) => retentionSweep(hub).then(() => undefined), {
      concurrency: 1,
      pollingIntervalSeconds: 2,
      schedule: { cron: RETENTION_CRON, key: RETENTION_SCHEDULE_KEY, tz: 'UTC' },
    }),
    job(PRIVACY_QUEUES.retentionPurge, retentionPurge, { concurrency: 1, pollingIntervalSeconds: 2 }),
  ]
}
