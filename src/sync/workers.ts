// Registers every job handler of a worker process with pg-boss.
import type { Job } from 'pg-boss'
import { QUEUES } from '../queue/boss.ts'
import type { HubServices } from '../services.ts'
import type { WebhookJob } from '../server/webhooks.ts'
import { processWebhookJob } from './webhook-processor.ts'

export async function registerWorkers(hub: HubServices): Promise<void> {
  await hub.boss.work<WebhookJob>(QUEUES.webhookProcess.name, { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 0.5 }, async (jobs: Job<WebhookJob>[]) => {
    for (const job of jobs) await processWebhookJob(hub, job)
  })
}
