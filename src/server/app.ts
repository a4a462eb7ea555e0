// The fastify application: request ids, body limits, one error shape, and the route groups.
// Routes live in one file per concern; this file only assembles them.
import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { HubServices } from '../services.ts'
import { errorHandler, notFoundHandler } from './errors.ts'
import { healthRoutes } from './health.ts'
import { webhookRoutes } from './webhooks.ts'

export type RouteGroup = (app: FastifyInstance, hub: HubServices) => Promise<void>

export async function buildApp(hub: HubServices, extra: RouteGroup[] = []): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: hub.log as FastifyBaseLogger,
    bodyLimit: hub.config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    trustProxy: true,
  })
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
  })
  await app.register(async (scope) => healthRoutes(scope, hub))
  await app.register(async (scope) => webhookRoutes(scope, hub))
  for (const group of extra) await app.register(async (scope) => group(scope, hub))
  return app
}
