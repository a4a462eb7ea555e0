// Streams of a connection (catalog, locations, inventory, orders, shipments, each pull or push)
// with their schedules. Schedules live in pg-boss, keyed by connection and stream: pg-boss fires
// each slot once however many hub processes run, with no extra coordination (node-cron would
// fire in every process and need a lock). A manual "sync now" is the same job, sent at once.
import type { Knex } from 'knex'
import type { PgBoss } from 'pg-boss'
import { getConnector } from '../connectors/registry.ts'
import type { Stream } from '../connectors/types.ts'
import { SYNC_QUEUES } from './queues.ts'

export const DEFAULT_SCHEDULES: Record<Stream, string> = {
  orders: '*/2 * * * *',
  shipments: '*/5 * * * *',
  inventory: '*/10 * * * *',
  locations: '0 * * * *',
  catalog: '0 * * * *',
}

const PULL_STREAMS: Stream[] = ['catalog', 'locations', 'inventory', 'orders', 'shipments']

export function scheduleKey(connectionId: string, stream: string): string {
  // pg-boss keys allow letters, digits, _ - . / only
  return `${connectionId}.${stream}`
}

/** Create the default streams for a new connection from its connector's capabilities. */
export async function createDefaultStreams(
  db: Knex,
  conn: { id: string; tenant_id: string; kind: string },
): Promise<void> {
  const caps = getConnector(conn.kind).description.capabilities
  const rows: Record<string, unknown>[] = []
  for (const [stream, dir] of Object.entries(caps)) {
    if (!dir) continue
    if ((dir === 'pull' || dir === 'both') && PULL_STREAMS.includes(stream as Stream)) {
      rows.push({
        tenant_id: conn.tenant_id,
        connection_id: conn.id,
        stream,
        direction: 'pull',
        schedule: DEFAULT_SCHEDULES[stream as Stream],
      })
    }
    if (dir === 'push' || dir === 'both')
      rows.push({ tenant_id: conn.tenant_id, connection_id: conn.id, stream, direction: 'push', schedule: null })
  }
  if (rows.length)
    await db('connection_streams').insert(rows).onConflict(['connection_id', 'stream', 'direction']).ignore()
}

/** Make pg-boss's schedules match the connection's enabled pull streams. */
export async function syncSchedules(db: Knex, boss: PgBoss, connectionId: string): Promise<void> {
  const conn = await db('connections').where({ id: connectionId }).first('id', 'tenant_id', 'status')
  const tenant = conn ? await db('tenants').where({ id: conn.tenant_id }).first('time_zone') : undefined
  const streams = await db('connection_streams').where({ connection_id: connectionId, direction: 'pull' })
  for (const s of streams) {
    const key = scheduleKey(connectionId, s.stream)
    const active = conn && s.enabled && s.schedule && !['disabled', 'disconnected'].includes(conn.status)
    if (active) {
      await boss.schedule(
        SYNC_QUEUES.pull.name,
        s.schedule,
        { tenantId: conn.tenant_id, connectionId, stream: s.stream, trigger: 'schedule' },
        {
          key,
          tz: tenant?.time_zone ?? 'UTC',
          singletonKey: key,
        },
      )
    } else {
      await boss.unschedule(SYNC_QUEUES.pull.name, key).catch(() => undefined)
    }
  }
}

/** "Sync now": the same job a schedule sends. A second press while one waits does nothing. */
export async function syncNow(
  boss: PgBoss,
  tenantId: string,
  connectionId: string,
  stream: Stream,
): Promise<string | null> {
  return boss.send(
    SYNC_QUEUES.pull.name,
    { tenantId, connectionId, stream, trigger: 'manual' },
    { singletonKey: scheduleKey(connectionId, stream) },
  )
}
