// The ERP field mapping of one connection: read it (its own, or the preset it starts from), save
// a new version, and preview a mapping against a sample document without writing anything (the
// connector's pure dry run). The mapping lives in the connection's settings (settings.mapping).
import { Type } from 'typebox'
import { dryRun } from '../../connectors/erp/dry-run.ts'
import { getConnection, updateConnection, type ConnectionRow } from '../../db/connections.ts'
import { CrossdockError } from '../../errors.ts'
import {
  ERP_PRESETS,
  isErpPresetName,
  presetMapping,
  validateErpMapping,
  type ErpMapping,
} from '../../mappers/erp/index.ts'
import { defineRoute, type ApiRoute } from './framework.ts'

const tags = ['erp mapping']

async function erpConnection(
  db: Parameters<typeof getConnection>[0],
  tenantId: string,
  id: string,
): Promise<ConnectionRow> {
  const conn = await getConnection(db, tenantId, id)
  if (conn.kind !== 'erp')
    throw new CrossdockError(
      'BAD_REQUEST',
      `connection ${conn.name} is a ${conn.kind} connection; only ERP connections have a field mapping`,
    )
  return conn
}

function currentMapping(conn: ConnectionRow): {
  mapping: ErpMapping | null
  source: 'own' | 'preset' | 'none'
  preset: string | null
} {
  const s = conn.settings as { mapping?: ErpMapping; preset?: string }
  if (s.mapping) return { mapping: s.mapping, source: 'own', preset: s.mapping.preset ?? s.preset ?? null }
  if (isErpPresetName(s.preset)) return { mapping: presetMapping(s.preset), source: 'preset', preset: s.preset }
  return { mapping: null, source: 'none', preset: null }
}

export const erpMappingRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/connections/:connectionId/mapping',
    role: 'viewer',
    tags,
    params: { connectionId: 'connection' },
    summary: 'The ERP field mapping in use (own or preset), or a preset to start from (?preset=sap-b1)',
    querystring: Type.Object({ preset: Type.Optional(Type.String({ maxLength: 50 })) }),
    handler: async (ctx, req) => {
      const conn = await erpConnection(ctx.hub.db, ctx.tenantId, (req.params as { connectionId: string }).connectionId)
      const { preset } = req.query as { preset?: string }
      const presets = Object.keys(ERP_PRESETS)
      if (preset !== undefined) {
        if (!isErpPresetName(preset))
          throw new CrossdockError('NOT_FOUND', `no preset ${preset}; there are ${presets.join(', ')}`)
        return { mapping: presetMapping(preset), source: 'preset', preset, presets }
      }
      return { ...currentMapping(conn), presets }
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/connections/:connectionId/mapping',
    role: 'admin',
    tags,
    params: { connectionId: 'connection' },
    summary: 'Save the ERP field mapping as a new version (validated; documents received afterwards use it)',
    example: {
      mapping: {
        version: 1,
        timeZone: 'UTC',
        documents: {
          item_master: { records: '$.value[*]', fields: { sku: { from: 'ItemCode' }, title: { from: 'ItemName' } } },
        },
      },
    },
    body: Type.Object({ mapping: Type.Record(Type.String(), Type.Unknown()) }, { additionalProperties: false }),
    handler: async (ctx, req) => {
      const { connectionId } = req.params as { connectionId: string }
      const conn = await erpConnection(ctx.hub.db, ctx.tenantId, connectionId)
      const before = currentMapping(conn)
      // every save is a new version, whatever number the editor sent: receipts name the version
      const version = Math.max((before.source === 'own' ? (before.mapping?.version ?? 0) : 0) + 1, 1)
      const candidate = { ...(req.body as { mapping: Record<string, unknown> }).mapping, version }
      let mapping: ErpMapping
      try {
        mapping = validateErpMapping(candidate)
      } catch (err) {
        if (!(err instanceof CrossdockError)) throw err
        const problems = (err.details?.errors as { field: string; message: string }[] | undefined) ?? []
        throw new CrossdockError(err.code, err.message, {
          details: {
            fields: problems.map((p) => ({
              field: `/mapping${p.field.startsWith('/') ? '' : '/'}${p.field}`,
              message: p.message,
            })),
          },
        })
      }
      const settings = { ...conn.settings, mapping }
      await updateConnection(ctx.hub.db, ctx.tenantId, conn.id, { settings })
      await ctx.audit('erp_mapping.saved', 'connection', conn.id, { version })
      return { mapping, source: 'own', version }
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/connections/:connectionId/mapping/dry-run',
    role: 'admin',
    tags,
    params: { connectionId: 'connection' },
    summary:
      'Map a sample document with the saved mapping (or the one given) and return records and errors; nothing is written',
    example: {
      contentType: 'application/json',
      body: '{"odata.metadata":"…$metadata#Items","value":[{"ItemCode":"MUG-BLUE","ItemName":"Blue mug"}]}',
    },
    body: Type.Object(
      {
        contentType: Type.String({ minLength: 1, maxLength: 200 }),
        body: Type.String({ maxLength: 900_000 }),
        documentType: Type.Optional(Type.String({ maxLength: 50 })),
        mapping: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx, req) => {
      const conn = await erpConnection(ctx.hub.db, ctx.tenantId, (req.params as { connectionId: string }).connectionId)
      const b = req.body as {
        contentType: string
        body: string
        documentType?: string
        mapping?: Record<string, unknown>
      }
      const mapping = b.mapping ?? currentMapping(conn).mapping
      if (!mapping)
        throw new CrossdockError(
          'MAPPING_INVALID',
          'this connection has neither a mapping nor a preset; send one in "mapping"',
        )
      return dryRun(mapping, b.contentType, b.body, b.documentType ? { documentType: b.documentType } : {})
    },
  }),
]
