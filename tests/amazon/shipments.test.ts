// MFN shipment confirmation against the sandbox: confirmed with carrier, tracking and ship date;
// a retry edits the same package instead of shipping twice; FBA orders and bad input are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amazonConnector } from '../../src/connectors/amazon/index.ts'
import { carrierFields, packageReferenceId } from '../../src/connectors/amazon/shipments.ts'
import type { ShipmentPushItem } from '../../src/connectors/types.ts'
import type { Order } from '../../src/model/index.ts'
import { collect, contextFor, minutesAgo, startSandbox, type Sandbox, JP, US } from './helpers.ts'

let sb: Sandbox
beforeAll(async () => {
  sb = await startSandbox({ rateScale: 200 })
})
afterAll(async () => {
  await sb.close()
})

async function pulledOrder(ctx: ReturnType<typeof contextFor>, orderId: string): Promise<Order> {
  const pages = await collect(amazonConnector.pull!(ctx, 'orders', null))
  const found = pages.flatMap((p) => p.items).find((i) => i.externalId === orderId)
  return found!.records![0]!.value as Order
}

function shipment(
  order: Order,
  key: string,
  lines: { index: number; quantity: number }[],
  carrier = 'UPS',
): ShipmentPushItem {
  return {
    key,
    order,
    orderExternalId: order.externalId,
    shipment: {
      externalId: `ship-${key}`,
      carrier,
      trackingNumber: `1Z${key.toUpperCase()}0001`,
      shippedAt: minutesAgo(1),
      lines: lines.map((l) => ({ sku: order.lines[l.index]!.sku, quantity: l.quantity })),
    },
    lines: lines.map((l) => ({
      externalLineId: order.lines[l.index]!.externalLineId,
      sku: order.lines[l.index]!.sku,
      quantity: l.quantity,
    })),
  }
}

describe('confirmShipment', () => {
  it('confirms an MFN order with carrier, tracking number and ship date; the order becomes shipped', async () => {
    sb.control.reset()
    const placed = sb.control.placeOrder({
      marketplace: 'US',
      purchaseDate: minutesAgo(60),
      items: [
        { sku: 'MUG', quantity: 2, unitPrice: '5.00' },
        { sku: 'CUP', quantity: 1, unitPrice: '2.00' },
      ],
    })
    const ctx = contextFor(sb)
    const order = await pulledOrder(ctx, placed.orderId)
    const [first] = await amazonConnector.push!(ctx, 'shipments', [shipment(order, 'a', [{ index: 0, quantity: 2 }])])
    expect(first).toMatchObject({
      key: 'a',
      status: 'ok',
      externalId: `${placed.orderId}:${packageReferenceId('ship-a')}`,
    })
    expect(sb.control.order(placed.orderId).status).toBe('PartiallyShipped')
    const [second] = await amazonConnector.push!(ctx, 'shipments', [
      shipment(order, 'b', [{ index: 1, quantity: 1 }], 'Yamato'),
    ])
    expect(second!.status).toBe('ok')
    const o = sb.control.order(placed.orderId)
    expect(o.status).toBe('Shipped')
    expect(o.packages.map((p) => [p.carrierCode, p.trackingNumber, p.items])).toEqual([
      ['UPS', '1ZA0001', [{ orderItemId: order.lines[0]!.externalLineId, quantity: 2 }]],
      ['Yamato Transport', '1ZB0001', [{ orderItemId: order.lines[1]!.externalLineId, quantity: 1 }]],
    ])
    expect(sb.state.shipments).toHaveLength(2)
  })

  it('a retry of the same shipment edits its package, it does not ship twice', async () => {
    sb.control.reset()
    const placed = sb.control.placeOrder({
      marketplace: 'JP',
      purchaseDate: minutesAgo(60),
      items: [{ sku: 'MUG', quantity: 3, unitPrice: '1500' }],
    })
    const ctx = contextFor(sb, { marketplaceIds: [JP] })
    const order = await pulledOrder(ctx, placed.orderId)
    const item = shipment(order, 'same', [{ index: 0, quantity: 2 }], 'Japan Post')
    expect((await amazonConnector.push!(ctx, 'shipments', [item]))[0]!.status).toBe('ok')
    expect((await amazonConnector.push!(ctx, 'shipments', [item]))[0]!.status).toBe('ok')
    const o = sb.control.order(placed.orderId)
    expect(o.packages).toHaveLength(1)
    expect(o.items[0]!.quantityShipped).toBe(2)
    expect(o.status).toBe('PartiallyShipped')
  })

  it("refuses FBA orders and reports Amazon's reason for a bad confirmation", async () => {
    sb.control.reset()
    const afn = sb.control.placeOrder({
      marketplace: 'US',
      fulfillmentChannel: 'AFN',
      purchaseDate: minutesAgo(60),
      items: [{ sku: 'MUG', quantity: 1, unitPrice: '5.00' }],
    })
    const mfn = sb.control.placeOrder({
      marketplace: 'US',
      purchaseDate: minutesAgo(60),
      items: [{ sku: 'MUG', quantity: 1, unitPrice: '5.00' }],
    })
    const ctx = contextFor(sb)
    const afnOrder = await pulledOrder(ctx, afn.orderId)
    const mfnOrder = await pulledOrder(ctx, mfn.orderId)
    const results = await amazonConnector.push!(ctx, 'shipments', [
      shipment(afnOrder, 'fba', [{ index: 0, quantity: 1 }]),
      shipment(mfnOrder, 'toomany', [{ index: 0, quantity: 5 }]),
    ])
    expect(results[0]).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED' } })
    expect(results[1]).toMatchObject({ status: 'rejected', error: { code: 'CONNECTOR_REJECTED' } })
    expect(results[1]!.error!.message).toContain('more than is left to ship')
    expect(sb.state.requests.confirmShipment).toBe(1)
  })

  it.each([
    ['UPS', { carrierCode: 'UPS' }],
    ['fedex', { carrierCode: 'FedEx' }],
    ['DHL Express', { carrierCode: 'DHL' }],
    ['Sagawa', { carrierCode: 'Sagawa Express' }],
    ["Bob's Couriers", { carrierCode: 'Other', carrierName: "Bob's Couriers" }],
  ])('carrier %s → %j', (carrier, fields) => {
    expect(carrierFields(carrier)).toEqual(fields)
  })

  it('package reference ids are positive numeric strings, stable per shipment', () => {
    for (const k of ['a', 'ship-1', '00000000-0000-0000-0000-000000000000', '']) {
      expect(packageReferenceId(k)).toMatch(/^[1-9]\d*$/)
      expect(packageReferenceId(k)).toBe(packageReferenceId(k))
    }
    expect(packageReferenceId('a')).not.toBe(packageReferenceId('b'))
    expect(US).toBeTruthy()
  })
})
