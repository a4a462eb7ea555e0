// The contract with ShipBob's own OpenAPI document (2026-01): the warehouse connector runs every
// operation it uses against the sandbox (429s, a duplicate, a refusal and a lost answer included),
// and every request it sent and every answer it read — taken from the sandbox's journal — is
// checked again here, with a contract compiled afresh, against the document. The same check must
// fail when an answer is made to break the document, or it would prove nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { warehouseConnector as connector } from '../../src/connectors/warehouse/index.ts'
import { ShipBobContract } from '../../src/sandbox/warehouse/contract.ts'
import { rateLimitedBodyProblems, type JournalEntry } from '../../src/sandbox/warehouse/exchange-checks.ts'
import {
  allocation,
  collect,
  context,
  order,
  startReceiver,
  startSandbox,
  type Receiver,
  type Running,
} from '../warehouse/support.ts'

/** Every problem the document finds with one journaled exchange. */
function problems(contract: ShipBobContract, e: JournalEntry): string[] {
  const out: string[] = []
  const req = contract.validateRequest({ method: e.method, url: e.url, headers: e.headers, body: e.requestBody })
  // a request the sandbox refused was refused for these reasons: those are checked by the answer's status
  if (e.status < 400 || e.status === 429) out.push(...req.errors.map((x) => `request ${x.field}: ${x.message}`))
  out.push(...req.warnings)
  if (e.injected || !e.operation) return out
  const res =
    e.status === 429
      ? rateLimitedBodyProblems(e.responseBody)
      : contract.validateResponse(e.operation, e.status, e.responseBody)
  return [...out, ...res.map((x) => `${e.operation} ${x}`)]
}

let sb: Running
let receiver: Receiver
let journal: JournalEntry[]

beforeAll(async () => {
  receiver = await startReceiver()
  const window = { limit: 20, windowSeconds: 2 }
  sb = await startSandbox({ journal: true, rateLimit: window })
  sb.control.seedStock([
    { facilityId: 10, sku: 'MUG-BLUE', onHand: 50, name: 'Blue mug' },
    { facilityId: 20, sku: 'MUG-BLUE', onHand: 12, name: 'Blue mug' },
    ...Array.from({ length: 260 }, (_, i) => ({ facilityId: 40, sku: `TEE-${i}`, onHand: i, name: `T-shirt ${i}` })),
  ])
  const ctx = context(sb.url, { rateLimit: window })
  expect((await connector.testConnection(ctx)).ok).toBe(true)
  await connector.registerWebhooks!(ctx, receiver.url)
  await collect(connector.pull!(ctx, 'locations', null))
  // another application of the same user spends the window: the inventory pull meets a 429
  sb.control.setRateLimit({ consume: 20, token: 'pat-test-token' })
  await collect(connector.pull!(ctx, 'inventory', null))
  const shipped = allocation(order(), 'US-EAST')
  const kept = allocation(order(), 'DE-HAM')
  const [a, b] = await connector.push!(ctx, 'orders', [shipped, kept])
  expect([a!.status, b!.status]).toEqual(['ok', 'ok'])
  // a retry of the same allocation meets ShipBob's 422 duplicate and finds the order by reference
  expect((await connector.push!(ctx, 'orders', [shipped]))[0]!.status).toBe('ok')
  // an address ShipBob refuses: 400 with its field map
  const noZip = order({
    shippingAddress: { name: 'Ada', line1: '1 Main', city: 'X', postalCode: 'ABC', country: 'US' },
  })
  expect((await connector.push!(ctx, 'orders', [allocation(noZip, 'US-EAST')]))[0]!.status).toBe('rejected')
  sb.control.shipNow(shipped.key)
  await collect(connector.pull!(ctx, 'shipments', null))
  await collect(connector.pull!(ctx, 'orders', null))
  const [cancelled, refused] = await connector.push!(ctx, 'cancellations', [
    { key: 'c1', externalId: b!.externalId!, reason: 'customer' },
    { key: 'c2', externalId: a!.externalId!, reason: 'customer' },
  ])
  expect(cancelled!.status).toBe('ok')
  expect(refused!.status).not.toBe('ok')
  journal = sb.contract.journal
}, 60_000)
afterAll(async () => {
  await sb.close()
  await receiver.close()
})

describe("every exchange validates against ShipBob's OpenAPI document", () => {
  it('requests sent and answers read, for every operation the connector uses', () => {
    const contract = new ShipBobContract()
    expect(journal.flatMap((e) => problems(contract, e))).toEqual([])
    expect(sb.contract.violations).toEqual([])
    const seen = new Set(journal.map((e) => e.operation))
    for (const op of [
      'GET /2026-01/channel',
      'GET /2026-01/fulfillment-center',
      'GET /2026-01/webhook',
      'POST /2026-01/webhook',
      'GET /2026-01/inventory-level/locations',
      'POST /2026-01/order',
      'GET /2026-01/order',
      'GET /2026-01/order/{orderId}',
      'POST /2026-01/order/{orderId}:cancel',
    ])
      expect(seen, op).toContain(op)
    const statuses = new Set(journal.map((e) => e.status))
    for (const s of [200, 201, 400, 422, 429]) expect(statuses, String(s)).toContain(s)
  })

  it('fails when an answer breaks the document', () => {
    const contract = new ShipBobContract()
    const created = journal.find((e) => e.operation === 'POST /2026-01/order' && e.status === 201)!
    const body = structuredClone(created.responseBody) as Record<string, any>
    expect(problems(contract, created)).toEqual([])
    body.status = 'Shipped' // not an Orders.OrderStatus
    body.shipments[0].tracking = null // TrackingViewModel is not nullable
    body.shipments[0].warehouse = 'US-EAST' // not a field of ShipmentViewModel
    expect(problems(contract, { ...created, responseBody: body }).sort()).toEqual([
      'POST /2026-01/order response 201 shipments[0].tracking: The value must be object.',
      'POST /2026-01/order response 201 shipments[0].warehouse: The warehouse field is not part of this model.',
      'POST /2026-01/order response 201 status: The value must be one of Processing, Exception, PartiallyFulfilled, Fulfilled, Cancelled, ImportReview.',
    ])
    const page = journal.find((e) => e.operation === 'GET /2026-01/inventory-level/locations' && e.status === 200)!
    const inventory = structuredClone(page.responseBody) as { items: { locations: Record<string, unknown>[] }[] }
    inventory.items[0]!.locations[0]!.on_hand_quantity = '12'
    expect(problems(contract, { ...page, responseBody: inventory })).toEqual([
      'GET /2026-01/inventory-level/locations response 200 items[0].locations[0].on_hand_quantity: The value must be integer.',
    ])
  })

  it('refuses what the document refuses, in the shape ShipBob documents', async () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${sb.url}${path}`, {
        method: 'POST',
        headers: { authorization: 'Bearer pat-test-token', 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })
    sb.control.setRateLimit({ limit: 1000 })
    const noChannel = await post('/2026-01/order', { reference_id: 'x' })
    expect(noChannel.status).toBe(400)
    expect(await noChannel.json()).toMatchObject({
      shipbob_channel_id: ['The shipbob_channel_id header is required.'],
      recipient: ['The recipient field is required.'],
      products: ['The products field is required.'],
    })
    const badSecret = await post('/2026-01/webhook', {
      topics: ['order.shipped'],
      url: 'https://hub.example/webhooks',
      secret: 'whsec_tooshort',
    })
    expect(badSecret.status).toBe(422)
    expect(await badSecret.json()).toEqual({
      $type: 'UnprocessableEntityObjectResult',
      status_code: 422,
      value: { secret: ['The value must match pattern "^whsec_[a-zA-Z0-9+/]{32}$".'] },
    })
    expect(sb.contract.violations).toEqual([])
  })
})
