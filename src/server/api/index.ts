// The REST API under /api/v1: the route table, assembled here from one module per area, and
// mounted with its security and OpenAPI schemas by framework.ts.
import type { FastifyInstance } from 'fastify'
import type { HubServices } from '../../services.ts'
import { accountRoutes } from './admin.ts'
import { connectionRoutes } from './connections.ts'
import { erpMappingRoutes } from './erp-mapping.ts'
import { eventRoutes } from './events.ts'
import { registerApiRoutes, type ApiRoute } from './framework.ts'
import { inventoryRoutes } from './inventory.ts'
import { monitoringRoutes } from './monitoring.ts'
import { orderRoutes } from './orders.ts'
import { privacyRoutes } from './privacy.ts'

export function apiRouteTable(): ApiRoute[] {
  return [
    ...accountRoutes,
    ...connectionRoutes,
    ...erpMappingRoutes,
    ...eventRoutes,
    ...inventoryRoutes,
    ...monitoringRoutes,
    ...orderRoutes,
    ...privacyRoutes,
  ]
}

export async function apiRoutesGroup(app: FastifyInstance, hub: HubServices): Promise<void> {
  registerApiRoutes(app, hub, apiRouteTable())
}
