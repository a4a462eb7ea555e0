// Webhook subscriptions: subscribe the topics the hub uses to its callback URL, and on demand
// list what Shopify has and repair it (a subscription pointing elsewhere is moved back; one that
// Shopify deleted after repeated delivery failures is created again). The compliance topics
// (customers/data_request, customers/redact, shop/redact) are not in WebhookSubscriptionTopic:
// they are configured in the app (Partner Dashboard or shopify.app.toml), not through the API.
import { CrossdockError } from '../../errors.ts'
import { shopifyClient, type ShopifyContext, type ShopifyGraphql } from './client.ts'
import { WEBHOOK_CREATE, WEBHOOK_SUBSCRIPTIONS, WEBHOOK_UPDATE } from './documents.ts'
import { pages, PageSizer, costTarget, type Connection } from './paging.ts'

/** WebhookSubscriptionTopic values the hub subscribes, with the X-Shopify-Topic they arrive as. */
export const WEBHOOK_TOPICS: Record<string, string> = {
  ORDERS_CREATE: 'orders/create',
  ORDERS_UPDATED: 'orders/updated',
  ORDERS_CANCELLED: 'orders/cancelled',
  INVENTORY_LEVELS_UPDATE: 'inventory_levels/update',
  PRODUCTS_CREATE: 'products/create',
  PRODUCTS_UPDATE: 'products/update',
  PRODUCTS_DELETE: 'products/delete',
  FULFILLMENTS_CREATE: 'fulfillments/create',
  APP_UNINSTALLED: 'app/uninstalled',
}

interface Subscription {
  id: string
  topic: string
  uri: string
  format: string
}
type Result = { topic: string; status: 'created' | 'exists' | 'repaired' }
type MutationPayload = {
  webhookSubscription: { id: string } | null
  userErrors: { field: string[] | null; message: string }[]
}

async function listSubscriptions(client: ShopifyGraphql): Promise<Subscription[]> {
  const out: Subscription[] = []
  for await (const page of pages<{ webhookSubscriptions: Connection<Subscription> }, Subscription>(
    client,
    'webhookSubscriptions',
    WEBHOOK_SUBSCRIPTIONS,
    {},
    (d) => d.webhookSubscriptions,
    new PageSizer(100, costTarget(client)),
  )) {
    out.push(...page.nodes)
  }
  return out
}

function refused(topic: string, p: MutationPayload): CrossdockError {
  return new CrossdockError(
    'CONNECTOR_REJECTED',
    `Shopify refused the ${topic} subscription: ${p.userErrors.map((e) => e.message).join('; ')}`,
    { details: { topic, userErrors: p.userErrors } },
  )
}

export async function registerWebhooks(ctx: ShopifyContext, callbackUrl: string): Promise<Result[]> {
  const client = shopifyClient(ctx)
  const existing = await listSubscriptions(client)
  const results: Result[] = []
  for (const [topic, header] of Object.entries(WEBHOOK_TOPICS)) {
    const mine = existing.filter((s) => s.topic === topic)
    if (mine.some((s) => s.uri === callbackUrl)) {
      results.push({ topic: header, status: 'exists' })
      continue
    }
    const stray = mine[0]
    if (stray) {
      const { data } = await client.call<{ webhookSubscriptionUpdate: MutationPayload }>(
        'webhookSubscriptionUpdate',
        WEBHOOK_UPDATE,
        { id: stray.id, uri: callbackUrl },
        { estimate: 10 },
      )
      if (!data.webhookSubscriptionUpdate.webhookSubscription) throw refused(header, data.webhookSubscriptionUpdate)
      results.push({ topic: header, status: 'repaired' })
      continue
    }
    const { data } = await client.call<{ webhookSubscriptionCreate: MutationPayload }>(
      'webhookSubscriptionCreate',
      WEBHOOK_CREATE,
      { topic, uri: callbackUrl },
      { estimate: 10 },
    )
    if (!data.webhookSubscriptionCreate.webhookSubscription) throw refused(header, data.webhookSubscriptionCreate)
    results.push({ topic: header, status: 'created' })
  }
  return results
}
