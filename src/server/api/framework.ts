// The REST API's spine. Every /api/v1 route is declared here through `defineRoute`, with its
// role, its JSON schemas and the kind of every id in its path. That table registers the routes,
// feeds the OpenAPI document, and drives the tenant-isolation test matrix, so a new route is
// covered by all three without anyone remembering to.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type TSchema } from 'typebox'
import { allows, type Role } from '../../auth/roles.ts'
import { CrossdockError } from '../../errors.ts'
import type { HubServices } from '../../services.ts'
import { appendAudit } from '../../sync/audit.ts'
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
export const apiRoutes: ApiRoute[] = []

export function defineRoute(route: ApiRoute): ApiRoute {
  const declared = new Set(Object.keys(route.params ?? {}))
  for (const m of route.url.matchAll(/:([A-Za-z]+)/g)) {
    if (!declared.has(m[1]!))
      throw new Error(`route ${route.method} ${route.url}: path parameter :${m[1]} has no declared kind`)
  }
  if (route.body && route.example === undefined)
    throw new Error(`route ${route.method} ${route.url}: a body needs an example`)
  apiRoutes.push(route)
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

export function registerApiRoutes(app: FastifyInstance, hub: HubServices): void {
  for (const route of apiRoutes) {
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
            hub.db.transaction((trx) =>
              appendAudit(trx, principal.tenantId, [
                {
                  actor: principal.userId ? `user:${principal.userId}` : `token:${principal.tokenId}`,
                  action,
                  ...(entity ? { entity } : {}),
                  ...(entityId ? { entityId } : {}),
                  ...(data !== undefined ? { data } : {}),
                },
              ]),
            ),
        }
        const result = await route.handler(ctx, req, reply)
        if (route.status) void reply.status(route.status)
        return result
      },
    })
  }
}

// ---- pagination ------------------------------------------------------------------------------

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
}

/** Opaque cursor over (sort key, id) descending: stable under inserts, no offset scans. */
export function encodeCursor(key: string | number | Date, id: string | number): string {
  return Buffer.from(JSON.stringify([key instanceof Date ? key.toISOString() : key, id])).toString('base64url')
}

export function decodeCursor(cursor: string | undefined): [string | number, string | number] | undefined {
  if (!cursor) return undefined
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(v) && v.length === 2) return v as [string | number, string | number]
  } catch {}
  throw new CrossdockError('BAD_REQUEST', 'invalid cursor')
}

/** Run a descending keyset query; `q` must already be filtered by tenant. */
export async function keysetPage<T extends Record<string, any>>(
  q: any,
  opts: { key: string; id: string; limit: number; cursor?: string | undefined; map?: (r: any) => T },
): Promise<Page<T>> {
  const after = decodeCursor(opts.cursor)
  if (after)
    q.andWhere((w: any) =>
      w
        .where(opts.key, '<', after[0])
        .orWhere((w2: any) => w2.where(opts.key, '=', after[0]).andWhere(opts.id, '<', after[1])),
    )
  // the cursor carries the key as Postgres prints it: a JavaScript Date would drop microseconds
  // and make rows within one millisecond repeat or vanish between pages
  q.select(q.client.raw('??::text as "__cursor_key"', [opts.key]))
  const rows = await q
    .orderBy([
      { column: opts.key, order: 'desc' },
      { column: opts.id, order: 'desc' },
    ])
    .limit(opts.limit + 1)
  const more = rows.length > opts.limit
  const page = rows.slice(0, opts.limit)
  const last = page[page.length - 1]
  const idName = opts.id.split('.').pop()!
  const items = page.map((r: any) => {
    const { __cursor_key: _k, ...rest } = r
    return (opts.map ?? ((x: any) => x))(rest)
  })
  return { items, nextCursor: more && last ? encodeCursor(last.__cursor_key, last[idName]) : null }
}
