// pg-boss on the hub's own database, in its own schema. A queue is declared once where its jobs
// are made (sync/queues.ts, sync/outbound/events.ts, privacy/workers.ts), with its retry policy
// and the type of its jobs' data; the hub's job table (sync/job-table.ts) lists them all, and
// startBoss creates exactly those, each with the dead letter queue.
import type { Knex } from 'knex'
import { fromKnex, PgBoss, type JobWithMetadata, type SendOptions } from 'pg-boss'
import type { Logger } from 'pino'

export const DEAD_LETTER_QUEUE = 'dead-letter'

export interface QueueSpec {
  name: string
  retryLimit: number
  retryDelay: number
  retryBackoff: boolean
  expireInSeconds: number
  policy?: 'standard' | 'singleton' | 'stately' | 'short' | 'exclusive'
}

/** A queue whose jobs carry a `T` (the type only guards senders and handlers). */
export interface Queue<T extends object = object> extends QueueSpec {
  readonly __job?: T
}

export function defineQueue<T extends object>(spec: QueueSpec): Queue<T> {
  return spec
}

/** One row of the hub's job table: a queue, how its jobs run, and what runs them (given `Hub`). */
export interface JobDefinition<Hub, T extends object = any> {
  queue: Queue<T>
  /** jobs of this queue one process runs at the same time */
  concurrency: number
  /** how often an idle worker looks for a job (seconds) */
  pollingIntervalSeconds: number
  handle(hub: Hub, job: JobWithMetadata<T>): Promise<void>
  /** a cron schedule that sends this queue an empty job (pg-boss fires each slot once) */
  schedule?: { cron: string; key: string; tz: string }
}

/**
 * A worker that dies (kill -9, a lost machine) stops sending heartbeats; pg-boss's supervisor
 * then retries its active jobs after this many seconds instead of waiting out expireInSeconds.
 * Handlers are idempotent, so a job that in fact finished before the crash runs again harmlessly.
 */
export function heartbeatSeconds(): number {
  return Math.max(10, Number(process.env.CROSSDOCK_JOB_HEARTBEAT_SECONDS ?? 30))
}

/** Send a job inside the caller's transaction: it exists if and only if the transaction commits. */
export async function enqueue<T extends object>(
  boss: PgBoss,
  trx: Knex.Transaction | undefined,
  queue: Queue<T>,
  data: T,
  options: SendOptions = {},
): Promise<string | null> {
  return boss.send(queue.name, data, trx ? { ...options, db: fromKnex(trx) } : options)
}

export async function startBoss(opts: {
  url: string
  schema: string
  log: Logger
  /** every queue the hub uses (its job table) */
  queues: readonly QueueSpec[]
  schedule?: boolean
}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: opts.url,
    schema: opts.schema,
    application_name: 'crossdock-boss',
    schedule: opts.schedule ?? true,
    max: 10,
    superviseIntervalSeconds: Math.max(1, Number(process.env.CROSSDOCK_SUPERVISE_SECONDS ?? 15)),
    monitorIntervalSeconds: Math.max(1, Number(process.env.CROSSDOCK_SUPERVISE_SECONDS ?? 15)),
  })
  boss.on('error', (err) => opts.log.error({ err }, 'pg-boss error'))
  await boss.start()
  await boss
    .createQueue(DEAD_LETTER_QUEUE, {
      retryLimit: 0,
      retentionSeconds: 30 * 24 * 3600,
      deleteAfterSeconds: 30 * 24 * 3600,
    })
    .catch(ignoreExists)
  for (const q of opts.queues) {
    await boss
      .createQueue(q.name, {
        policy: q.policy ?? 'standard',
        retryLimit: q.retryLimit,
        retryDelay: q.retryDelay,
        retryBackoff: q.retryBackoff,
        expireInSeconds: q.expireInSeconds,
        deadLetter: DEAD_LETTER_QUEUE,
        heartbeatSeconds: heartbeatSeconds(),
      })
      .catch(ignoreExists)
  }
  return boss
}

function ignoreExists(err: unknown): void {
  if (!/already exists/i.test(String((err as Error)?.message ?? err))) throw err
}
