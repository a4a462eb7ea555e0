// Root resolvers: the query fields and mutations the connector (and the recorded captures) use,
// over the in-memory store. Anything else in the real schema validates but resolves to null.
import type { GraphQLResolveInfo } from 'graphql'
import { bulkView, type BulkRunner } from './bulk.ts'
import { type ConnectionArgs } from './connection.ts'
import { productSet } from './mutations-catalog.ts'
import { inventorySetQuantities, type PushedInventoryCall } from './mutations-inventory.ts'
import {
  subscriptionCreate,
  subscriptionDelete,
  subscriptionsConnection,
  subscriptionUpdate,
  subscriptionView,
} from './mutations-webhooks.ts'
import { cancelFulfillment, createFulfillment, updateTracking, type FulfillmentInput } from './order-ops.ts'
import {
  count,
  itemSearch,
  itemView,
  levelView,
  locationView,
  page,
  PRODUCT_SEARCH,
  productView,
  searched,
  shopView,
  variantSearch,
  variantView,
  type SandboxContext,
} from './views-catalog.ts'
import { fulfillmentOrderView, fulfillmentView, ORDER_SEARCH, orderView } from './views-orders.ts'

type Args = ConnectionArgs & { query?: string | null }

export interface ResolverServices {
  bulk: BulkRunner
  allowHttpCallbacks: boolean
  pushed: { inventory: PushedInventoryCall[]; mutations: { name: string; at: string; variables: unknown }[] }
}

/** Any object by gid, for node/nodes. */
export function nodeById(ctx: SandboxContext, id: string): unknown {
  const s = ctx.store
  const type = /^gid:\/\/shopify\/(\w+)\//.exec(id)?.[1]
  switch (type) {
    case 'Product': {
      const r = s.products.get(id)
      return r ? productView(ctx, r) : null
    }
    case 'ProductVariant': {
      const r = s.variants.get(id)
      return r ? variantView(ctx, r) : null
    }
    case 'InventoryItem': {
      const r = s.items.get(id)
      return r ? itemView(ctx, r) : null
    }
    case 'InventoryLevel': {
      const r = [...s.levels.values()].find((l) => l.id === id)
      return r ? levelView(ctx, r) : null
    }
    case 'Location': {
      const r = s.locations.get(id)
      return r ? locationView(ctx, r) : null
    }
    case 'Order': {
      const r = s.orders.get(id)
      return r ? orderView(ctx, r) : null
    }
    case 'FulfillmentOrder': {
      const r = s.fulfillmentOrders.get(id)
      return r ? fulfillmentOrderView(ctx, r) : null
    }
    case 'Fulfillment': {
      const r = s.fulfillments.get(id)
      return r ? fulfillmentView(ctx, r) : null
    }
    case 'WebhookSubscription': {
      const r = s.subscriptions.get(id)
      return r ? subscriptionView(r) : null
    }
    case 'BulkOperation': {
      const r = s.bulkOperations.get(id)
      return r ? bulkView(r, ctx.baseUrl) : null
    }
    case 'Shop':
      return id === s.shop.id ? shopView(ctx) : null
    default:
      return null
  }
}

export function createRootValue(services: ResolverServices): Record<string, unknown> {
  const q =
    (fn: (ctx: SandboxContext, args: any, info: GraphQLResolveInfo) => unknown) =>
    (args: any, ctx: SandboxContext, info: GraphQLResolveInfo) =>
      fn(ctx, args, info)
  const logged = (name: string, fn: (ctx: SandboxContext, args: any, info: GraphQLResolveInfo) => unknown) =>
    q((ctx, args, info) => {
      services.pushed.mutations.push({ name, at: ctx.store.now(), variables: args })
      return fn(ctx, args, info)
    })
  const root: Record<string, unknown> = {
    // ---- queries
    shop: q((ctx) => shopView(ctx)),
    node: q((ctx, a: { id: string }) => nodeById(ctx, a.id)),
    nodes: q((ctx, a: { ids: string[] }) => a.ids.map((id) => nodeById(ctx, id))),
    locations: q((ctx, a: Args & { includeInactive?: boolean }) =>
      page(
        ctx,
        searched(
          ctx,
          [...ctx.store.locations.values()].filter((l) => l.isActive || a.includeInactive),
          a,
          { name: (l) => l.name, id: (l) => l.legacyId },
          'locations',
        ),
        a,
        (l) => locationView(ctx, l),
      ),
    ),
    location: q((ctx, a: { id?: string }) => {
      const l = a.id ? ctx.store.locations.get(a.id) : ctx.store.primaryLocation()
      return l ? locationView(ctx, l) : null
    }),
    products: q((ctx, a: Args) =>
      page(ctx, searched(ctx, [...ctx.store.products.values()], a, PRODUCT_SEARCH, 'products'), a, (p) =>
        productView(ctx, p),
      ),
    ),
    productsCount: q((ctx, a: Args) =>
      count(searched(ctx, [...ctx.store.products.values()], a, PRODUCT_SEARCH, 'productsCount').length),
    ),
    product: q((ctx, a: { id: string }) => nodeById(ctx, a.id)),
    productByIdentifier: q((ctx, a: { identifier: { id?: string; handle?: string } }) => {
      const p = a.identifier.id
        ? ctx.store.products.get(a.identifier.id)
        : [...ctx.store.products.values()].find((x) => x.handle === a.identifier.handle)
      return p ? productView(ctx, p) : null
    }),
    productVariants: q((ctx, a: Args) =>
      page(
        ctx,
        searched(ctx, [...ctx.store.variants.values()], a, variantSearch(ctx.store), 'productVariants'),
        a,
        (v) => variantView(ctx, v),
      ),
    ),
    productVariant: q((ctx, a: { id: string }) => nodeById(ctx, a.id)),
    inventoryItems: q((ctx, a: Args) =>
      page(ctx, searched(ctx, [...ctx.store.items.values()], a, itemSearch(ctx.store), 'inventoryItems'), a, (i) =>
        itemView(ctx, i),
      ),
    ),
    inventoryItem: q((ctx, a: { id: string }) => nodeById(ctx, a.id)),
    inventoryLevel: q((ctx, a: { id: string }) => nodeById(ctx, a.id)),
    orders: q((ctx, a: Args) =>
      page(ctx, searched(ctx, [...ctx.store.orders.values()], a, ORDER_SEARCH, 'orders'), a, (o) => orderView(ctx, o)),
    ),
    ordersCount: q((ctx, a: Args) =>
      count(searched(ctx, [...ctx.store.orders.values()], a, ORDER_SEARCH, 'ordersCount').length),
    ),
    order: q((ctx, a: { id: string }) => nodeById(ctx, a.id)),
    fulfillmentOrder: q((ctx, a: { id: string }) => nodeById(ctx, a.id)),
    fulfillment: q((ctx, a: { id: string }) => nodeById(ctx, a.id)),
    webhookSubscriptions: q((ctx, a) => subscriptionsConnection(ctx, a)),
    webhookSubscription: q((ctx, a: { id: string }) => nodeById(ctx, a.id)),
    webhookSubscriptionsCount: q((ctx) => count(ctx.store.subscriptions.size)),
    currentBulkOperation: q((ctx) => {
      const ops = [...ctx.store.bulkOperations.values()]
      return ops.length ? bulkView(ops.at(-1)!, ctx.baseUrl) : null
    }),
    bulkOperation: q((ctx, a: { id: string }) => nodeById(ctx, a.id)),
    // ---- mutations
    inventorySetQuantities: logged('inventorySetQuantities', (ctx, a, info) =>
      inventorySetQuantities(ctx, a, info, services.pushed.inventory),
    ),
    productSet: logged('productSet', (ctx, a) => productSet(ctx, a)),
    fulfillmentCreate: logged('fulfillmentCreate', (ctx, a: { fulfillment: FulfillmentInput }) => {
      const r = createFulfillment(ctx.store, a.fulfillment)
      return { fulfillment: r.fulfillment ? fulfillmentView(ctx, r.fulfillment) : null, userErrors: r.userErrors }
    }),
    fulfillmentTrackingInfoUpdate: logged(
      'fulfillmentTrackingInfoUpdate',
      (ctx, a: { fulfillmentId: string; trackingInfoInput: NonNullable<FulfillmentInput['trackingInfo']> }) => {
        const f = ctx.store.fulfillments.get(a.fulfillmentId)
        if (!f)
          return {
            fulfillment: null,
            userErrors: [{ field: ['fulfillmentId'], message: 'Fulfillment does not exist.' }],
          }
        const r = updateTracking(ctx.store, f, a.trackingInfoInput)
        return { fulfillment: r.fulfillment ? fulfillmentView(ctx, r.fulfillment) : null, userErrors: r.userErrors }
      },
    ),
    fulfillmentCancel: logged('fulfillmentCancel', (ctx, a: { id: string }) => {
      const f = ctx.store.fulfillments.get(a.id)
      if (!f) return { fulfillment: null, userErrors: [{ field: ['id'], message: 'Fulfillment does not exist.' }] }
      const r = cancelFulfillment(ctx.store, f)
      return { fulfillment: r.fulfillment ? fulfillmentView(ctx, r.fulfillment) : null, userErrors: r.userErrors }
    }),
    webhookSubscriptionCreate: logged('webhookSubscriptionCreate', (ctx, a) =>
      subscriptionCreate(ctx, a, ctx.version, services.allowHttpCallbacks),
    ),
    webhookSubscriptionUpdate: logged('webhookSubscriptionUpdate', (ctx, a) =>
      subscriptionUpdate(ctx, a, services.allowHttpCallbacks),
    ),
    webhookSubscriptionDelete: logged('webhookSubscriptionDelete', (ctx, a) => subscriptionDelete(ctx, a)),
    bulkOperationRunQuery: logged('bulkOperationRunQuery', (ctx, a) => services.bulk.run(ctx, a, ctx.schema, root)),
  }
  return root
}
