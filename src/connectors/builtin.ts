// The connectors shipped with crossdock. A new channel adds one import and one line here.
import { amazonConnector } from './amazon/index.ts'
import { erpConnector } from './erp/index.ts'
import { registerConnector } from './registry.ts'
import { shopifyConnector } from './shopify/index.ts'
import type { Connector } from './types.ts'
import { warehouseConnector } from './warehouse/index.ts'

const BUILTIN: Connector[] = [shopifyConnector, amazonConnector, erpConnector, warehouseConnector]

let done = false

export function registerBuiltinConnectors(): void {
  if (done) return
  done = true
  for (const c of BUILTIN) registerConnector(c)
}
