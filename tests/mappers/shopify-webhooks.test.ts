// Webhooks as Shopify really delivers them: the same event under two webhook ids (two
// subscriptions) is one delivery, a retry is the same delivery, a late products/update carries an
// older ordering key than the copy held, and customers/redact names the buyer by id and email.
import { describe, expect, it } from 'vitest'
import {
  privacyRequestFromShopify,
  productFromRest,
  productFromShopify,
  shopifyDedupeKey,
  shopifyOrderingKey,
} from '../../src/mappers/shopify/index.ts'
import { isStale } from '../../src/model/index.ts'

describe('the de-duplication key (shopify.dev/apps/build/webhooks/ignore-duplicates)', () => {
  const key = shopifyDedupeKey
  it.each([
    [
      'one event through two subscriptions (two webhook ids) is one delivery',
      { topic: 'orders/create', eventId: 'e-1', webhookId: 'w-a' },
      { topic: 'orders/create', eventId: 'e-1', webhookId: 'w-b' },
      true,
    ],
    [
      'a retry keeps its webhook id and event id',
      { topic: 'orders/create', eventId: 'e-1', webhookId: 'w-a' },
      { topic: 'orders/create', eventId: 'e-1', webhookId: 'w-a' },
      true,
    ],
    [
      'one event id on two topics is two deliveries to handle',
      { topic: 'orders/create', eventId: 'e-1', webhookId: 'w-a' },
      { topic: 'orders/paid', eventId: 'e-1', webhookId: 'w-c' },
      false,
    ],
    [
      'two events on one webhook subscription are two deliveries',
      { topic: 'orders/updated', eventId: 'e-1', webhookId: 'w-a' },
      { topic: 'orders/updated', eventId: 'e-2', webhookId: 'w-b' },
      false,
    ],
    [
      'without an event id, the webhook id decides',
      { topic: 'orders/create', webhookId: 'w-a' },
      { topic: 'orders/create', eventId: ' ', webhookId: 'w-a' },
      true,
    ],
  ])('%s', (_name, a, b, same) => {
    expect(key(a)).toBeDefined()
    expect(key(a) === key(b)).toBe(same)
  })

  it('the forms of the key, and none without either id', () => {
    expect(key({ topic: 'products/update', eventId: '98880550-7158-44d4-b7cd-2c97c8a091b5', webhookId: 'w' })).toBe(
      'event:products/update:98880550-7158-44d4-b7cd-2c97c8a091b5',
    )
    expect(key({ topic: 'products/update', eventId: null, webhookId: 'b54557e4' })).toBe('webhook:b54557e4')
    expect(key({ topic: 'products/update' })).toBeUndefined()
  })
})

describe('the ordering key: a late products/update never overwrites a newer one', () => {
  it.each([
    [
      'updated_at with the shop’s offset, in UTC',
      { updated_at: '2026-07-01T06:00:00-04:00' },
      '2026-07-01T11:00:00Z',
      '2026-07-01T10:00:00.000Z',
    ],
    ['a GraphQL updatedAt', { updatedAt: '2026-07-01T10:00:00Z' }, undefined, '2026-07-01T10:00:00.000Z'],
    [
      'no updated_at (includeFields): X-Shopify-Triggered-At',
      {},
      '2026-07-01T11:00:00.123Z',
      '2026-07-01T11:00:00.123Z',
    ],
    [
      'an unreadable updated_at: X-Shopify-Triggered-At',
      { updated_at: 'yesterday' },
      '2026-07-01T11:00:00Z',
      '2026-07-01T11:00:00.000Z',
    ],
    ['neither', {}, undefined, undefined],
  ])('%s', (_name, record, triggeredAt, want) => {
    expect(shopifyOrderingKey(record, triggeredAt)).toBe(want)
  })

  it('a retried products/update (original payload) is stale against the newer product the hub holds', () => {
    const body = (title: string, updated_at: string) => ({
      id: 1,
      title,
      handle: 'mug',
      updated_at,
      variants: [{ id: 11, sku: 'MUG' }],
    })
    const ctx = { connectionId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', shopCurrency: 'USD' }
    const newer = productFromShopify(productFromRest(body('Mug v2', '2026-07-01T10:05:00Z')), ctx).product!
    const late = body('Mug v1', '2026-07-01T06:00:00-04:00')
    expect(isStale(newer.updatedAt, shopifyOrderingKey(late, '2026-07-01T10:00:01Z'))).toBe(true)
    expect(isStale(newer.updatedAt, shopifyOrderingKey(body('Mug v3', '2026-07-01T10:06:00Z')))).toBe(false)
  })
})

describe('compliance topics', () => {
  it.each([
    [
      'customers/redact: customer id and email both, and the orders named',
      'customers/redact',
      {
        shop_id: 954889,
        customer: { id: 191167, email: 'john@example.com', phone: '555-625-1199' },
        orders_to_redact: [299938, 280263],
      },
      {
        action: 'customer_redact',
        email: 'john@example.com',
        externalCustomerId: 'gid://shopify/Customer/191167',
        orderExternalIds: ['gid://shopify/Order/299938', 'gid://shopify/Order/280263'],
      },
    ],
    [
      'customers/redact of a buyer known only by id',
      'customers/redact',
      { customer: { id: '191167', email: null } },
      { action: 'customer_redact', externalCustomerId: 'gid://shopify/Customer/191167', orderExternalIds: [] },
    ],
    [
      'customers/data_request',
      'customers/data_request',
      { customer: { id: 191167, email: 'john@example.com' }, orders_requested: [299938], data_request: { id: 9999 } },
      {
        action: 'customer_data_request',
        email: 'john@example.com',
        externalCustomerId: 'gid://shopify/Customer/191167',
        orderExternalIds: ['gid://shopify/Order/299938'],
      },
    ],
    ['shop/redact', 'shop/redact', { shop_id: 954889 }, { action: 'shop_redact' }],
  ])('%s', (_name, topic, body, want) => {
    expect(privacyRequestFromShopify(topic, body)).toEqual(want)
  })

  it('another topic is not a privacy request', () => {
    expect(privacyRequestFromShopify('orders/create', {})).toBeUndefined()
  })
})
