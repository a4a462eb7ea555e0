// The REST API under /api/v1: the route table, assembled here from one module per area and the
// routes connectors declare for their connections, and mounted with its security and OpenAPI
// schemas by framework.ts.
import type { FastifyInstance } from 'fastify'
import type { HubServices } from '../../services.ts'
import { accountRoutes } from './admin.ts'
import { connectionHookRoutes } from './connection-hooks.ts'
import { connectionRoutes } from './connections.ts'
import type { ConnectorRegistry } from '../../connectors/registry.ts'
import { eventRoutes } from './events.ts'
import { registerApiRoutes, type ApiRoute } from './framework.ts'
import { inventoryRoutes } from './inventory.ts'
import { monitoringRoutes } from './monitoring.ts'
import { orderRoutes } from './orders.ts'
import { privacyRoutes } from './privacy.ts'

export function apiRouteTable(connectors: ConnectorRegistry): ApiRoute[] {
  return [
    ...accountRoutes,
    ...connectionRoutes,
    ...connectionHookRoutes(connectors),
    ...eventRoutes,
    ...inventoryRoutes,
    ...monitoringRoutes,
    ...orderRoutes,
    ...privacyRoutes,
  ]
}

export async function apiRoutesGroup(app: FastifyInstance, hub: HubServices): Promise<void> {
  registerApiRoutes(app, hub, apiRouteTable(hub.connectors))
}
