// What a connection is to the seller, worked out once: the role its connector declares, else what
// its capabilities make it. A sales channel sends orders in; a warehouse reports stock and
// shipments; an ERP takes orders and shipments as documents. A connector that only moves a
// catalog (a test's toy) is none of the three.
import type { ConnectorRegistry } from '../connectors/registry.ts'
import type { ConnectorDescription } from '../connectors/types.ts'

export type ConnectionRole = NonNullable<ConnectorDescription['role']>

const pulls = (d: string | undefined) => d === 'pull' || d === 'both'
const pushes = (d: string | undefined) => d === 'push' || d === 'both'

export function roleOfDescription(d: ConnectorDescription): ConnectionRole | undefined {
  const caps = d.capabilities
  let role: ConnectionRole | undefined = d.role
  if (!role && pulls(caps.orders)) role = 'channel'
  else if (!role && (pulls(caps.shipments) || pulls(caps.inventory))) role = 'warehouse'
  else if (!role && (pushes(caps.orders) || pushes(caps.shipments))) role = 'erp'
  return role
}

/** The role of a connection (undefined for a kind this hub has no connector for). */
export function roleOf(connectors: ConnectorRegistry, connection: { kind: string }): ConnectionRole | undefined {
  return connectors.has(connection.kind) ? roleOfDescription(connectors.get(connection.kind).description) : undefined
}
