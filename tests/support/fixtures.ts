// Small builders for canonical records used across engine tests.
import type { Order } from '../../src/model/index.ts'

export function order(
  connectionId: string,
  externalId: string,
  lines: [string, number][],
  opts: Partial<Order> & { country?: string } = {},
): Order {
  const { country, ...rest } = opts
  const total = lines.reduce((s, [, q]) => s + q * 1000, 0)
  const m = (amount: number) => ({ amount, currency: 'USD' })
  return {
    connectionId,
    externalId,
    channel: 'toy',
    status: 'open',
    currency: 'USD',
    lines: lines.map(([sku, quantity], i) => ({ externalLineId: String(i + 1), sku, quantity, unitPrice: m(1000) })),
    totals: { subtotal: m(total), shipping: m(0), tax: m(0), discount: m(0), total: m(total) },
    shippingAddress: { name: 'Buyer', line1: '1 Road', city: 'Town', postalCode: '10001', country: country ?? 'US' },
    buyer: { email: 'buyer@example.com', name: 'Buyer' },
    placedAt: '2026-11-24T12:00:00.000Z',
    ...rest,
  }
}
