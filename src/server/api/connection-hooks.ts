// API routes a connector declares for its connections (hooks.apiRoutes: an ERP's field mapping
// and its dry run), mounted as /connections/:connectionId<path> in the route table like any other
// route: one route per (method, path), answering for the connections whose connector declares it.
import type { ConnectorRegistry } from '../../connectors/registry.ts'
import type { ConnectionApiRoute } from '../../connectors/types.ts'
import { getConnection, updateConnection } from '../../db/connections.ts'
import { CrossdockError } from '../../errors.ts'
import { defineRoute, type ApiRoute } from './framework.ts'

export function connectionHookRoutes(connectors: ConnectorRegistry): ApiRoute[] {
  const byKey = new Map<string, ConnectionApiRoute<any>>()
  for (const c of connectors.list())
    for (const r of c.hooks?.apiRoutes ?? [])
      if (!byKey.has(`${r.method} ${r.path}`)) byKey.set(`${r.method} ${r.path}`, r)
  return [...byKey.values()].map((declared) =>
    defineRoute({
      method: declared.method,
      url: `/connections/:connectionId${declared.path}`,
      role: declared.role,
      tags: declared.tags,
      summary: declared.summary,
      params: { connectionId: 'connection' },
      ...(declared.querystring ? { querystring: declared.querystring } : {}),
      ...(declared.body ? { body: declared.body, example: declared.example } : {}),
      handler: async (ctx, req) => {
        const conn = await getConnection(
          ctx.hub.db,
          ctx.tenantId,
          (req.params as { connectionId: string }).connectionId,
        )
        const connector = ctx.hub.connectors.get(conn.kind)
        const route = connector.hooks?.apiRoutes?.find((r) => r.method === declared.method && r.path === declared.path)
        if (!route)
          throw new CrossdockError(
            'BAD_REQUEST',
            `connection ${conn.name} is a ${connector.description.title} connection, which has no ${declared.path}`,
          )
        return route.handle(
          { settings: conn.settings, query: req.query, body: req.body },
          {
            saveSettings: async (settings, audit) => {
              connector.description.validateSettings?.(settings)
              await updateConnection(ctx.hub.db, ctx.tenantId, conn.id, { settings })
              await ctx.audit(audit.action, 'connection', conn.id, audit.data)
            },
          },
        )
      },
    }),
  )
}
