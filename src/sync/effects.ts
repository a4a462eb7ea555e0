// Applies what a connector says an inbound event means: records through the same ingest road as
// a pull, a pull to run now (the event was only a hint), a connection status, a privacy request.
import type { CanonicalRecord, WebhookEffect } from '../connectors/types.ts'
import { setConnectionStatus, type ConnectionRow } from '../db/connections.ts'
import type { HubServices } from '../services.ts'
import { isCatalogMaster } from './catalog/master.ts'
import { ingestItems, type IngestCounts, type ItemOutcome } from './ingest.ts'
import { SYNC_QUEUES } from './queues.ts'
import { scheduleKey } from './streams.ts'
import { applyPrivacyEffect } from '../privacy/index.ts'

export interface EffectsResult {
  counts?: IngestCounts
  outcomes?: ItemOutcome[]
  pulls?: string[]
  status?: string
  privacy?: string[]
  ignored?: string[]
}

export async function applyEffects(
  hub: HubServices,
  conn: ConnectionRow,
  effects: WebhookEffect[],
  opts: { source: string; trigger: string },
): Promise<EffectsResult> {
  const result: EffectsResult = {}
  for (const e of effects) {
    switch (e.kind) {
      case 'records': {
        const catalogMaster = await isCatalogMaster(hub.db, hub.connectors, conn)
        const r = await ingestItems(
          hub.db,
          { tenantId: conn.tenant_id, connectionId: conn.id, boss: hub.boss, source: opts.source, catalogMaster },
          e.items,
        )
        result.counts = r.counts
        result.outcomes = r.outcomes
        break
      }
      case 'pull':
        await hub.boss.send(
          SYNC_QUEUES.pull.name,
          { tenantId: conn.tenant_id, connectionId: conn.id, stream: e.stream, trigger: opts.trigger },
          { singletonKey: scheduleKey(conn.id, e.stream) },
        )
        ;(result.pulls ??= []).push(e.stream)
        break
      case 'connection_status':
        await setConnectionStatus(hub.db, conn.tenant_id, conn.id, e.status, `reported by ${opts.source}`)
        result.status = e.status
        break
      case 'privacy': {
        const r = await applyPrivacyEffect(hub, conn, e)
        ;(result.privacy ??= []).push(`${e.action}: ${r.orders} order(s)`)
        break
      }
      case 'ignored':
        ;(result.ignored ??= []).push(e.reason)
        break
    }
  }
  return result
}

export type { CanonicalRecord }
