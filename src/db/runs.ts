// Sync runs: one row per pull or push of one stream of one connection, with its counts, the
// cursor it started from (so it can be replayed) and each record it could not take (external id,
// code, message, field, the payload as the remote sent it). The stored cursor of each stream is
// here too: it advances in the transaction of the page it covers.
import { keysetPage, type Page, type PageRequest } from './keyset.ts'
import type { Queryable } from './knex.ts'

/** What a run did with the records it saw. */
export interface RunCounts {
  seen: number
  created: number
  updated: number
  unchanged: number
  failed: number
}

export interface RunRow {
  id: string
  tenant_id: string
  connection_id: string
  stream: string
  direction: 'pull' | 'push'
  trigger: string
  status: 'running' | 'ok' | 'partial' | 'failed'
  seen: number
  created: number
  updated: number
  unchanged: number
  failed: number
  error: string | null
  start_cursor: string | null
  started_at: Date
  finished_at: Date | null
}

export type RunWithConnection = RunRow & { connection_name: string; kind: string }

export interface RunFailure {
  externalId: string
  code: string
  message: string
  field?: string | null
  payload?: unknown
}

export async function startRun(
  q: Queryable,
  r: {
    tenantId: string
    connectionId: string
    stream: string
    direction: 'pull' | 'push'
    trigger: string
    startCursor?: string | null
  },
): Promise<string> {
  const [row] = await q('sync_runs')
    .insert({
      tenant_id: r.tenantId,
      connection_id: r.connectionId,
      stream: r.stream,
      direction: r.direction,
      trigger: r.trigger,
      ...(r.startCursor !== undefined ? { start_cursor: r.startCursor } : {}),
    })
    .returning('id')
  return row.id as string
}

export async function addRunCounts(q: Queryable, tenantId: string, runId: string, c: RunCounts): Promise<void> {
  await q('sync_runs').where({ tenant_id: tenantId, id: runId }).increment({
    seen: c.seen,
    created: c.created,
    updated: c.updated,
    unchanged: c.unchanged,
    failed: c.failed,
  })
}

export async function finishRun(
  q: Queryable,
  tenantId: string,
  runId: string,
  end: { status: 'ok' | 'partial' | 'failed'; error?: string | null; counts?: Partial<RunCounts> },
): Promise<void> {
  await q('sync_runs')
    .where({ tenant_id: tenantId, id: runId })
    .update({
      status: end.status,
      ...(end.counts ?? {}),
      ...(end.error !== undefined ? { error: end.error } : {}),
      finished_at: q.fn.now(),
    })
}

export async function recordRunFailures(
  q: Queryable,
  tenantId: string,
  runId: string,
  failures: RunFailure[],
): Promise<void> {
  if (failures.length === 0) return
  await q('sync_run_failures').insert(
    failures.map((f) => ({
      tenant_id: tenantId,
      run_id: runId,
      external_id: f.externalId,
      code: f.code,
      message: f.message,
      field: f.field ?? null,
      ...(f.payload !== undefined ? { payload: JSON.stringify(f.payload ?? null) } : {}),
    })),
  )
}

/** Records that failed in an earlier run of this stream and went through now are resolved. */
export async function resolveFailures(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  stream: string,
  externalIds: string[],
): Promise<void> {
  if (externalIds.length === 0) return
  await q('sync_run_failures')
    .where({ tenant_id: tenantId })
    .whereNull('resolved_at')
    .whereIn('external_id', externalIds)
    .whereIn('run_id', q('sync_runs').select('id').where({ tenant_id: tenantId, connection_id: connectionId, stream }))
    .update({ resolved_at: q.fn.now() })
}

export async function storedCursor(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  stream: string,
): Promise<string | null> {
  const row = await q('sync_cursors')
    .where({ tenant_id: tenantId, connection_id: connectionId, stream })
    .first('cursor')
  return (row?.cursor as string | null | undefined) ?? null
}

export async function saveCursor(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  stream: string,
  cursor: string,
): Promise<void> {
  await q('sync_cursors')
    .insert({ tenant_id: tenantId, connection_id: connectionId, stream, cursor })
    .onConflict(['connection_id', 'stream'])
    .merge({ cursor, updated_at: q.fn.now() })
}

function withConnection(q: Queryable) {
  return q('sync_runs as r')
    .join('connections as c', 'c.id', 'r.connection_id')
    .select('r.*', 'c.name as connection_name', 'c.kind')
}

/** Runs newest first, filterable. */
export async function listRuns(
  q: Queryable,
  tenantId: string,
  filter: {
    connectionId?: string | undefined
    stream?: string | undefined
    status?: string | undefined
    direction?: string | undefined
  },
  page: PageRequest,
): Promise<Page<RunWithConnection>> {
  const query = withConnection(q).where('r.tenant_id', tenantId)
  if (filter.connectionId) query.andWhere('r.connection_id', filter.connectionId)
  if (filter.stream) query.andWhere('r.stream', filter.stream)
  if (filter.status) query.andWhere('r.status', filter.status)
  if (filter.direction) query.andWhere('r.direction', filter.direction)
  return keysetPage<RunWithConnection>(query, { key: 'r.started_at', id: 'r.id', ...page })
}

export async function findRun(q: Queryable, tenantId: string, id: string): Promise<RunWithConnection | undefined> {
  return (await withConnection(q).where({ 'r.tenant_id': tenantId, 'r.id': id }).first()) as
    RunWithConnection | undefined
}

export async function failuresOfRun(q: Queryable, tenantId: string, runId: string): Promise<Record<string, any>[]> {
  return q('sync_run_failures').where({ tenant_id: tenantId, run_id: runId }).orderBy('created_at')
}

export async function findFailure(
  q: Queryable,
  tenantId: string,
  runId: string,
  id: string,
): Promise<Record<string, any> | undefined> {
  return q('sync_run_failures').where({ tenant_id: tenantId, id, run_id: runId }).first()
}

/** The external ids (push runs: "SKU@target") of a run's failures not resolved since. */
export async function unresolvedFailureKeys(q: Queryable, tenantId: string, runId: string): Promise<string[]> {
  return q('sync_run_failures')
    .where({ tenant_id: tenantId, run_id: runId })
    .whereNull('resolved_at')
    .pluck('external_id')
}

type StreamKey = { connection_id: string; stream: string; direction: string }

/** The last run of every (connection, stream, direction) of the tenant. */
export async function lastRunPerStream(q: Queryable, tenantId: string): Promise<(StreamKey & Partial<RunRow>)[]> {
  const r = await q.raw(
    `select distinct on (connection_id, stream, direction) connection_id, stream, direction, id, status, started_at,
       finished_at, seen, failed, error
     from sync_runs where tenant_id = ? order by connection_id, stream, direction, started_at desc`,
    [tenantId],
  )
  return r.rows
}

/** Records seen and failed per (connection, stream, direction) in the last ten minutes. */
export async function recentRunTotals(
  q: Queryable,
  tenantId: string,
): Promise<(StreamKey & { seen: number; failed: number })[]> {
  const r = await q.raw(
    `select connection_id, stream, direction, sum(seen)::int as seen, sum(failed)::int as failed
     from sync_runs where tenant_id = ? and started_at > now() - interval '10 minutes' group by 1, 2, 3`,
    [tenantId],
  )
  return r.rows
}
