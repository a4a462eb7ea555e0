// What a seller configures for a Shopify connection (settings, plain) and what is secret
// (credentials, encrypted at rest), and where the Admin API lives for that connection.
import { Type, type Static } from 'typebox'
import { CrossdockError } from '../../errors.ts'

export const API_VERSION = '2026-07'

/** Shopify's own shop-domain rule (shopify-app-js lib/utils/shop-validator.ts), myshopify.com form. */
const SHOP_DOMAIN = '^[a-zA-Z0-9][a-zA-Z0-9-_]*\\.myshopify\\.com$'

export const ShopifySettingsSchema = Type.Object(
  {
    shop: Type.Optional(Type.String({ pattern: SHOP_DOMAIN, description: 'the shop, e.g. example.myshopify.com' })),
    baseUrl: Type.Optional(
      Type.String({ pattern: '^https?://', description: 'override the Admin API origin (a sandbox)' }),
    ),
    apiVersion: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}$', description: `Admin API version, default ${API_VERSION}` }),
    ),
    plan: Type.Optional(
      Type.Union(
        [Type.Literal('standard'), Type.Literal('advanced'), Type.Literal('plus'), Type.Literal('enterprise')],
        { description: 'starting rate limits; corrected from every response' },
      ),
    ),
    locale: Type.Optional(
      Type.String({ pattern: '^[a-z]{2,3}(-[A-Z]{2})?$', description: 'locale of product titles, default en-US' }),
    ),
    locationCodes: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'Shopify location gid → hub location code' }),
    ),
    overlapSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 86_400,
        description:
          'incremental pulls (orders, catalog, inventory) re-read this far back before the stored watermark (clock skew, late writes); default 300',
      }),
    ),
    ordersLookbackDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 3650,
        description:
          'first orders pull goes this far back; default 60 (Shopify serves 60 days without read_all_orders)',
      }),
    ),
    bulkCatalogImport: Type.Optional(
      Type.Boolean({ description: 'first catalog import through a bulk operation; default true' }),
    ),
    pushConcurrency: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 16, description: 'inventory batches in flight at once; default 4' }),
    ),
  },
  { additionalProperties: false },
)
export type ShopifySettings = Static<typeof ShopifySettingsSchema>

export const ShopifyCredentialsSchema = Type.Object(
  {
    accessToken: Type.String({ minLength: 1, description: 'Admin API access token (X-Shopify-Access-Token)' }),
    appSecret: Type.Optional(Type.String({ minLength: 1, description: 'app client secret: verifies webhook HMACs' })),
  },
  { additionalProperties: false },
)
export type ShopifyCredentials = Static<typeof ShopifyCredentialsSchema>

export function origin(s: ShopifySettings): string {
  if (s.baseUrl) return s.baseUrl.replace(/\/+$/, '')
  if (s.shop) return `https://${s.shop}`
  throw new CrossdockError(
    'VALIDATION_FAILED',
    'a Shopify connection needs settings.shop (example.myshopify.com) or settings.baseUrl',
    { details: { field: 'shop' } },
  )
}

export function graphqlPath(s: ShopifySettings): string {
  return `/admin/api/${s.apiVersion ?? API_VERSION}/graphql.json`
}

export function shopLabel(s: ShopifySettings): string {
  return s.shop ?? s.baseUrl ?? 'unknown shop'
}
