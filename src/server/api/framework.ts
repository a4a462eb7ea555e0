// The REST API's spine. Every /api/v1 route is declared through `defineRoute`, with its role, its
// JSON schemas and the kind of every id in its path, and listed in the route table (index.ts).
// That table registers the routes, feeds the OpenAPI document, and drives the tenant-isolation
// test matrix, so a new route is covered by all three without anyone remembering to.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type TSchema } from 'typebox'
import { allows, type Role } from '../../auth/roles.ts'
import { CrossdockError } from '../../errors.ts'
import type { HubServices } from '../../services.ts'
import { audit } from '../../db/audit.ts'
import { resolvePrincipal, type Principal } from './principal.ts'

/** What a path parameter names; the isolation matrix fills it with another tenant's ids. */
export type ParamKind =
  | 'connection'
  | 'run'
  | 'failure'
  | 'inbox'
  | 'order'
  | 'shipment'
  | 'token'
  | 'user'
  | 'subscription'
  | 'delivery'
  | 'job'
  | 'sku'
  | 'stream'
  | 'location'

export interface ApiContext {
  hub: HubServices
  tenantId: string
  principal: Principal
  /** record an admin action in the tenant's audit chain */
  audit(action: string, entity?: string, entityId?: string, data?: unknown): Promise<void>
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** relative to /api/v1, fastify syntax: /connections/:connectionId */
  url: string
  role: Role
  summary: string
  tags: string[]
  params?: Record<string, ParamKind>
  querystring?: TSchema
  body?: TSchema
  /** a valid body, shown in the OpenAPI document and used by the isolation test matrix */
  example?: unknown
  /** status of a success (default 200) */
  status?: number
  handler(ctx: ApiContext, req: FastifyRequest, reply: FastifyReply): Promise<unknown>
}

export const API_PREFIX = '/api/v1'

/** Check a route's declaration (every path parameter has a kind, every body an example). */
export function defineRoute(route: ApiRoute): ApiRoute {
  const declared = new Set(Object.keys(route.params ?? {}))
  for (const m of route.url.matchAll(/:([A-Za-z]+)/g)) {
    if (!declared.has(m[1]!))
      throw new Error(`route ${route.method} ${route.url}: path parameter :${m[1]} has no declared kind`)
  }
  if (route.body && route.example === undefined)
    throw new Error(`route ${route.method} ${route.url}: a body needs an example`)
  return route
}

const ErrorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
      },
      required: ['code', 'message'],
    },
  },
}

function paramsSchema(route: ApiRoute): object | undefined {
  if (!route.params) return undefined
  const properties: Record<string, object> = {}
  for (const [name, kind] of Object.entries(route.params)) {
    properties[name] =
      kind === 'sku' || kind === 'stream' || kind === 'job'
        ? { type: 'string', minLength: 1, maxLength: 200 }
        : { type: 'string', minLength: 1, maxLength: 64 }
  }
  return { type: 'object', properties, required: Object.keys(properties) }
}

export function registerApiRoutes(app: FastifyInstance, hub: HubServices, routes: readonly ApiRoute[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: API_PREFIX + route.url,
      schema: {
        summary: route.summary,
        tags: route.tags,
        security: [{ bearerAuth: [] }, { sessionCookie: [] }],
        ...(paramsSchema(route) ? { params: paramsSchema(route) } : {}),
        ...(route.querystring ? { querystring: route.querystring } : {}),
        ...(route.body ? { body: { ...route.body, examples: [route.example] } } : {}),
        response: {
          [route.status ?? 200]: { type: 'object', additionalProperties: true },
          '4xx': ErrorSchema,
          '5xx': ErrorSchema,
        },
      },
      preHandler: [
        async (req) => {
          if (!(await resolvePrincipal(hub, req))) throw new CrossdockError('UNAUTHENTICATED')
        },
        // a browser session must prove the page is ours (CSRF); a bearer token cannot be ridden that way
        (req, reply, done) => {
          void resolvePrincipal(hub, req).then(
            (p) => (p?.via === 'session' && route.method !== 'GET' ? app.csrfProtection(req, reply, done) : done()),
            done,
          )
        },
      ],
      handler: async (req, reply) => {
        const principal = (await resolvePrincipal(hub, req))!
        if (!allows(principal.role, route.role)) {
          throw new CrossdockError('FORBIDDEN', `this needs the ${route.role} role; you have ${principal.role}`)
        }
        const ctx: ApiContext = {
          hub,
          tenantId: principal.tenantId,
          principal,
          audit: (action, entity, entityId, data) =>
            audit(hub.db, principal.tenantId, {
              actor: principal.userId ? `user:${principal.userId}` : `token:${principal.tokenId}`,
              action,
              ...(entity ? { entity } : {}),
              ...(entityId ? { entityId } : {}),
              ...(data !== undefined ? { data } : {}),
            }),
        }
        const result = await route.handler(ctx, req, reply)
        if (route.status) void reply.status(route.status)
        return result
      },
    })
  }
}

// ---- pagination ------------------------------------------------------------------------------

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
}
