// Reading pg-boss's own job table for one tenant: pg-boss counts per queue across every tenant,
// and a seller's panel must show only its own jobs (every job carries its tenant id in its data).
import type { Queryable } from './knex.ts'

export interface QueueDepth {
  waiting: number
  active: number
  failed: number
}

export async function tenantQueueDepths(
  q: Queryable,
  bossSchema: string,
  queues: string[],
  tenantId: string,
): Promise<Record<string, QueueDepth>> {
  const r = await q.raw(
    `select name, state, count(*)::int as n from ??
    where name = any(?) and data->>'tenantId' = ? and state in ('created', 'retry', 'active', 'failed')
    group by 1, 2`,
    [`${bossSchema}.job`, queues, tenantId],
  )
  const out: Record<string, QueueDepth> = {}
  for (const n of queues) out[n] = { waiting: 0, active: 0, failed: 0 }
  for (const row of r.rows as { name: string; state: string; n: number }[]) {
    const d = out[row.name]!
    if (row.state === 'active') d.active += row.n
    else if (row.state === 'failed') d.failed += row.n
    else d.waiting += row.n
  }
  return out
}
