// Connections and their streams: list, create (credentials validated by the connector's schema,
// sealed at rest, shown afterwards only masked), test, edit, replace credentials, delete, and
// per-stream schedules and "sync now".
import { Type } from 'typebox'
import type { Stream } from '../../connectors/types.ts'
import {
  connectionNameTaken,
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  publicConnection,
  replaceCredentials,
  updateConnection,
} from '../../db/connections.ts'
import { connectionStreams, disableStreams, hasPullStream, tenantStreams, updatePullStream } from '../../db/streams.ts'
import { tenantTimeZone } from '../../db/tenants.ts'
import { CrossdockError } from '../../errors.ts'
import { check } from '../../model/index.ts'
import { connectorContext } from '../../sync/context.ts'
import { roleOfDescription } from '../../sync/roles.ts'
import { createDefaultStreams, syncNow, syncSchedules } from '../../sync/streams.ts'
import { resetBreakers } from '../../db/breakers.ts'
import { defineRoute, type ApiRoute } from './framework.ts'
import { CronExpressionParser } from 'cron-parser'

const tags = ['connections']

function validateAgainst(schema: Parameters<typeof check>[0], value: unknown, where: string): void {
  const r = check(schema, value)
  if (!r.ok) {
    throw new CrossdockError(
      'VALIDATION_FAILED',
      `invalid ${where}: ${r.errors.map((e) => `${e.field || '/'} ${e.message}`).join('; ')}`,
      {
        details: { fields: r.errors.map((e) => ({ field: `/${where}${e.field}`, message: e.message })) },
      },
    )
  }
}

export function nextRuns(cron: string, tz: string, count: number): string[] {
  const it = CronExpressionParser.parse(cron, { tz, currentDate: new Date() })
  return it.take(count).map((d) => d.toISOString() ?? '')
}

export const connectionRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/connectors',
    role: 'viewer',
    tags,
    summary: 'Connector kinds with their config and credentials schemas',
    handler: async (ctx) => ({
      items: ctx.hub.connectors.list().map((c) => ({
        kind: c.description.kind,
        title: c.description.title,
        role: roleOfDescription(c.description) ?? null,
        capabilities: c.description.capabilities,
        configSchema: c.description.configSchema,
        credentialsSchema: c.description.credentialsSchema,
        // what the UI shows beside the generic forms (the connector's hooks)
        pages: (c.hooks?.pages ?? []).map((p) => ({ path: p.path, title: p.title, linkText: p.linkText })),
        settingsOnOwnPage: c.hooks?.settingsOnOwnPage ?? [],
        webhookSecret: c.hooks?.webhookSecret ?? null,
      })),
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/connections',
    role: 'viewer',
    tags,
    summary: 'List connections with status and stream health',
    handler: async (ctx) => {
      const rows = await listConnections(ctx.hub.db, ctx.tenantId)
      const streams = await tenantStreams(ctx.hub.db, ctx.tenantId)
      return {
        items: rows.map((r) => ({
          ...publicConnection(ctx.hub.box, r),
          streams: streams
            .filter((s) => s.connection_id === r.id)
            .map((s) => ({
              stream: s.stream,
              direction: s.direction,
              schedule: s.schedule,
              enabled: s.enabled,
              lastSuccessAt: s.last_success_at,
            })),
        })),
      }
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/connections',
    role: 'admin',
    tags,
    status: 201,
    summary: 'Create a connection',
    // kind: one of GET /connectors; settings and credentials follow that connector's schemas
    example: {
      kind: 'a-connector-kind',
      name: 'US store',
      settings: { baseUrl: 'https://example.com' },
      credentials: { apiToken: '…' },
    },
    body: Type.Object(
      {
        kind: Type.String({ minLength: 1 }),
        name: Type.String({ minLength: 1, maxLength: 200 }),
        settings: Type.Record(Type.String(), Type.Unknown()),
        credentials: Type.Record(Type.String(), Type.Unknown()),
        timeZone: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx, req) => {
      const body = req.body as {
        kind: string
        name: string
        settings: Record<string, unknown>
        credentials: Record<string, unknown>
        timeZone?: string
      }
      const connector = ctx.hub.connectors.get(body.kind)
      validateAgainst(connector.description.configSchema, body.settings, 'settings')
      connector.description.validateSettings?.(body.settings)
      validateAgainst(connector.description.credentialsSchema, body.credentials, 'credentials')
      if (await connectionNameTaken(ctx.hub.db, ctx.tenantId, body.name))
        throw new CrossdockError('CONFLICT', `a connection named "${body.name}" exists`, {
          details: { fields: [{ field: '/name', message: 'already used' }] },
        })
      const row = await createConnection(ctx.hub.db, ctx.hub.box, { tenantId: ctx.tenantId, ...body })
      await createDefaultStreams(ctx.hub.db, ctx.hub.connectors, row)
      await syncSchedules(ctx.hub.db, ctx.hub.boss, ctx.tenantId, row.id)
      await ctx.audit('connection.created', 'connection', row.id, { kind: row.kind, name: row.name })
      return publicConnection(ctx.hub.box, row)
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/connections/:connectionId',
    role: 'viewer',
    tags,
    params: { connectionId: 'connection' },
    summary: 'One connection (credentials masked)',
    handler: async (ctx, req) =>
      publicConnection(
        ctx.hub.box,
        await getConnection(ctx.hub.db, ctx.tenantId, (req.params as { connectionId: string }).connectionId),
      ),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/connections/:connectionId',
    role: 'admin',
    tags,
    params: { connectionId: 'connection' },
    summary: 'Rename, change settings, enable or disable',
    example: { name: 'renamed' },
    body: Type.Object(
      {
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        status: Type.Optional(Type.Union([Type.Literal('connected'), Type.Literal('disabled')])),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx, req) => {
      const { connectionId } = req.params as { connectionId: string }
      const body = req.body as { name?: string; settings?: Record<string, unknown>; status?: string }
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, connectionId)
      if (body.settings) {
        validateAgainst(ctx.hub.connectors.get(conn.kind).description.configSchema, body.settings, 'settings')
        ctx.hub.connectors.get(conn.kind).description.validateSettings?.(body.settings)
      }
      const row = await updateConnection(ctx.hub.db, ctx.tenantId, conn.id, {
        ...(body.name ? { name: body.name } : {}),
        ...(body.settings ? { settings: body.settings } : {}),
        ...(body.status
          ? { status: body.status, statusReason: body.status === 'disabled' ? 'disabled by a user' : null }
          : {}),
      })
      await syncSchedules(ctx.hub.db, ctx.hub.boss, ctx.tenantId, conn.id)
      await ctx.audit('connection.updated', 'connection', conn.id, { fields: Object.keys(body) })
      return publicConnection(ctx.hub.box, row)
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/connections/:connectionId/credentials',
    role: 'admin',
    tags,
    params: { connectionId: 'connection' },
    summary: 'Replace credentials (never returned in clear)',
    example: { accessToken: 'shpat_new' },
    body: Type.Record(Type.String(), Type.Unknown()),
    handler: async (ctx, req) => {
      const { connectionId } = req.params as { connectionId: string }
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, connectionId)
      validateAgainst(ctx.hub.connectors.get(conn.kind).description.credentialsSchema, req.body, 'credentials')
      await replaceCredentials(ctx.hub.db, ctx.hub.box, ctx.tenantId, conn.id, req.body as Record<string, unknown>)
      await resetBreakers(ctx.hub.db, ctx.tenantId, conn.id)
      await ctx.audit('connection.credentials_replaced', 'connection', conn.id)
      return publicConnection(ctx.hub.box, await getConnection(ctx.hub.db, ctx.tenantId, conn.id))
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/connections/:connectionId',
    role: 'owner',
    tags,
    params: { connectionId: 'connection' },
    summary: 'Delete a connection and everything it brought in',
    handler: async (ctx, req) => {
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, (req.params as { connectionId: string }).connectionId)
      await disableStreams(ctx.hub.db, ctx.tenantId, conn.id)
      await syncSchedules(ctx.hub.db, ctx.hub.boss, ctx.tenantId, conn.id)
      await deleteConnection(ctx.hub.db, ctx.tenantId, conn.id)
      await ctx.audit('connection.deleted', 'connection', conn.id, { kind: conn.kind, name: conn.name })
      return { deleted: true }
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/connections/:connectionId/test',
    role: 'admin',
    tags,
    params: { connectionId: 'connection' },
    summary: 'Test the connection against the remote system',
    handler: async (ctx, req) => {
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, (req.params as { connectionId: string }).connectionId)
      const { connector, ctx: cctx } = connectorContext(ctx.hub, conn, undefined, { probe: true })
      try {
        return await connector.testConnection(cctx)
      } catch (err) {
        const e = err as CrossdockError
        return { ok: false, message: e.message, details: { code: e.code ?? 'INTERNAL' } }
      }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/connections/:connectionId/streams',
    role: 'viewer',
    tags,
    params: { connectionId: 'connection' },
    summary: 'Streams with schedule, next runs and last success',
    querystring: Type.Object({ count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })) }),
    handler: async (ctx, req) => {
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, (req.params as { connectionId: string }).connectionId)
      const timeZone = await tenantTimeZone(ctx.hub.db, ctx.tenantId)
      const streams = await connectionStreams(ctx.hub.db, ctx.tenantId, conn.id)
      const count = (req.query as { count?: number }).count ?? 3
      return {
        timeZone,
        items: streams.map((s) => ({
          stream: s.stream,
          direction: s.direction,
          schedule: s.schedule,
          enabled: s.enabled,
          lastSuccessAt: s.last_success_at,
          nextRuns: s.schedule && s.enabled ? nextRuns(s.schedule, timeZone, count) : [],
        })),
      }
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/connections/:connectionId/streams/:stream',
    role: 'admin',
    tags,
    params: { connectionId: 'connection', stream: 'stream' },
    summary: 'Change a pull stream schedule or enable it',
    example: { schedule: '*/5 * * * *', enabled: true },
    body: Type.Object(
      {
        schedule: Type.Optional(Type.String({ minLength: 9, maxLength: 100 })),
        enabled: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx, req) => {
      const { connectionId, stream } = req.params as { connectionId: string; stream: string }
      const body = req.body as { schedule?: string; enabled?: boolean }
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, connectionId)
      if (body.schedule) {
        try {
          CronExpressionParser.parse(body.schedule)
        } catch (err) {
          throw new CrossdockError('VALIDATION_FAILED', `not a cron expression: ${(err as Error).message}`, {
            details: { fields: [{ field: '/schedule', message: 'not a cron expression' }] },
          })
        }
      }
      if (!(await updatePullStream(ctx.hub.db, ctx.tenantId, conn.id, stream, body)))
        throw new CrossdockError('NOT_FOUND', `no pull stream ${stream} on this connection`)
      await syncSchedules(ctx.hub.db, ctx.hub.boss, ctx.tenantId, conn.id)
      await ctx.audit('stream.updated', 'connection', conn.id, { stream, ...body })
      return { updated: true }
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/connections/:connectionId/streams/:stream/sync',
    role: 'ops',
    tags,
    status: 202,
    params: { connectionId: 'connection', stream: 'stream' },
    summary: 'Sync now',
    handler: async (ctx, req) => {
      const { connectionId, stream } = req.params as { connectionId: string; stream: string }
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, connectionId)
      if (!(await hasPullStream(ctx.hub.db, ctx.tenantId, conn.id, stream)))
        throw new CrossdockError('NOT_FOUND', `no pull stream ${stream} on this connection`)
      const jobId = await syncNow(ctx.hub.boss, ctx.tenantId, conn.id, stream as Stream)
      await ctx.audit('stream.sync_now', 'connection', conn.id, { stream })
      return { queued: jobId !== null, jobId }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/connections/:connectionId/webhook',
    role: 'admin',
    tags,
    params: { connectionId: 'connection' },
    summary: 'The webhook URL a remote system must call',
    handler: async (ctx, req) => {
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, (req.params as { connectionId: string }).connectionId)
      return {
        url: `${ctx.hub.config.publicUrl}/webhooks/${conn.kind}/${conn.id}`,
        note: 'the signing secret is in the connection credentials',
      }
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/connections/:connectionId/webhooks/register',
    role: 'admin',
    tags,
    params: { connectionId: 'connection' },
    summary: "Subscribe (or repair) the remote system's webhooks to this hub",
    handler: async (ctx, req) => {
      const conn = await getConnection(ctx.hub.db, ctx.tenantId, (req.params as { connectionId: string }).connectionId)
      const { connector, ctx: cctx } = connectorContext(ctx.hub, conn)
      if (!connector.registerWebhooks)
        throw new CrossdockError(
          'CONFLICT',
          `${conn.kind} webhooks are set up on the remote side; the URL is GET /connections/${conn.id}/webhook`,
        )
      const topics = await connector.registerWebhooks(
        cctx,
        `${ctx.hub.config.publicUrl}/webhooks/${conn.kind}/${conn.id}`,
      )
      await ctx.audit('webhooks.registered', 'connection', conn.id, {
        topics: topics.map((t) => `${t.topic}:${t.status}`),
      })
      return { items: topics }
    },
  }),
]
