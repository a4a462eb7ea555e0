// Runs the job table's handlers in a worker process, one job at a time per slot, and creates the
// table's schedules (pg-boss fires each slot once however many processes run).
import type { JobWithMetadata } from 'pg-boss'
import type { HubServices } from '../services.ts'

export async function registerWorkers(hub: HubServices): Promise<void> {
  for (const def of hub.jobs) {
    const options = {
      batchSize: 1,
      localConcurrency: def.concurrency,
      pollingIntervalSeconds: def.pollingIntervalSeconds,
      includeMetadata: true,
    } as const
    await hub.boss.work<object, void, typeof options>(def.queue.name, options, async (jobs) => {
      for (const job of jobs as JobWithMetadata<object>[]) {
        try {
          await def.handle(hub, job)
        } catch (err) {
          // pg-boss retries it (or dead-letters it); the log says why, once per attempt
          hub.log.warn({ queue: def.queue.name, jobId: job.id, err }, 'job failed')
          throw err
        }
      }
    })
    if (def.schedule)
      await hub.boss.schedule(def.queue.name, def.schedule.cron, {}, { key: def.schedule.key, tz: def.schedule.tz })
  }
}
