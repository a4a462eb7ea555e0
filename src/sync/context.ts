// Builds the context a connector runs in for one connection: decrypted credentials, and an HTTP
// client made from the connector's declared limits. Clients are cached per connection and
// process so that pacing state (token buckets) is shared by every job on that connection.
import type { Logger } from 'pino'
import { getConnector } from '../connectors/registry.ts'
import { createHttpClient, type HttpClient } from '../connectors/http/client.ts'
import type { Connector, ConnectorContext } from '../connectors/types.ts'
import { openCredentials, type ConnectionRow } from '../db/connections.ts'
import type { HubServices } from '../services.ts'

const clients = new Map<string, { key: string; client: HttpClient }>()

function clientFor(connector: Connector, conn: ConnectionRow, log: Logger): HttpClient {
  const baseURL = connector.description.baseUrl(conn.settings)
  // a changed base URL (seller pointed the connection elsewhere) gets a fresh client
  const key = `${conn.updated_at?.valueOf?.() ?? ''}|${baseURL}`
  const cached = clients.get(conn.id)
  if (cached && cached.key === key) return cached.client
  const client = createHttpClient({ baseURL, limits: connector.description.limits, log, breakerKey: conn.id })
  clients.set(conn.id, { key, client })
  return client
}

export function connectorContext(
  hub: HubServices,
  conn: ConnectionRow,
  signal?: AbortSignal,
): { connector: Connector; ctx: ConnectorContext } {
  const connector = getConnector(conn.kind)
  const log = hub.log.child({ tenantId: conn.tenant_id, connectionId: conn.id, kind: conn.kind })
  const ctx: ConnectorContext = {
    tenantId: conn.tenant_id,
    connectionId: conn.id,
    settings: conn.settings,
    credentials: openCredentials(hub.box, conn),
    http: clientFor(connector, conn, log),
    log,
    ...(signal ? { signal } : {}),
    now: () => new Date(),
  }
  return { connector, ctx }
}

export function forgetClient(connectionId: string): void {
  clients.delete(connectionId)
}
