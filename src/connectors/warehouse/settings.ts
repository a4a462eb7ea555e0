// What a seller fills in for a 3PL connection (settings) and what is kept secret (credentials).
// Provider-neutral: fields only one provider reads say so; the adapter for that provider is the
// one place that reads them.
import { Type, type Static } from 'typebox'
import { CrossdockError } from '../../errors.ts'
import { check, isValidTimeZone } from '../../model/index.ts'
import type { FacilityMap } from '../../mappers/warehouse/facilities.ts'

export const FacilitySchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, description: 'canonical location code, e.g. US-EAST' }),
    name: Type.Optional(Type.String({ minLength: 1 })),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    timeZone: Type.String({ minLength: 1, description: 'IANA time zone, e.g. America/New_York' }),
    cutoffHour: Type.Optional(Type.Integer({ minimum: 0, maximum: 23 })),
    workingDays: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { description: '0 = Sunday' })),
  },
  { additionalProperties: false },
)

export const WarehouseSettingsSchema = Type.Object(
  {
    provider: Type.Optional(Type.Union([Type.Literal('shipbob'), Type.Literal('4px')], { default: 'shipbob' })),
    baseUrl: Type.Optional(
      Type.String({ pattern: '^https?://', description: 'override, e.g. a sandbox: http://127.0.0.1:4010' }),
    ),
    apiVersion: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'ShipBob dated version (default 2026-01); 4PX method version (default 1.0.0)',
      }),
    ),
    facilities: Type.Record(Type.String({ minLength: 1 }), FacilitySchema, {
      description: 'remote facility id → canonical location',
    }),
    channelId: Type.Optional(
      Type.Integer({ description: 'ShipBob: shipbob_channel_id for order creation; looked up once when absent' }),
    ),
    shippingMethod: Type.Optional(
      Type.String({ minLength: 1, description: 'ShipBob ship option name, 4PX logistics product code' }),
    ),
    rateLimit: Type.Optional(
      Type.Object(
        {
          limit: Type.Integer({ minimum: 1 }),
          windowSeconds: Type.Integer({ minimum: 1 }),
        },
        { additionalProperties: false, description: 'override the provider limit (a sandbox run small)' },
      ),
    ),
    firstPullDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 365,
        description: 'how far back the first shipment/status pull looks (default 30)',
      }),
    ),
  },
  { additionalProperties: false },
)

export const WarehouseCredentialsSchema = Type.Object(
  {
    apiToken: Type.Optional(Type.String({ minLength: 1, description: 'ShipBob personal access token' })),
    webhookSecret: Type.Optional(Type.String({ minLength: 1, description: 'Standard Webhooks secret, whsec_…' })),
    appKey: Type.Optional(Type.String({ minLength: 1, description: '4PX app_key' })),
    appSecret: Type.Optional(Type.String({ minLength: 1, description: '4PX app secret (signs every request)' })),
  },
  { additionalProperties: false },
)

export type WarehouseSettings = Static<typeof WarehouseSettingsSchema>
export type WarehouseCredentials = Static<typeof WarehouseCredentialsSchema>
export type ProviderName = NonNullable<WarehouseSettings['provider']>

export interface WarehouseConn {
  settings: WarehouseSettings
  credentials: WarehouseCredentials
}

export function providerOf(settings: WarehouseSettings): ProviderName {
  return settings.provider ?? 'shipbob'
}

/** Validate settings beyond the schema: IANA zones exist, location codes are unique. */
export function readSettings(raw: unknown): WarehouseSettings {
  const r = check(WarehouseSettingsSchema, raw)
  if (!r.ok) {
    throw new CrossdockError(
      'VALIDATION_FAILED',
      `warehouse settings: ${r.errors.map((e) => `${e.field || '/'} ${e.message}`).join('; ')}`,
      { details: { errors: r.errors } },
    )
  }
  const seen = new Map<string, string>()
  for (const [id, f] of Object.entries(r.value.facilities)) {
    if (!isValidTimeZone(f.timeZone))
      throw new CrossdockError('VALIDATION_FAILED', `facility ${id}: unknown IANA time zone ${f.timeZone}`, {
        details: { field: `/facilities/${id}/timeZone` },
      })
    const other = seen.get(f.code)
    if (other !== undefined)
      throw new CrossdockError('VALIDATION_FAILED', `facilities ${other} and ${id} both map to location ${f.code}`, {
        details: { field: `/facilities/${id}/code` },
      })
    seen.set(f.code, id)
  }
  return r.value
}

export function facilitiesOf(settings: WarehouseSettings): FacilityMap {
  return settings.facilities
}

export function requireCredential(conn: WarehouseConn, name: keyof WarehouseCredentials): string {
  const v = conn.credentials[name]
  if (!v)
    throw new CrossdockError('CONNECTOR_AUTH_FAILED', `the ${providerOf(conn.settings)} connection has no ${name}`, {
      details: { credential: name },
    })
  return v
}
