// What a seller fills in for an ERP connection (settings) and what is kept secret (credentials),
// and how the connection's mapping is found: its own saved mapping, or a copy of a preset.
import { Type, type Static } from 'typebox'
import { CrossdockError } from '../../errors.ts'
import {
  ErpMappingSchema,
  isErpPresetName,
  presetMapping,
  schemaErrors,
  validateErpMapping,
  type ErpMapping,
} from '../../mappers/erp/index.ts'

export const ErpSettingsSchema = Type.Object(
  {
    /** start from a shipped mapping (used when `mapping` is absent) */
    preset: Type.Optional(Type.Union([Type.Literal('sap-b1'), Type.Literal('odoo')])),
    /** the connection's own mapping document (versioned; validated on save with validateErpSettings) */
    mapping: Type.Optional(ErpMappingSchema),
    /** where orders and shipments go; paths come from the mapping's outbound documents */
    outbound: Type.Optional(
      Type.Object(
        {
          url: Type.String({ pattern: '^https?://[^\\s]+$' }),
          format: Type.Union([Type.Literal('json'), Type.Literal('xml')]),
          timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000 })),
          /** path testConnection reads (JSON/XML-elements endpoints); XML-RPC endpoints are asked version() */
          healthPath: Type.Optional(Type.String({ pattern: '^/' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type ErpSettings = Static<typeof ErpSettingsSchema>

export const ErpCredentialsSchema = Type.Object(
  {
    /** HMAC key the ERP signs its documents with (X-Crossdock-Signature) */
    inboundSecret: Type.String({ minLength: 16 }),
    /** the previous key, accepted too while the ERP side is switched over */
    previousInboundSecret: Type.Optional(Type.String({ minLength: 16 })),
    /** HMAC key the hub signs outbound documents with (default: the inbound secret) */
    outboundSecret: Type.Optional(Type.String({ minLength: 16 })),
    /** sent as Authorization: Bearer … on outbound calls, when the endpoint wants one */
    outboundToken: Type.Optional(Type.String({ minLength: 1 })),
    /** XML-RPC login (Odoo): database, user id and API key, sent inside execute_kw */
    xmlrpc: Type.Optional(
      Type.Object(
        {
          db: Type.String({ minLength: 1 }),
          uid: Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^\\d+$' })]),
          key: Type.String({ minLength: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type ErpCredentials = Static<typeof ErpCredentialsSchema>

/** Settings as saved: schema, then the mapping's own checks. Throws VALIDATION_FAILED / MAPPING_INVALID. */
export function validateErpSettings(input: unknown): ErpSettings {
  const settings = input as ErpSettings
  // the mapping's own problems first, in its words (MAPPING_INVALID); then the rest of the settings
  if (settings && typeof settings === 'object' && settings.mapping !== undefined) validateErpMapping(settings.mapping)
  const errors = schemaErrors(ErpSettingsSchema, input)
  if (errors.length > 0) {
    throw new CrossdockError(
      'VALIDATION_FAILED',
      `ERP settings: ${errors
        .slice(0, 5)
        .map((e) => `${e.field || '/'} ${e.message}`)
        .join('; ')}`,
      { details: { errors } },
    )
  }
  if (!settings.mapping && !settings.preset)
    throw new CrossdockError('VALIDATION_FAILED', 'ERP settings need a mapping or a preset', {
      details: { errors: [{ field: '/mapping', message: 'required' }] },
    })
  return settings
}

const checked = new WeakMap<object, ErpMapping>()

/** The mapping a connection uses now (validated once per settings object). */
export function resolveMapping(settings: Partial<ErpSettings> | undefined): ErpMapping {
  const own = settings?.mapping
  if (own) {
    let m = checked.get(own)
    if (!m) {
      m = validateErpMapping(own)
      checked.set(own, m)
    }
    return m
  }
  if (isErpPresetName(settings?.preset)) return presetMapping(settings.preset)
  throw new CrossdockError('MAPPING_INVALID', 'this ERP connection has neither a mapping nor a preset')
}
