// The connectors shipped with crossdock. A new channel adds one import and one line here.
import { amazonConnector } from './amazon/index.ts'
import { erpConnector } from './erp/index.ts'
import { ConnectorRegistry } from './registry.ts'
import { shopifyConnector } from './shopify/index.ts'
import type { Connector } from './types.ts'
import { warehouseConnector } from './warehouse/index.ts'

export const BUILTIN_CONNECTORS: readonly Connector[] = [
  shopifyConnector,
  amazonConnector,
  erpConnector,
  warehouseConnector,
]

/** A registry with the shipped connectors (and any others a caller adds, e.g. a test's toy). */
export function builtinRegistry(extra: Connector[] = []): ConnectorRegistry {
  return new ConnectorRegistry([...BUILTIN_CONNECTORS, ...extra])
}
