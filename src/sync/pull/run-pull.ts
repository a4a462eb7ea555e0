// One pull of one stream of one connection: page → mapper (inside the connector) → ingest →
// bindings, with the cursor advanced in the same transaction as the page it covers. A run row
// records counts, timings and each failed record with its external id, reason and payload.
import type { Job } from 'pg-boss'
import type { Stream } from '../../connectors/types.ts'
import { getConnection } from '../../db/connections.ts'
import { CrossdockError } from '../../errors.ts'
import type { HubServices } from '../../services.ts'
import { connectorContext } from '../context.ts'
import { isCatalogMaster } from '../catalog/master.ts'
import { ingestItems, type IngestCounts } from '../ingest.ts'
import { emitEvent } from '../outbound/index.ts'

export interface PullJob {
  tenantId: string
  connectionId: string
  stream: Stream
  trigger: string
  /** replay: start from this cursor instead of the stored one */
  fromCursor?: string | null
}

export async function runPull(
  hub: HubServices,
  data: PullJob,
  signal?: AbortSignal,
): Promise<{ runId: string; counts: IngestCounts }> {
  const conn = await getConnection(hub.db, data.tenantId, data.connectionId)
  if (conn.status === 'disabled' || conn.status === 'disconnected') {
    throw new CrossdockError('CONFLICT', `connection is ${conn.status}; not pulling`, { retryable: false })
  }
  const { connector, ctx } = connectorContext(hub, conn, signal)
  if (!connector.pull) throw new CrossdockError('BAD_REQUEST', `connector ${conn.kind} cannot pull`)
  const cursorRow = await hub.db('sync_cursors').where({ connection_id: conn.id, stream: data.stream }).first('cursor')
  const startCursor = data.fromCursor !== undefined ? data.fromCursor : (cursorRow?.cursor ?? null)
  const [run] = await hub
    .db('sync_runs')
    .insert({
      tenant_id: conn.tenant_id,
      connection_id: conn.id,
      stream: data.stream,
      direction: 'pull',
      trigger: data.trigger,
      start_cursor: startCursor,
    })
    .returning('id')
  const counts: IngestCounts = { seen: 0, created: 0, updated: 0, unchanged: 0, failed: 0 }
  const catalogMaster = await isCatalogMaster(hub.db, conn)
  try {
    for await (const page of connector.pull(ctx, data.stream, startCursor)) {
      await hub.db.transaction(async (trx) => {
        const r = await ingestItems(
          trx,
          { tenantId: conn.tenant_id, connectionId: conn.id, boss: hub.boss, source: `pull:${run.id}`, catalogMaster },
          page.items,
        )
        const failures = r.outcomes.filter((o) => o.status === 'rejected')
        if (failures.length) {
          const raw = new Map(page.items.map((i) => [i.externalId, i.raw]))
          await trx('sync_run_failures').insert(
            failures.map((f) => ({
              tenant_id: conn.tenant_id,
              run_id: run.id,
              external_id: f.externalId,
              code: f.error?.code ?? 'UNKNOWN',
              message: f.error?.message ?? 'rejected',
              field: f.error?.field ?? null,
              payload: JSON.stringify(raw.get(f.externalId) ?? null),
            })),
          )
        }
        // a record that failed in an earlier run and now went through is resolved
        const fixed = r.outcomes.filter((o) => o.status !== 'rejected').map((o) => o.externalId)
        if (fixed.length) {
          await trx('sync_run_failures')
            .where({ tenant_id: conn.tenant_id })
            .whereNull('resolved_at')
            .whereIn('external_id', fixed)
            .whereIn('run_id', trx('sync_runs').select('id').where({ connection_id: conn.id, stream: data.stream }))
            .update({ resolved_at: trx.fn.now() })
        }
        if (page.nextCursor !== null) {
          await trx('sync_cursors')
            .insert({ tenant_id: conn.tenant_id, connection_id: conn.id, stream: data.stream, cursor: page.nextCursor })
            .onConflict(['connection_id', 'stream'])
            .merge({ cursor: page.nextCursor, updated_at: trx.fn.now() })
        }
        await trx('sync_runs').where({ id: run.id }).increment({
          seen: r.counts.seen,
          created: r.counts.created,
          updated: r.counts.updated,
          unchanged: r.counts.unchanged,
          failed: r.counts.failed,
        })
        for (const k of Object.keys(counts) as (keyof IngestCounts)[]) counts[k] += r.counts[k]
      })
    }
    await hub
      .db('sync_runs')
      .where({ id: run.id })
      .update({ status: counts.failed ? 'partial' : 'ok', finished_at: hub.db.fn.now() })
    await hub
      .db('connection_streams')
      .where({ connection_id: conn.id, stream: data.stream, direction: 'pull' })
      .update({ last_success_at: hub.db.fn.now() })
    if (conn.status === 'failing')
      await hub.db('connections').where({ id: conn.id }).update({ status: 'connected', status_reason: null })
    return { runId: run.id, counts }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    await hub.db.transaction(async (trx) => {
      await trx('sync_runs')
        .where({ id: run.id })
        .update({ status: 'failed', error: message, finished_at: trx.fn.now() })
      await emitEvent(trx, hub.boss, conn.tenant_id, 'sync.failed', {
        runId: run.id,
        connectionId: conn.id,
        stream: data.stream,
        direction: 'pull',
        code: err instanceof CrossdockError ? err.code : 'INTERNAL',
        message: message.slice(0, 500),
      })
    })
    if (err instanceof CrossdockError && err.code !== 'CIRCUIT_OPEN') {
      await hub
        .db('connections')
        .where({ id: conn.id })
        .whereNot({ status: 'disconnected' })
        .update({ status: 'failing', status_reason: message.slice(0, 500) })
    }
    throw err
  }
}

export async function pullJobHandler(hub: HubServices, job: Job<PullJob>): Promise<void> {
  await runPull(hub, job.data, job.signal)
}
