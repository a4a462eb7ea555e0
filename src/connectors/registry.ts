// The connectors this hub knows, by kind. Adding a channel is one folder under connectors/, one
// mapper file, one sandbox folder, and one line here; nothing else imports a connector by name.
import { CrossdockError } from '../errors.ts'
import type { Connector } from './types.ts'

const registry = new Map<string, Connector>()

export function registerConnector(connector: Connector): void {
  registry.set(connector.description.kind, connector)
}

export function getConnector(kind: string): Connector {
  const c = registry.get(kind)
  if (!c) throw new CrossdockError('UNKNOWN_CONNECTOR', `no connector of kind "${kind}"`, { details: { kind } })
  return c
}

export function hasConnector(kind: string): boolean {
  return registry.has(kind)
}

export function listConnectors(): Connector[] {
  return [...registry.values()]
}
