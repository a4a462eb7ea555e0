// The demo's buyers and goods-in: every few seconds an order on the Shopify store or on Amazon
// (US or DE), placed through the sandboxes' control endpoints as a buyer would place it; after
// each, the hub is asked to pull that channel's orders now, and the warehouses' shipments (what a
// webhook would otherwise prompt). Every half minute the ERP books a goods receipt, sent to the
// hub as a signed stock movement, and the warehouse that received it counts the same units.
import type { DemoSandboxes } from './sandboxes.ts'
import { ARTICLES, EU_BUYERS, US_BUYERS, type Buyer } from './catalog.ts'
import type { HubClient } from './client.ts'
import type { DemoConnections } from './setup.ts'
import { EU_FACILITY, US_FACILITY } from './sandboxes.ts'

export interface TrafficOptions {
  orderEveryMs: number
  receiptEveryMs: number
  log?: (line: string) => void
  /** pick numbers; the default is Math.random, tests may pass a seeded one */
  random?: () => number
}

export interface Traffic {
  placed: number
  stop(): void
}

async function post(url: string, body: unknown): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${url} → ${res.status} ${text}`)
  return text ? JSON.parse(text) : null
}

export function startTraffic(hub: HubClient, sb: DemoSandboxes, conns: DemoConnections, opts: TrafficOptions): Traffic {
  const random = opts.random ?? Math.random
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!
  const log = opts.log ?? (() => undefined)
  let tick = 0
  const state: Traffic = { placed: 0, stop: () => undefined }

  const lines = () => {
    // every fifth order is the tea set: tea from the EU, chopsticks from the US, a split
    if (tick % 5 === 0)
      return ['SENCHA-100G', 'CHOPSTICKS-5'].map((sku) => ({
        article: ARTICLES.find((a) => a.sku === sku)!,
        quantity: 1,
      }))
    const first = pick(ARTICLES)
    const out = [
      {
        article: first,
        quantity: first.sku === 'TEAPOT-1L' ? 1 + Math.floor(random() * 3) : 1 + Math.floor(random() * 2),
      },
    ]
    if (random() < 0.35) {
      const second = pick(ARTICLES.filter((a) => a !== first))
      out.push({ article: second, quantity: 1 })
    }
    return out
  }

  const nudge = (connectionId: string, stream: string) =>
    hub.call('POST', `/connections/${connectionId}/streams/${stream}/sync`).catch(() => undefined)

  const shopifyOrder = async (buyer: Buyer) => {
    const [first, ...last] = buyer.name.split(' ')
    const o = await post(`${sb.shopify.url}/__control/orders`, {
      lines: lines().map((l) => ({ sku: l.article.sku, quantity: l.quantity })),
      email: `${first!.toLowerCase()}@example.com`,
      shipping: '4.90',
      taxRate: buyer.country === 'US' ? '0.08' : '0.19',
      ...(buyer.country === 'US' ? {} : { presentmentCurrency: 'EUR' }),
      shippingAddress: {
        firstName: first,
        lastName: last.join(' '),
        address1: buyer.line1,
        city: buyer.city,
        provinceCode: buyer.region,
        zip: buyer.postalCode,
        countryCode: buyer.country,
      },
    })
    log(`shopify  ${o.name} → ${buyer.city}, ${buyer.country}`)
    await nudge(conns.shopify, 'orders')
  }

  const amazonOrder = async (marketplace: 'US' | 'DE', buyer: Buyer) => {
    const o = await post(`${sb.amazon.url}/__control/orders`, {
      marketplace,
      buyer: { name: buyer.name, email: `${buyer.name.split(' ')[0]!.toLowerCase()}@marketplace.amazon.example` },
      address: {
        name: buyer.name,
        line1: buyer.line1,
        city: buyer.city,
        region: buyer.region,
        postalCode: buyer.postalCode,
        country: buyer.country,
      },
      items: lines().map((l) => ({
        sku: l.article.sku,
        quantity: l.quantity,
        unitPrice: marketplace === 'US' ? l.article.usd : l.article.eur,
        shipping: marketplace === 'US' ? '3.99' : '2.99',
      })),
    })
    log(`amazon   ${o.orderId} (${marketplace}) → ${buyer.city}, ${buyer.country}`)
    await nudge(conns.amazon, 'orders')
  }

  const placeOne = async () => {
    tick++
    switch (tick % 3) {
      case 1:
        await shopifyOrder(random() < 0.7 ? pick(US_BUYERS) : pick(EU_BUYERS))
        break
      case 2:
        await amazonOrder('US', pick(US_BUYERS))
        break
      default:
        await amazonOrder('DE', pick(EU_BUYERS.filter((b) => b.country === 'DE')))
    }
    state.placed++
    // what the warehouses did since: shipments (with tracking) and order statuses
    await Promise.all([nudge(conns.warehouseUs, 'shipments'), nudge(conns.warehouseEu, 'shipments')])
    if (tick % 3 === 0) await Promise.all([nudge(conns.warehouseUs, 'orders'), nudge(conns.warehouseEu, 'orders')])
  }

  const receipt = async () => {
    const a = pick(ARTICLES)
    const where =
      random() < 0.5
        ? { erp: 'US1', facility: US_FACILITY.id, sandbox: sb.warehouseUs }
        : { erp: 'EU1', facility: EU_FACILITY.id, sandbox: sb.warehouseEu }
    const units = 10 + Math.floor(random() * 11)
    const row = where.sandbox.state.stockRows().find((r) => r.product.sku === a.sku && r.facility.id === where.facility)
    where.sandbox.control.seedStock([
      { facilityId: where.facility, sku: a.sku, onHand: (row?.onHand ?? 0) + units, name: a.name },
    ])
    await sb.erp.control.send({
      type: 'stock_delta',
      format: 'json',
      movements: [{ sku: a.sku, warehouse: where.erp, quantity: units }],
    })
    log(`erp      goods receipt: +${units} ${a.sku} at ${where.erp}`)
  }

  const safe = (what: string, fn: () => Promise<void>) => () => {
    fn().catch((err) => log(`${what} failed: ${(err as Error).message}`))
  }
  const orders = setInterval(safe('order', placeOne), opts.orderEveryMs)
  const receipts = setInterval(safe('receipt', receipt), opts.receiptEveryMs)
  safe('order', placeOne)()
  state.stop = () => {
    clearInterval(orders)
    clearInterval(receipts)
  }
  return state
}
