// The sandbox as a demo or another process drives it: control routes over HTTP, version
// fall-forward, token refusal, cursor pagination, and bulk output with and without grouping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawGraphql, startSandbox, type Sandbox } from './helpers.ts'

let sb: Sandbox
beforeAll(async () => {
  sb = await startSandbox()
})
afterAll(() => sb.close())

const post = async (path: string, body: unknown) =>
  (
    await fetch(`${sb.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json()
const get = async (path: string) => (await fetch(`${sb.url}${path}`)).json()

describe('control routes', () => {
  it('seed, order in a chosen presentment currency, stock change, what was pushed, knobs', async () => {
    const seeded = await post('/__control/seed', { products: 3, variantsPerProduct: 2, locations: 2, available: 4 })
    expect(seeded).toMatchObject({ products: 3, variants: 6 })
    const order = await post('/__control/orders', {
      lines: [{ sku: seeded.skus[0], quantity: 2 }],
      presentmentCurrency: 'EUR',
      fxRate: '0.9',
      email: 'a@example.com',
    })
    expect(order.name).toBe('#1001')
    const rest = (await get('/__control/orders'))[0]
    expect(rest).toMatchObject({ currency: 'USD', presentment_currency: 'EUR', total_price: '39.98' })
    expect(rest.total_price_set.presentment_money).toEqual({ amount: '35.98', currency_code: 'EUR' })
    expect(await post('/__control/inventory', { sku: seeded.skus[1], available: 9 })).toMatchObject({ available: 9 })
    expect(await get(`/__control/inventory?sku=${seeded.skus[1]}`)).toContainEqual(
      expect.objectContaining({ available: 9, onHand: 9 }),
    )
    expect(await get(`/__control/inventory?sku=${seeded.skus[0]}`)).toContainEqual(
      expect.objectContaining({ available: 2, committed: 2, onHand: 4 }),
    )
    expect(await post('/__control/knobs', { throttle: { plan: 'plus' } })).toEqual({ ok: true })
    expect((await get('/__control/stats')).bucket).toMatchObject({ maximumAvailable: 20000, restoreRate: 1000 })
    expect(await get('/__control/pushed')).toEqual({ inventory: [], mutations: [] })
    expect(await post('/__control/orders/cancel', { id: order.id })).toMatchObject({ id: order.id })
    expect(await post('/__control/orders', { lines: [{ sku: 'NOPE', quantity: 1 }] })).toEqual({
      error: 'no variant for line NOPE',
    })
  })
})

describe('the Admin API surface', () => {
  it('refuses a wrong token with Shopify’s 401 body', async () => {
    const res = await fetch(`${sb.url}/admin/api/2026-07/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': 'nope' },
      body: '{"query":"{ shop { id } }"}',
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({
      errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
    })
  })

  it('serves a retired version with the oldest one it has, and says so in X-Shopify-API-Version', async () => {
    const res = await fetch(`${sb.url}/admin/api/2024-01/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': sb.accessToken },
      body: '{"query":"{ shop { id } }"}',
    })
    expect(res.headers.get('x-shopify-api-version')).toBe('2026-04')
    expect((await res.json()).data.shop.id).toMatch(/^gid:\/\/shopify\/Shop\/\d+$/)
  })

  it('pages with opaque cursors and pageInfo, forwards and backwards', async () => {
    const q = `query($first: Int, $after: String, $last: Int, $before: String) { products(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`
    const p1 = (await rawGraphql(sb, q, { first: 2 })).data.products
    const p2 = (await rawGraphql(sb, q, { first: 2, after: p1.pageInfo.endCursor })).data.products
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false })
    expect(p2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true })
    expect(p2.edges).toHaveLength(1)
    const back = (await rawGraphql(sb, q, { last: 2, before: p2.pageInfo.startCursor })).data.products
    expect(back.edges.map((e: any) => e.node.id)).toEqual(p1.edges.map((e: any) => e.node.id))
    expect(JSON.parse(Buffer.from(p1.pageInfo.endCursor, 'base64url').toString())).toHaveProperty('last_id')
    const unpaged = await rawGraphql(sb, '{ products { nodes { id } } }')
    expect(unpaged.errors[0].message).toBe('you must provide one of first or last')
  })

  it('a query above 1000 points is refused before it runs', async () => {
    const r = await rawGraphql(
      sb,
      '{ products(first: 250) { nodes { variants(first: 250) { nodes { id inventoryItem { inventoryLevels(first: 250) { nodes { id } } } } } } } }',
    )
    expect(r.errors[0].extensions.code).toBe('MAX_COST_EXCEEDED')
    expect(r.errors[0].message).toMatch(/^Query cost is \d+, which exceeds the single query max cost limit \(1000\)\.$/)
    expect(r.data).toBeUndefined()
  })

  it.each([true, false])(
    'bulk JSONL with groupObjects=%s: children carry __parentId (grouped: right after their parent)',
    async (groupObjects) => {
      const run = await rawGraphql(
        sb,
        'mutation($q: String!, $g: Boolean!) { bulkOperationRunQuery(query: $q, groupObjects: $g) { bulkOperation { id } userErrors { message } } }',
        { q: '{ products { edges { node { id variants { edges { node { id sku } } } } } } }', g: groupObjects },
      )
      const id = run.data.bulkOperationRunQuery.bulkOperation.id
      const busy = await rawGraphql(
        sb,
        'mutation { a: bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { userErrors { code } } }',
      )
      expect(busy.data.a.userErrors).toEqual([{ code: 'OPERATION_IN_PROGRESS' }])
      let op: any
      for (let i = 0; i < 100; i++) {
        op = (
          await rawGraphql(
            sb,
            'query($id: ID!) { node(id: $id) { ... on BulkOperation { status url objectCount rootObjectCount } } }',
            { id },
          )
        ).data.node
        if (op.status === 'COMPLETED') break
        await new Promise((r) => setTimeout(r, 20))
      }
      expect(op).toMatchObject({ status: 'COMPLETED', objectCount: '9', rootObjectCount: '3' })
      const lines = (await (await fetch(op.url)).text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      expect(lines.filter((l) => l.__parentId)).toHaveLength(6)
      const secondParentAt = lines.findIndex((l, i) => i > 0 && !l.__parentId)
      expect(secondParentAt).toBe(groupObjects ? 3 : 1)
    },
  )
})
