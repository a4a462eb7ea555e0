// One pull of one stream of one connection: page → mapper (inside the connector) → ingest →
// bindings, with the cursor advanced in the same transaction as the page it covers. A run row
// records counts, timings and each failed record with its external id, reason and payload.
import type { Job } from 'pg-boss'
import type { PullJob } from '../queues.ts'
import { getConnection, markConnectionFailing, markConnectionRecovered } from '../../db/connections.ts'
import {
  addRunCounts,
  finishRun,
  recordRunFailures,
  resolveFailures,
  saveCursor,
  startRun,
  storedCursor,
} from '../../db/runs.ts'
import { markPullSucceeded } from '../../db/streams.ts'
import { CrossdockError } from '../../errors.ts'
import type { HubServices } from '../../services.ts'
import { connectorContext } from '../context.ts'
import { isCatalogMaster } from '../catalog/master.ts'
import { ingestItems, type IngestCounts } from '../ingest.ts'
import { emitEvent } from '../outbound/index.ts'

export type { PullJob }

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
  const startCursor =
    data.fromCursor !== undefined ? data.fromCursor : await storedCursor(hub.db, conn.tenant_id, conn.id, data.stream)
  const runId = await startRun(hub.db, {
    tenantId: conn.tenant_id,
    connectionId: conn.id,
    stream: data.stream,
    direction: 'pull',
    trigger: data.trigger,
    startCursor,
  })
  const counts: IngestCounts = { seen: 0, created: 0, updated: 0, unchanged: 0, failed: 0 }
  const catalogMaster = await isCatalogMaster(hub.db, hub.connectors, conn)
  try {
    for await (const page of connector.pull(ctx, data.stream, startCursor)) {
      await hub.db.transaction(async (trx) => {
        const r = await ingestItems(
          trx,
          { tenantId: conn.tenant_id, connectionId: conn.id, boss: hub.boss, source: `pull:${runId}`, catalogMaster },
          page.items,
        )
        const raw = new Map(page.items.map((i) => [i.externalId, i.raw]))
        await recordRunFailures(
          trx,
          conn.tenant_id,
          runId,
          r.outcomes
            .filter((o) => o.status === 'rejected')
            .map((f) => ({
              externalId: f.externalId,
              code: f.error?.code ?? 'INTERNAL',
              message: f.error?.message ?? 'rejected',
              field: f.error?.field ?? null,
              payload: raw.get(f.externalId) ?? null,
            })),
        )
        // a record that failed in an earlier run and now went through is resolved
        await resolveFailures(
          trx,
          conn.tenant_id,
          conn.id,
          data.stream,
          r.outcomes.filter((o) => o.status !== 'rejected').map((o) => o.externalId),
        )
        if (page.nextCursor !== null) await saveCursor(trx, conn.tenant_id, conn.id, data.stream, page.nextCursor)
        await addRunCounts(trx, conn.tenant_id, runId, r.counts)
        for (const k of Object.keys(counts) as (keyof IngestCounts)[]) counts[k] += r.counts[k]
      })
    }
    await finishRun(hub.db, conn.tenant_id, runId, { status: counts.failed ? 'partial' : 'ok' })
    await markPullSucceeded(hub.db, conn.tenant_id, conn.id, data.stream)
    if (conn.status === 'failing') await markConnectionRecovered(hub.db, conn.tenant_id, conn.id)
    return { runId, counts }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    await hub.db.transaction(async (trx) => {
      await finishRun(trx, conn.tenant_id, runId, { status: 'failed', error: message })
      await emitEvent(trx, hub.boss, conn.tenant_id, 'sync.failed', {
        runId,
        connectionId: conn.id,
        stream: data.stream,
        direction: 'pull',
        code: err instanceof CrossdockError ? err.code : 'INTERNAL',
        message: message.slice(0, 500),
      })
    })
    if (err instanceof CrossdockError && err.code !== 'CIRCUIT_OPEN') {
      await markConnectionFailing(hub.db, conn.tenant_id, conn.id, message)
    }
    throw err
  }
}

export async function pullJobHandler(hub: HubServices, job: Job<PullJob>): Promise<void> {
  await runPull(hub, job.data, job.signal)
}
