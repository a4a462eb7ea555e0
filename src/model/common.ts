// Building blocks shared by the record schemas: ids, codes, money, quantities with units.
import { Type, type Static } from 'typebox'

export const Uuid = Type.String({ format: 'uuid' })
export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' })
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' })
export const TimeZone = Type.String({ minLength: 1, description: 'IANA time zone, e.g. Asia/Tokyo' })
export const UtcTimestamp = Type.String({ format: 'date-time', description: 'UTC instant, ISO 8601' })
/** http or https, a host (no user info), then an optional path, query or fragment: no spaces */
export const HTTP_URL_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#@]+(?:[/?#][^\\s]*)?$'
const HTTP_URL_RE = new RegExp(HTTP_URL_PATTERN)

/**
 * An http(s) URL. `format: 'uri'` alone lets `javascript:`, `data:` and every other scheme through
 * (issue 12.6), and a tracking URL ends up as a link in the UI and in the buyer's channel.
 */
export const HttpUrl = Type.String({
  format: 'uri',
  pattern: HTTP_URL_PATTERN,
  maxLength: 2048,
  description: 'http or https URL',
})

export function isHttpUrl(s: string): boolean {
  return s.length <= 2048 && HTTP_URL_RE.test(s)
}

export const LocaleTag = Type.String({ pattern: '^[a-z]{2,3}(-[A-Z]{2})?$', description: 'BCP 47, e.g. en-US' })

export const MoneySchema = Type.Object(
  {
    amount: Type.Integer({ description: 'integer minor units' }),
    currency: CurrencyCode,
  },
  { additionalProperties: false },
)
export type MoneyValue = Static<typeof MoneySchema>

export const WeightUnit = Type.Union([Type.Literal('g'), Type.Literal('kg'), Type.Literal('lb'), Type.Literal('oz')])
export const LengthUnit = Type.Union([Type.Literal('mm'), Type.Literal('cm'), Type.Literal('m'), Type.Literal('in')])

export const Weight = Type.Object(
  { value: Type.Number({ minimum: 0 }), unit: WeightUnit },
  { additionalProperties: false },
)
export const Dimensions = Type.Object(
  {
    length: Type.Number({ minimum: 0 }),
    width: Type.Number({ minimum: 0 }),
    height: Type.Number({ minimum: 0 }),
    unit: LengthUnit,
  },
  { additionalProperties: false },
)

/** Localized text keyed by BCP 47 tag: { "en-US": "Mug", "ja-JP": "マグ" } */
export const LocalizedText = Type.Record(Type.String({ pattern: '^[a-z]{2,3}(-[A-Z]{2})?$' }), Type.String())

export const ConnectionKind = Type.String({
  pattern: '^[a-z][a-z0-9_-]*$',
  description: 'connector kind: shopify, amazon, erp, warehouse…',
})
