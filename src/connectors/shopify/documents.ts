// Every GraphQL document the connector sends, in one place, so a test can validate each against
// the pinned Admin API SDL (tests/shopify/documents.test.ts). Field names follow 2026-07:
// InventoryItem.variant is deprecated (variants), ProductSetInput.id is deprecated (identifier),
// fulfillmentCreate replaced fulfillmentCreateV2, bulkOperationRunQuery takes groupObjects.
// Page sizes are variables: the connector sizes pages from the query cost Shopify reports.

const MONEY_BAG = `fragment Bag on MoneyBag { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }`

const VARIANT_FIELDS = `fragment VariantFields on ProductVariant {
  id title sku barcode price compareAtPrice position updatedAt
  selectedOptions { name value }
  inventoryItem { id sku tracked requiresShipping harmonizedSystemCode countryCodeOfOrigin measurement { weight { unit value } } }
}`

const PRODUCT_FIELDS = `fragment ProductFields on Product { id handle title status vendor productType descriptionHtml updatedAt }`

export const SHOP = `query CrossdockShop {
  shop { id name myshopifyDomain currencyCode ianaTimezone enabledPresentmentCurrencies plan { publicDisplayName shopifyPlus } }
}`

export const LOCATIONS = `query CrossdockLocations($first: Int!, $after: String) {
  locations(first: $first, after: $after) {
    nodes { id legacyResourceId name isActive fulfillsOnlineOrders address { countryCode city } }
    pageInfo { hasNextPage endCursor }
  }
}`

export const PRODUCTS = `query CrossdockProducts($first: Int!, $after: String, $query: String, $variantsFirst: Int!) {
  products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes {
      ...ProductFields
      variants(first: $variantsFirst) { nodes { ...VariantFields } pageInfo { hasNextPage endCursor } }
    }
    pageInfo { hasNextPage endCursor }
  }
}
${PRODUCT_FIELDS}
${VARIANT_FIELDS}`

export const PRODUCT_VARIANTS = `query CrossdockProductVariants($id: ID!, $first: Int!, $after: String) {
  product(id: $id) { id variants(first: $first, after: $after) { nodes { ...VariantFields } pageInfo { hasNextPage endCursor } } }
}
${VARIANT_FIELDS}`

/** The bulk export of the whole catalog (connections without first/last: bulk reads them all). */
export const BULK_CATALOG_QUERY = `{
  products {
    edges { node {
      id handle title status vendor productType descriptionHtml updatedAt
      variants { edges { node {
        id title sku barcode price compareAtPrice position updatedAt
        selectedOptions { name value }
        inventoryItem { id sku tracked requiresShipping harmonizedSystemCode countryCodeOfOrigin measurement { weight { unit value } } }
      } } }
    } }
  }
}`

export const BULK_RUN = `mutation CrossdockBulkRun($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: true) { bulkOperation { id status } userErrors { field message code } }
}`

export const BULK_POLL = `query CrossdockBulkPoll($id: ID!) {
  node(id: $id) { ... on BulkOperation { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl completedAt } }
}`

const LEVEL_FIELDS = `fragment LevelFields on InventoryLevel {
  id updatedAt item { id sku tracked } location { id } quantities(names: ["available", "on_hand", "committed"]) { name quantity }
}`

export const INVENTORY_LEVELS = `query CrossdockInventoryLevels($locationId: ID!, $first: Int!, $after: String, $query: String) {
  location(id: $locationId) {
    id
    inventoryLevels(first: $first, after: $after, query: $query) { nodes { ...LevelFields } pageInfo { hasNextPage endCursor } }
  }
}
${LEVEL_FIELDS}`

export const LEVELS_BY_ITEMS = `query CrossdockLevelsByItems($ids: [ID!]!, $locationId: ID!) {
  nodes(ids: $ids) { ... on InventoryItem { id sku inventoryLevel(locationId: $locationId) { ...LevelFields } } }
}
${LEVEL_FIELDS}`

export const ITEMS_BY_VARIANTS = `query CrossdockItemsByVariants($ids: [ID!]!) {
  nodes(ids: $ids) { ... on ProductVariant { id sku inventoryItem { id } } }
}`

export const VARIANTS_BY_SKU = `query CrossdockVariantsBySku($first: Int!, $query: String!) {
  productVariants(first: $first, query: $query) { nodes { id sku inventoryItem { id } } }
}`

export const INVENTORY_SET = `mutation CrossdockInventorySet($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`

const LINE_FIELDS = `fragment LineFields on LineItem {
  id sku title quantity currentQuantity requiresShipping variant { id sku }
  originalUnitPriceSet { ...Bag } totalDiscountSet { ...Bag } taxLines(first: 10) { priceSet { ...Bag } }
}`

const ORDER_FIELDS = `fragment OrderFields on Order {
  id name email phone createdAt processedAt updatedAt cancelledAt cancelReason
  displayFinancialStatus displayFulfillmentStatus currencyCode presentmentCurrencyCode
  subtotalPriceSet { ...Bag } totalShippingPriceSet { ...Bag } totalTaxSet { ...Bag } totalDiscountsSet { ...Bag }
  totalPriceSet { ...Bag } totalRefundedSet { ...Bag } currentTotalPriceSet { ...Bag }
  customer { id displayName }
  shippingAddress { name firstName lastName company address1 address2 city province provinceCode zip countryCodeV2 phone }
  refunds(first: 10) { id createdAt totalRefundedSet { ...Bag } }
  fulfillmentOrders(first: 10) { nodes { id status assignedLocation { location { id } } } }
}`

export const ORDERS = `query CrossdockOrders($first: Int!, $after: String, $query: String, $linesFirst: Int!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes { ...OrderFields lineItems(first: $linesFirst) { nodes { ...LineFields } pageInfo { hasNextPage endCursor } } }
    pageInfo { hasNextPage endCursor }
  }
}
${ORDER_FIELDS}
${LINE_FIELDS}
${MONEY_BAG}`

export const ORDER_LINES = `query CrossdockOrderLines($id: ID!, $first: Int!, $after: String) {
  order(id: $id) { id lineItems(first: $first, after: $after) { nodes { ...LineFields } pageInfo { hasNextPage endCursor } } }
}
${LINE_FIELDS}
${MONEY_BAG}`

export const ORDER_FULFILLMENT_ORDERS = `query CrossdockOrderFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id name
    fulfillments(first: 50) { id status trackingInfo(first: 10) { number company url } }
    fulfillmentOrders(first: 20) {
      nodes {
        id status assignedLocation { location { id } }
        lineItems(first: 100) { nodes { id sku remainingQuantity totalQuantity lineItem { id sku } } }
      }
    }
  }
}`

export const FULFILLMENT_CREATE = `mutation CrossdockFulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {
  fulfillmentCreate(fulfillment: $fulfillment, message: $message) {
    fulfillment { id status trackingInfo(first: 10) { number company url } }
    userErrors { field message }
  }
}`

export const PRODUCT_SET = `mutation CrossdockProductSet($input: ProductSetInput!, $identifier: ProductSetIdentifiers, $synchronous: Boolean!) {
  productSet(input: $input, identifier: $identifier, synchronous: $synchronous) {
    product { id handle variants(first: 250) { nodes { id sku inventoryItem { id } } } }
    userErrors { field message code }
  }
}`

export const WEBHOOK_SUBSCRIPTIONS = `query CrossdockWebhookSubscriptions($first: Int!, $after: String) {
  webhookSubscriptions(first: $first, after: $after) { nodes { id topic uri format } pageInfo { hasNextPage endCursor } }
}`

export const WEBHOOK_CREATE = `mutation CrossdockWebhookCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {
    webhookSubscription { id topic uri }
    userErrors { field message }
  }
}`

export const WEBHOOK_UPDATE = `mutation CrossdockWebhookUpdate($id: ID!, $uri: String!) {
  webhookSubscriptionUpdate(id: $id, webhookSubscription: { uri: $uri, format: JSON }) {
    webhookSubscription { id topic uri }
    userErrors { field message }
  }
}`

/** All documents, by name, for the validation test. */
export const DOCUMENTS: Record<string, string> = {
  SHOP,
  LOCATIONS,
  PRODUCTS,
  PRODUCT_VARIANTS,
  BULK_CATALOG_QUERY,
  BULK_RUN,
  BULK_POLL,
  INVENTORY_LEVELS,
  LEVELS_BY_ITEMS,
  ITEMS_BY_VARIANTS,
  VARIANTS_BY_SKU,
  INVENTORY_SET,
  ORDERS,
  ORDER_LINES,
  ORDER_FULFILLMENT_ORDERS,
  FULFILLMENT_CREATE,
  PRODUCT_SET,
  WEBHOOK_SUBSCRIPTIONS,
  WEBHOOK_CREATE,
  WEBHOOK_UPDATE,
}
