// What a seller fills in for an Amazon connection (settings) and what is kept secret
// (credentials), and the derived view the connector works with: marketplaces grouped by SP-API
// region, the endpoint for each, and the seller SKU of a canonical SKU in a marketplace.
import { Type, type Static } from 'typebox'
import { CrossdockError } from '../../errors.ts'
import { LWA_TOKEN_URL, REGION_ENDPOINTS, marketplaceById, type Marketplace, type SpApiRegion } from './marketplaces.ts'

export const AmazonSettingsSchema = Type.Object(
  {
    sellerId: Type.String({ minLength: 1, description: 'the merchant token (selling partner id)' }),
    marketplaceIds: Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      description: 'e.g. ATVPDKIKX0DER (US), A1PA6795UKMFR9 (DE)',
    }),
    endpoint: Type.Optional(
      Type.String({ format: 'uri', description: 'one SP-API base URL for every region (a sandbox)' }),
    ),
    endpoints: Type.Optional(
      Type.Object(
        {
          NA: Type.Optional(Type.String({ format: 'uri' })),
          EU: Type.Optional(Type.String({ format: 'uri' })),
          FE: Type.Optional(Type.String({ format: 'uri' })),
        },
        { additionalProperties: false },
      ),
    ),
    lwaTokenUrl: Type.Optional(Type.String({ format: 'uri', description: 'Login with Amazon token URL (a sandbox)' })),
    ordersApi: Type.Optional(
      Type.Union([Type.Literal('2026-01-01'), Type.Literal('v0')], {
        description: 'v0 reads are deprecated; migrate by 2027-03-27',
      }),
    ),
    orderOverlapMinutes: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1440, description: 'each pull re-reads this much before the last cursor' }),
    ),
    initialLookbackDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
    maxResultsPerPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    feedThreshold: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 25_000,
        description: 'a marketplace batch this big or bigger goes by JSON_LISTINGS_FEED, smaller by patch',
      }),
    ),
    productType: Type.Optional(Type.String({ minLength: 1, description: 'product type sent with offer-only patches' })),
    fulfillmentChannelCode: Type.Optional(Type.String({ minLength: 1 })),
    skuAliases: Type.Optional(
      Type.Record(Type.String(), Type.Record(Type.String(), Type.String({ minLength: 1 })), {
        description: 'marketplace id (or "*") → canonical SKU → seller SKU',
      }),
    ),
    feedPollMinMs: Type.Optional(Type.Integer({ minimum: 1 })),
    feedPollMaxMs: Type.Optional(Type.Integer({ minimum: 1 })),
    feedTimeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
)
export type AmazonSettings = Static<typeof AmazonSettingsSchema>

export const AmazonCredentialsSchema = Type.Object(
  {
    clientId: Type.String({ minLength: 1 }),
    clientSecret: Type.String({ minLength: 1 }),
    refreshToken: Type.String({ minLength: 1 }),
    notificationSecret: Type.Optional(
      Type.String({ minLength: 16, description: 'sent by the EventBridge API destination in the x-api-key header' }),
    ),
  },
  { additionalProperties: false },
)
export type AmazonCredentials = Static<typeof AmazonCredentialsSchema>

export const DEFAULTS = {
  ordersApi: '2026-01-01' as const,
  orderOverlapMinutes: 10,
  initialLookbackDays: 30,
  maxResultsPerPage: 100,
  // 200 patches take 40 s at 5/s; a feed takes minutes at best (often much longer, facts §10.6) and
  // JSON_LISTINGS_FEED allows 5 per 5 minutes per region: small batches are quicker by patch.
  feedThreshold: 200,
  // offer-only updates with productType PRODUCT are reported to work [UNVERIFIED, facts §4]
  productType: 'PRODUCT',
  fulfillmentChannelCode: 'DEFAULT',
  feedPollMinMs: 5_000,
  feedPollMaxMs: 60_000,
  feedTimeoutMs: 30 * 60_000,
}

export interface ResolvedSettings {
  sellerId: string
  marketplaces: Marketplace[]
  regions: { region: SpApiRegion; endpoint: string; marketplaces: Marketplace[] }[]
  lwaTokenUrl: string
  ordersApi: '2026-01-01' | 'v0'
  orderOverlapMinutes: number
  initialLookbackDays: number
  maxResultsPerPage: number
  feedThreshold: number
  productType: string
  fulfillmentChannelCode: string
  skuAliases: Record<string, Record<string, string>>
  feedPollMinMs: number
  feedPollMaxMs: number
  feedTimeoutMs: number
}

export function resolveSettings(s: AmazonSettings): ResolvedSettings {
  const marketplaces = s.marketplaceIds.map((id) => {
    const m = marketplaceById(id)
    if (!m)
      throw new CrossdockError('VALIDATION_FAILED', `unknown Amazon marketplace id ${id}`, {
        details: { field: 'marketplaceIds' },
      })
    return m
  })
  const regions: ResolvedSettings['regions'] = []
  for (const m of marketplaces) {
    let r = regions.find((x) => x.region === m.region)
    if (!r) {
      const endpoint = (s.endpoints?.[m.region] ?? s.endpoint ?? REGION_ENDPOINTS[m.region]).replace(/\/+$/, '')
      r = { region: m.region, endpoint, marketplaces: [] }
      regions.push(r)
    }
    r.marketplaces.push(m)
  }
  return {
    sellerId: s.sellerId,
    marketplaces,
    regions,
    lwaTokenUrl: s.lwaTokenUrl ?? LWA_TOKEN_URL,
    ordersApi: s.ordersApi ?? DEFAULTS.ordersApi,
    orderOverlapMinutes: s.orderOverlapMinutes ?? DEFAULTS.orderOverlapMinutes,
    initialLookbackDays: s.initialLookbackDays ?? DEFAULTS.initialLookbackDays,
    maxResultsPerPage: s.maxResultsPerPage ?? DEFAULTS.maxResultsPerPage,
    feedThreshold: s.feedThreshold ?? DEFAULTS.feedThreshold,
    productType: s.productType ?? DEFAULTS.productType,
    fulfillmentChannelCode: s.fulfillmentChannelCode ?? DEFAULTS.fulfillmentChannelCode,
    skuAliases: s.skuAliases ?? {},
    feedPollMinMs: s.feedPollMinMs ?? DEFAULTS.feedPollMinMs,
    feedPollMaxMs: s.feedPollMaxMs ?? DEFAULTS.feedPollMaxMs,
    feedTimeoutMs: s.feedTimeoutMs ?? DEFAULTS.feedTimeoutMs,
  }
}

/** The seller SKU for a canonical SKU in a marketplace: alias for it, alias for all, or the SKU itself. */
export function sellerSkuFor(s: ResolvedSettings, marketplaceId: string, sku: string): string {
  return s.skuAliases[marketplaceId]?.[sku] ?? s.skuAliases['*']?.[sku] ?? sku
}

const reverseAliases = new WeakMap<Record<string, string>, Map<string, string>>()

/** The canonical SKU behind a seller SKU, when an alias names it; otherwise the seller SKU. */
export function canonicalSkuFor(
  s: ResolvedSettings,
  marketplaceId: string,
  sellerSku: string,
): { sku: string; aliased: boolean } {
  for (const scope of [marketplaceId, '*']) {
    const table = s.skuAliases[scope]
    if (!table) continue
    let reverse = reverseAliases.get(table)
    if (!reverse) {
      reverse = new Map(Object.entries(table).map(([canonical, seller]) => [seller, canonical]))
      reverseAliases.set(table, reverse)
    }
    const sku = reverse.get(sellerSku)
    if (sku !== undefined) return { sku, aliased: true }
  }
  return { sku: sellerSku, aliased: false }
}

export function regionOf(s: ResolvedSettings, marketplaceId: string): ResolvedSettings['regions'][number] | undefined {
  return s.regions.find((r) => r.marketplaces.some((m) => m.id === marketplaceId))
}
