// The streams of a connection (catalog, locations, inventory, orders, shipments; pull or push)
// with their cron schedule, whether they run, and when a pull last succeeded.
import type { Queryable } from './knex.ts'

export interface StreamRow {
  tenant_id: string
  connection_id: string
  stream: string
  direction: 'pull' | 'push'
  schedule: string | null
  enabled: boolean
  last_success_at: Date | null
}

/** Add streams a connection does not have yet (the defaults of a new connection). */
export async function addStreams(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  streams: { stream: string; direction: 'pull' | 'push'; schedule: string | null }[],
): Promise<void> {
  if (streams.length === 0) return
  await q('connection_streams')
    .insert(streams.map((s) => ({ tenant_id: tenantId, connection_id: connectionId, ...s })))
    .onConflict(['connection_id', 'stream', 'direction'])
    .ignore()
}

/** Every stream of a tenant (the connection list shows them all). */
export async function tenantStreams(q: Queryable, tenantId: string): Promise<StreamRow[]> {
  return (await q('connection_streams').where({ tenant_id: tenantId })) as StreamRow[]
}

export async function connectionStreams(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  direction?: 'pull' | 'push',
): Promise<StreamRow[]> {
  const query = q('connection_streams').where({ tenant_id: tenantId, connection_id: connectionId })
  if (direction) query.andWhere({ direction })
  return (await query.orderBy(['stream', 'direction'])) as StreamRow[]
}

export async function hasPullStream(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  stream: string,
): Promise<boolean> {
  return Boolean(
    await q('connection_streams')
      .where({ tenant_id: tenantId, connection_id: connectionId, stream, direction: 'pull' })
      .first('stream'),
  )
}

/** Change a pull stream's schedule or switch it; false when the connection has no such stream. */
export async function updatePullStream(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  stream: string,
  patch: { schedule?: string | undefined; enabled?: boolean | undefined },
): Promise<boolean> {
  const n = await q('connection_streams')
    .where({ tenant_id: tenantId, connection_id: connectionId, stream, direction: 'pull' })
    .update({
      ...(patch.schedule ? { schedule: patch.schedule } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      updated_at: q.fn.now(),
    })
  return n > 0
}

export async function disableStreams(q: Queryable, tenantId: string, connectionId: string): Promise<void> {
  await q('connection_streams').where({ tenant_id: tenantId, connection_id: connectionId }).update({ enabled: false })
}

export async function markPullSucceeded(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  stream: string,
): Promise<void> {
  await q('connection_streams')
    .where({ tenant_id: tenantId, connection_id: connectionId, stream, direction: 'pull' })
    .update({ last_success_at: q.fn.now() })
}
