// Shopify ↔ canonical mappings, pure: GraphQL Admin API nodes (pulls) and REST resources
// (webhook bodies) in, canonical records and binding hints out; canonical products out as
// productSet input. Also what real stores need around them: SKUs for variants without one
// (sku-rule.ts), refund lines (refunds.ts), delivery keys for de-duplication and ordering
// (webhook-keys.ts) and the compliance topics (privacy.ts). Imports the model only (and the
// connector contract's types).
export * from './types.ts'
export { gidOf, legacyId, locationCode, toMoney } from './common.ts'
export {
  barcodeOf,
  productFromRest,
  productFromShopify,
  productSetInput,
  type MappedProduct,
  type MappedVariantRef,
  type ProductSetVariables,
} from './catalog.ts'
export {
  inventoryLevelFromShopify,
  levelRefFromRest,
  locationFromShopify,
  SHOPIFY_NEGATIVE_POLICY,
  SHOPIFY_QUANTITY_NAMES,
} from './inventory.ts'
export { orderFromRest, orderFromShopify, orderStatus, type MappedOrder } from './orders.ts'
export { fulfillmentFromRest, shipmentFromShopify, type MappedShipment } from './shipments.ts'
export {
  canonicalSkus,
  DEFAULT_SKU_RULE,
  SkuRuleSchema,
  slug,
  type CanonicalSku,
  type SkuRule,
  type SkuRuleVariant,
} from './sku-rule.ts'
export { refundFromRest, refundFromShopifyWebhook, refundLinesOf } from './refunds.ts'
export { privacyRequestFromShopify, type ShopifyPrivacyRequest } from './privacy.ts'
export { shopifyDedupeKey, shopifyOrderingKey, type ShopifyDelivery } from './webhook-keys.ts'
