// The fastify application: request ids, body limits, one error shape, security plugins, the
// OpenAPI document, and the route groups. Routes live in one file per concern; this file only
// assembles them.
import { randomUUID } from 'node:crypto'
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { HubServices } from '../services.ts'
import { apiRoutesGroup } from './api/index.ts'
import { authRoutes } from './auth-routes.ts'
import { errorHandler, notFoundHandler } from './errors.ts'
import { healthRoutes } from './health.ts'
import { uiRoutes } from './ui/index.ts'
import { webhookRoutes } from './webhooks.ts'

export type RouteGroup = (app: FastifyInstance, hub: HubServices) => Promise<void>

export async function buildApp(hub: HubServices, extra: RouteGroup[] = []): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: hub.log as FastifyBaseLogger,
    bodyLimit: hub.config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  })
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
  })

  await app.register(helmet, {
    // no upgrade-insecure-requests: a hub reached over plain http on a LAN address would have its
    // own scripts rewritten to https and the pages would break; behind TLS it changes nothing
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
  })
  await app.register(cookie)
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { httpOnly: true, sameSite: 'strict', path: '/', signed: false },
    getToken: (req) =>
      (req.headers['x-csrf-token'] as string | undefined) ?? (req.body as { _csrf?: string } | undefined)?._csrf,
  })
  await app.register(rateLimit, { global: false })
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'crossdock API',
        version: '1',
        description:
          'Connections, streams, mappings, rules, runs, replays, inventory, orders and shipments of one seller (tenant). Authenticate with `Authorization: Bearer <token>`.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'a per-tenant API token (cdk_…)' },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'crossdock_session',
            description: 'browser session; unsafe methods also need x-csrf-token',
          },
        },
      },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  await app.register(async (scope) => healthRoutes(scope, hub))
  await app.register(async (scope) => webhookRoutes(scope, hub))
  await app.register(async (scope) => authRoutes(scope, hub))
  await app.register(async (scope) => apiRoutesGroup(scope, hub))
  await app.register(async (scope) => uiRoutes(scope, hub))
  for (const group of extra) await app.register(async (scope) => group(scope, hub))
  return app
}
