// webhookSubscriptionCreate / Update / Delete and the subscription views. userError wording from
// captures 2026-04/webhooks/*.json. Shopify refuses plain http:// addresses ("Address protocol
// http:// is not supported"); the sandbox lets loopback addresses through (tests, the local demo)
// and others only when the sandbox is started with allowHttpCallbacks.
import type { ConnectionArgs } from './connection.ts'
import type { SubscriptionRec } from './store.ts'
import { page, searched, type SandboxContext } from './views-catalog.ts'

/** WebhookSubscriptionTopic enum value → the topic header value (ORDERS_CREATE → orders/create). */
export function topicHeader(topic: string): string {
  const special: Record<string, string> = {
    ORDERS_PARTIALLY_FULFILLED: 'orders/partially_fulfilled',
    APP_UNINSTALLED: 'app/uninstalled',
    APP_SCOPES_UPDATE: 'app/scopes_update',
    BULK_OPERATIONS_FINISH: 'bulk_operations/finish',
    SHOP_UPDATE: 'shop/update',
  }
  if (special[topic]) return special[topic]
  const at = topic.lastIndexOf('_')
  return `${topic.slice(0, at).toLowerCase()}/${topic.slice(at + 1).toLowerCase()}`
}

export function subscriptionView(s: SubscriptionRec) {
  return {
    __typename: 'WebhookSubscription',
    id: s.id,
    legacyResourceId: s.legacyId,
    topic: s.topic,
    uri: s.uri,
    callbackUrl: s.uri,
    format: s.format,
    includeFields: s.includeFields,
    metafieldNamespaces: s.metafieldNamespaces,
    metafields: [],
    filter: s.filter,
    name: s.name,
    apiVersion: { handle: s.apiVersion, displayName: s.apiVersion, supported: true },
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: s.uri },
  }
}

interface SubscriptionInput {
  uri?: string | null
  callbackUrl?: string | null
  format?: 'JSON' | 'XML' | null
  includeFields?: string[] | null
  filter?: string | null
  metafieldNamespaces?: string[] | null
  name?: string | null
}

type UserError = { field: string[]; message: string }

function checkUri(uri: string | null | undefined, allowHttp: boolean): UserError[] {
  const field = ['webhookSubscription', 'callbackUrl']
  if (!uri || !uri.trim()) return [{ field, message: "Address can't be blank" }]
  let url: URL
  try {
    url = new URL(uri.trim())
  } catch {
    return [{ field, message: 'Address is invalid' }]
  }
  if (url.protocol === 'https:') return []
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  if (url.protocol === 'http:' && (loopback || allowHttp)) return []
  return [{ field, message: `Address protocol ${url.protocol}// is not supported` }]
}

export function subscriptionCreate(
  ctx: SandboxContext,
  args: { topic: string; webhookSubscription: SubscriptionInput },
  version: string,
  allowHttp: boolean,
) {
  const input = args.webhookSubscription
  const uri = (input.uri ?? input.callbackUrl ?? '').trim()
  const errors = checkUri(uri, allowHttp)
  if (!errors.length && [...ctx.store.subscriptions.values()].some((s) => s.topic === args.topic && s.uri === uri)) {
    errors.push({
      field: ['webhookSubscription', 'callbackUrl'],
      message: 'Address for this topic has already been taken',
    })
  }
  if (errors.length) return { webhookSubscription: null, userErrors: errors }
  const now = ctx.store.now()
  const rec: SubscriptionRec = {
    ...ctx.store.newId('WebhookSubscription'),
    topic: args.topic,
    uri,
    format: input.format ?? 'JSON',
    includeFields: input.includeFields ?? [],
    metafieldNamespaces: input.metafieldNamespaces ?? [],
    filter: input.filter ?? '',
    name: input.name ?? null,
    apiVersion: version,
    createdAt: now,
    updatedAt: now,
  }
  ctx.store.subscriptions.set(rec.id, rec)
  return { webhookSubscription: subscriptionView(rec), userErrors: [] }
}

export function subscriptionUpdate(
  ctx: SandboxContext,
  args: { id: string; webhookSubscription: SubscriptionInput },
  allowHttp: boolean,
) {
  const rec = ctx.store.subscriptions.get(args.id)
  if (!rec)
    return {
      webhookSubscription: null,
      userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
    }
  const input = args.webhookSubscription
  const uri = input.uri ?? input.callbackUrl
  if (uri !== undefined && uri !== null) {
    const errors = checkUri(uri, allowHttp)
    if (errors.length) return { webhookSubscription: null, userErrors: errors }
    rec.uri = uri.trim()
  }
  if (input.format) rec.format = input.format
  if (input.includeFields) rec.includeFields = input.includeFields
  if (input.filter !== undefined && input.filter !== null) rec.filter = input.filter
  rec.updatedAt = ctx.store.now()
  return { webhookSubscription: subscriptionView(rec), userErrors: [] }
}

export function subscriptionDelete(ctx: SandboxContext, args: { id: string }) {
  if (!ctx.store.subscriptions.delete(args.id))
    return {
      deletedWebhookSubscriptionId: null,
      userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
    }
  return { deletedWebhookSubscriptionId: args.id, userErrors: [] }
}

export function subscriptionsConnection(
  ctx: SandboxContext,
  args: ConnectionArgs & {
    query?: string | null
    topics?: string[] | null
    uri?: string | null
    callbackUrl?: string | null
  },
) {
  let items = [...ctx.store.subscriptions.values()]
  if (args.topics?.length) items = items.filter((s) => args.topics!.includes(s.topic))
  const uri = args.uri ?? args.callbackUrl
  if (uri) items = items.filter((s) => s.uri === uri)
  items = searched(
    ctx,
    items,
    args,
    { id: (s) => s.legacyId, topic: (s) => s.topic, created_at: (s) => s.createdAt, updated_at: (s) => s.updatedAt },
    'webhookSubscriptions',
  )
  return page(ctx, items, args, subscriptionView)
}
