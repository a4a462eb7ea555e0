// The REST API under /api/v1: importing the route files declares their routes in the table
// (framework.ts); registerApi mounts them with security plugins and the OpenAPI document.
import type { FastifyInstance } from 'fastify'
import type { HubServices } from '../../services.ts'
import { registerApiRoutes } from './framework.ts'
import './admin.ts'
import './connections.ts'
import './erp-mapping.ts'
import './events.ts'
import './inventory.ts'
import './monitoring.ts'
import './orders.ts'
import './privacy.ts'

export async function apiRoutesGroup(app: FastifyInstance, hub: HubServices): Promise<void> {
  registerApiRoutes(app, hub)
}
