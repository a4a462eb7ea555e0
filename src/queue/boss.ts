// pg-boss on the hub's own database, in its own schema. Every queue the hub uses is declared
// here once, with its retry policy and dead letter queue, so workers and senders agree.
import { PgBoss } from 'pg-boss'
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

/**
 * A worker that dies (kill -9, a lost machine) stops sending heartbeats; pg-boss's supervisor
 * then retries its active jobs after this many seconds instead of waiting out expireInSeconds.
 * Handlers are idempotent, so a job that in fact finished before the crash runs again harmlessly.
 */
export function heartbeatSeconds(): number {
  return Math.max(10, Number(process.env.CROSSDOCK_JOB_HEARTBEAT_SECONDS ?? 30))
}

/** The hub's queues. Jobs that exhaust their retries land in the dead letter queue, replayable. */
export const QUEUES = {
  webhookProcess: { name: 'webhook-process', retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: 300 },
} satisfies Record<string, QueueSpec>

const extraQueues: QueueSpec[] = []

/** Engines declare their own queues (sync runs, pushes) before the boss starts. */
export function declareQueue(spec: QueueSpec): QueueSpec {
  if (!extraQueues.some((q) => q.name === spec.name)) extraQueues.push(spec)
  return spec
}

export function allQueues(): QueueSpec[] {
  return [...Object.values(QUEUES), ...extraQueues]
}

export async function startBoss(opts: {
  url: string
  schema: string
  log: Logger
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
  for (const q of allQueues()) {
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
