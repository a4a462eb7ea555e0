// Products and their sellable variants (SKUs), the canonical catalog every channel maps to.
import { Type, type Static } from 'typebox'
import { CountryCode, Dimensions, LocalizedText, MoneySchema, Uuid, UtcTimestamp, Weight } from './common.ts'

export const SKU_MAX_LENGTH = 100
/** no leading or trailing whitespace, at least one character */
export const SKU_PATTERN = '^\\S(.*\\S)?$'
const SKU_RE = new RegExp(SKU_PATTERN)

/** Whether a string can be a canonical SKU as it is. */
export function isCanonicalSku(s: string): boolean {
  return s.length > 0 && s.length <= SKU_MAX_LENGTH && SKU_RE.test(s)
}

/**
 * Where a connection's variant got its canonical SKU: the remote's own SKU, or (when the remote
 * has none: most real Shopify variants) a rule the seller picked — its barcode, handle and
 * options, or its id — or an explicit alias the seller set (Amazon seller SKUs).
 */
export const SkuSourceSchema = Type.Union([
  Type.Literal('remote'),
  Type.Literal('barcode'),
  Type.Literal('handle-options'),
  Type.Literal('variant-id'),
  Type.Literal('alias'),
])
export type SkuSource = Static<typeof SkuSourceSchema>

export const Barcode = Type.Object(
  {
    type: Type.Union([
      Type.Literal('GTIN'),
      Type.Literal('EAN'),
      Type.Literal('UPC'),
      Type.Literal('JAN'),
      Type.Literal('ISBN'),
      Type.Literal('OTHER'),
    ]),
    value: Type.String({ pattern: '^[0-9A-Za-z-]{4,32}$' }),
  },
  { additionalProperties: false },
)

export const VariantSchema = Type.Object(
  {
    id: Type.Optional(Uuid),
    sku: Type.String({
      minLength: 1,
      maxLength: SKU_MAX_LENGTH,
      pattern: SKU_PATTERN,
      description: 'canonical SKU, unique per tenant',
    }),
    barcode: Type.Optional(Barcode),
    title: Type.Optional(LocalizedText),
    options: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'option name → value, e.g. Size → M' }),
    ),
    hsCode: Type.Optional(
      Type.String({ pattern: '^[0-9]{6,10}$', description: 'Harmonized System code, 6–10 digits' }),
    ),
    countryOfOrigin: Type.Optional(CountryCode),
    weight: Type.Optional(Weight),
    dimensions: Type.Optional(Dimensions),
    prices: Type.Optional(Type.Array(MoneySchema, { description: 'list price per currency' })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type Variant = Static<typeof VariantSchema>

export const ProductSchema = Type.Object(
  {
    id: Type.Optional(Uuid),
    handle: Type.String({ minLength: 1, maxLength: 255, description: 'stable product key, unique per tenant' }),
    title: LocalizedText,
    description: Type.Optional(LocalizedText),
    vendor: Type.Optional(Type.String()),
    productType: Type.Optional(Type.String()),
    status: Type.Union([Type.Literal('active'), Type.Literal('draft'), Type.Literal('archived')]),
    variants: Type.Array(VariantSchema, { minItems: 1 }),
    /** when the source last changed it: orders late webhooks (see isStale), not content */
    updatedAt: Type.Optional(UtcTimestamp),
  },
  { additionalProperties: false },
)
export type Product = Static<typeof ProductSchema>
