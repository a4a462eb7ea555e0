// Registers every job handler of a worker process with pg-boss.
import type { Job } from 'pg-boss'
import { QUEUES } from '../queue/boss.ts'
import type { HubServices } from '../services.ts'
import type { WebhookJob } from '../server/webhooks.ts'
import { inventoryPushHandler } from './inventory/push.ts'
import { backorderRetryHandler } from './orders/backorder-jobs.ts'
import { allocationCancelHandler, allocationSendHandler, erpOrderPostHandler } from './orders/fulfilment-jobs.ts'
import { pullJobHandler } from './pull/run-pull.ts'
import { SYNC_QUEUES } from './queues.ts'
import { shipmentPropagateHandler } from './shipments/propagate.ts'
import { processWebhookJob } from './webhook-processor.ts'
import { registerOutboundWorkers } from './outbound/index.ts'
import { registerPrivacyWorkers } from '../privacy/index.ts'

type Handler<T> = (hub: HubServices, job: Job<T>) => Promise<void>

async function each<T>(hub: HubServices, name: string, handler: Handler<T>, concurrency = 2): Promise<void> {
  await hub.boss.work<T>(
    name,
    { batchSize: 1, localConcurrency: concurrency, pollingIntervalSeconds: 0.5 },
    async (jobs: Job<T>[]) => {
      for (const job of jobs) {
        try {
          await handler(hub, job)
        } catch (err) {
          // pg-boss retries it (or dead-letters it); the log says why, once per attempt
          hub.log.warn({ queue: name, jobId: job.id, err }, 'job failed')
          throw err
        }
      }
    },
  )
}

export async function registerWorkers(hub: HubServices): Promise<void> {
  await each<WebhookJob>(hub, QUEUES.webhookProcess.name, processWebhookJob, 4)
  await each(hub, SYNC_QUEUES.pull.name, pullJobHandler, 4)
  await each(hub, SYNC_QUEUES.inventoryPush.name, inventoryPushHandler, 4)
  await each(hub, SYNC_QUEUES.allocationSend.name, allocationSendHandler, 4)
  await each(hub, SYNC_QUEUES.allocationCancel.name, allocationCancelHandler)
  await each(hub, SYNC_QUEUES.shipmentPropagate.name, shipmentPropagateHandler, 4)
  await each(hub, SYNC_QUEUES.erpOrderPost.name, erpOrderPostHandler)
  await each(hub, SYNC_QUEUES.backorderRetry.name, backorderRetryHandler, 1)
  await registerOutboundWorkers(hub)
  await registerPrivacyWorkers(hub)
}
