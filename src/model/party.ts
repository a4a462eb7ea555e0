// Tenants (sellers), their connections to outside systems, and the locations stock lives in.
import { Type, type Static } from 'typebox'
import { ConnectionKind, CountryCode, CurrencyCode, TimeZone, Uuid } from './common.ts'

export const TenantSchema = Type.Object(
  {
    id: Type.Optional(Uuid),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    baseCurrency: CurrencyCode,
    timeZone: TimeZone,
  },
  { additionalProperties: false },
)
export type Tenant = Static<typeof TenantSchema>

export const ConnectionStatus = Type.Union([
  Type.Literal('connected'),
  Type.Literal('failing'),
  Type.Literal('disconnected'),
  Type.Literal('disabled'),
])
export type ConnectionStatusValue = Static<typeof ConnectionStatus>

export const ConnectionSchema = Type.Object(
  {
    id: Type.Optional(Uuid),
    tenantId: Uuid,
    kind: ConnectionKind,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    settings: Type.Record(Type.String(), Type.Unknown(), { description: 'non-secret configuration' }),
    status: ConnectionStatus,
    timeZone: Type.Optional(TimeZone),
  },
  { additionalProperties: false },
)
export type Connection = Static<typeof ConnectionSchema>

export const LocationType = Type.Union([
  Type.Literal('warehouse'),
  Type.Literal('fba'),
  Type.Literal('store'),
  Type.Literal('erp'),
])

export const LocationSchema = Type.Object(
  {
    id: Type.Optional(Uuid),
    code: Type.String({ minLength: 1, maxLength: 64, description: 'tenant-unique code, e.g. US-EAST or FBA-DE' }),
    name: Type.String({ minLength: 1 }),
    type: LocationType,
    country: CountryCode,
    timeZone: TimeZone,
    cutoffHour: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 23, description: 'local hour after which orders ship the next working day' }),
    ),
    workingDays: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { description: '0 = Sunday' })),
    connectionId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
)
export type Location = Static<typeof LocationSchema>
