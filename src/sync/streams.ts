// Streams of a connection (catalog, locations, inventory, orders, shipments, each pull or push)
// with their schedules. Schedules live in pg-boss, keyed by connection and stream: pg-boss fires
// each slot once however many hub processes run, with no extra coordination (node-cron would
// fire in every process and need a lock). A manual "sync now" is the same job, sent at once.
import type { Knex } from 'knex'
import type { PgBoss } from 'pg-boss'
import type { ConnectorRegistry } from '../connectors/registry.ts'
import type { Stream } from '../connectors/types.ts'
import { findConnection } from '../db/connections.ts'
import { addStreams, connectionStreams } from '../db/streams.ts'
import { tenantTimeZone } from '../db/tenants.ts'
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
  connectors: ConnectorRegistry,
  conn: { id: string; tenant_id: string; kind: string },
): Promise<void> {
  const caps = connectors.get(conn.kind).description.capabilities
  const rows: { stream: string; direction: 'pull' | 'push'; schedule: string | null }[] = []
  for (const [stream, dir] of Object.entries(caps)) {
    if (!dir) continue
    if ((dir === 'pull' || dir === 'both') && PULL_STREAMS.includes(stream as Stream))
      rows.push({ stream, direction: 'pull', schedule: DEFAULT_SCHEDULES[stream as Stream] })
    if (dir === 'push' || dir === 'both') rows.push({ stream, direction: 'push', schedule: null })
  }
  await addStreams(db, conn.tenant_id, conn.id, rows)
}

/** Make pg-boss's schedules match the connection's enabled pull streams. */
export async function syncSchedules(db: Knex, boss: PgBoss, tenantId: string, connectionId: string): Promise<void> {
  const conn = await findConnection(db, tenantId, connectionId)
  const tz = await tenantTimeZone(db, tenantId)
  for (const s of await connectionStreams(db, tenantId, connectionId, 'pull')) {
    const key = scheduleKey(connectionId, s.stream)
    const active = conn && s.enabled && !['disabled', 'disconnected'].includes(conn.status)
    if (active && s.schedule) {
      await boss.schedule(
        SYNC_QUEUES.pull.name,
        s.schedule,
        { tenantId, connectionId, stream: s.stream, trigger: 'schedule' },
        { key, tz, singletonKey: key },
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
