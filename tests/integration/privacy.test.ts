// Privacy duties on real Postgres: a buyer's data arrives the way it does in production (signed
// webhooks through the intake, a pull run with a rejected record, an outbound event), then is
// exported and erased. After erasure the WHOLE database (every table of the public and pg-boss
// schemas, every column) is searched for the buyer's email, name, street and phone: no hit,
// while the order totals and lines stay. Also the channels' privacy webhooks, retention, and the
// PII walker over the Shopify, Amazon, 3PL and ERP payload shapes.
import { createHmac } from 'node:crypto'
import { Type } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Connector, PulledItem } from '../../src/connectors/types.ts'
import { createConnection } from '../../src/db/connections.ts'
import type { Order } from '../../src/model/index.ts'
import {
  applyPrivacyEffect,
  ERASED,
  hashEmail,
  PRIVACY_QUEUES,
  purgeRawPayloads,
  RETENTION_CRON,
  scrubPii,
} from '../../src/privacy/index.ts'
import { verifyAuditChain } from '../../src/db/audit.ts'
import { createSubscription, emitEvent } from '../../src/sync/outbound/index.ts'
import { runPull } from '../../src/sync/pull/run-pull.ts'
import { extraToken, tenantWithToken, type ApiCaller } from '../support/api.ts'
import { order } from '../support/fixtures.ts'
import { eventually, startTestHub, type TestHub } from '../support/hub.ts'

// ---- the PII walker over real payload shapes (pure) ------------------------------------------

describe('scrubPii over the payload shapes of shared/specs', () => {
  const cases: { name: string; input: unknown; gone: string[]; kept: string[] }[] = [
    {
      name: 'Shopify orders/create (REST webhook)',
      input: {
        id: 820982911946154500,
        admin_graphql_api_id: 'gid://shopify/Order/820982911946154508',
        name: '#9999',
        email: 'jon@example.com',
        contact_email: 'jon@example.com',
        phone: '+15551234567',
        currency: 'USD',
        total_price: '199.65',
        customer: {
          id: 115310627314723950,
          email: 'jon@example.com',
          first_name: 'Jon',
          last_name: 'Snowfield',
          phone: '+15551234567',
          default_address: { address1: '123 Elm St', city: 'Ottawa', country_code: 'CA' },
        },
        shipping_address: {
          first_name: 'Jon',
          last_name: 'Snowfield',
          address1: '123 Elm St',
          address2: 'Suite 4',
          city: 'Ottawa',
          province: 'Ontario',
          zip: 'K2P 1L4',
          country: 'Canada',
          country_code: 'CA',
          company: 'Winterfell Ltd',
          latitude: 45.41,
          longitude: -75.69,
          name: 'Jon Snowfield',
          phone: '555-555-5555',
        },
        billing_address: { first_name: 'Jon', address1: '123 Elm St', country_code: 'CA' },
        client_details: { browser_ip: '203.0.113.9', user_agent: 'Mozilla' },
        line_items: [{ id: 1, sku: 'IPOD-342', name: 'IPod Nano - 8gb', quantity: 1, price: '199.00' }],
        shipping_lines: [{ code: 'Standard', title: 'Standard', price: '10.00', phone: '555-0000' }],
      },
      gone: [
        'jon@example.com',
        'Snowfield',
        '123 Elm St',
        'Suite 4',
        'K2P 1L4',
        'Winterfell',
        '+15551234567',
        '555-555-5555',
        '203.0.113.9',
        '555-0000',
        'Ottawa',
        '45.41',
      ],
      kept: [
        'IPod Nano - 8gb',
        'IPOD-342',
        '199.65',
        '"country_code":"CA"',
        '"country":"Canada"',
        'gid://shopify/Order/820982911946154508',
        '"currency":"USD"',
      ],
    },
    {
      name: 'Shopify customers/redact',
      input: {
        shop_id: 954889,
        shop_domain: 'example.myshopify.com',
        customer: { id: 191167, email: 'john@example.com', phone: '555-625-1199' },
        orders_to_redact: [299938, 280263],
      },
      gone: ['john@example.com', '555-625-1199'],
      kept: ['example.myshopify.com', '299938'],
    },
    {
      name: 'Amazon Orders v0 (BuyerInfo, ShippingAddress)',
      input: {
        AmazonOrderId: '902-3159896-1390916',
        OrderTotal: { CurrencyCode: 'EUR', Amount: '25.99' },
        BuyerInfo: {
          BuyerEmail: 'x7abc@marketplace.amazon.de',
          BuyerName: 'Greta Gruenwald',
          BuyerTaxInfo: { CompanyLegalName: 'Gruen GmbH' },
          PurchaseOrderNumber: 'PO-17',
        },
        ShippingAddress: {
          Name: 'Greta Gruenwald',
          AddressLine1: 'Hauptstrasse 5',
          City: 'Berlin',
          PostalCode: '10115',
          CountryCode: 'DE',
          Phone: '+49 30 1234567',
          ExtendedFields: { StreetName: 'Hauptstrasse', StreetNumber: '5' },
        },
      },
      gone: [
        'x7abc@marketplace.amazon.de',
        'Gruenwald',
        'Gruen GmbH',
        'Hauptstrasse',
        '10115',
        '+49 30 1234567',
        'Berlin',
      ],
      kept: ['902-3159896-1390916', '25.99', '"CountryCode":"DE"'],
    },
    {
      name: 'Amazon Orders 2026-01-01 (buyer, recipient.deliveryAddress)',
      input: {
        orderId: '171-1234567-7654321',
        buyer: { buyerName: 'Kenji Sato', buyerEmail: 'kenji@marketplace.amazon.co.jp', buyerCompanyName: 'Sato KK' },
        recipient: {
          deliveryAddress: {
            name: 'Kenji Sato',
            addressLine1: '1-2-3 Shibuya',
            postalCode: '150-0002',
            countryCode: 'JP',
            phone: '03-1234-5678',
          },
        },
        orderItems: [{ product: { sellerSku: 'JP-SKU-1' }, quantityOrdered: 2 }],
      },
      gone: ['Kenji', 'kenji@marketplace.amazon.co.jp', 'Sato KK', '1-2-3 Shibuya', '150-0002', '03-1234-5678'],
      kept: ['171-1234567-7654321', 'JP-SKU-1', '"countryCode":"JP"'],
    },
    {
      name: 'ShipBob order (recipient)',
      input: {
        reference_id: 'SO-1001',
        shipping_method: 'Standard',
        recipient: {
          name: 'Ana Lima',
          address: {
            address1: 'Rua A 10',
            city: 'Austin',
            state: 'TX',
            zip_code: '78701',
            country: 'US',
            company_name: 'Lima LLC',
          },
          email: 'ana@example.com',
          phone_number: '512-555-0101',
        },
        products: [{ reference_id: 'SKU-1', quantity: 1 }],
      },
      gone: ['Ana Lima', 'Rua A 10', '78701', 'Lima LLC', 'ana@example.com', '512-555-0101', 'Austin'],
      kept: ['SO-1001', 'SKU-1', '"country":"US"', 'Standard'],
    },
    {
      name: '4PX order (flat recipient fields)',
      input: {
        reference_no: 'SO-2002',
        shipping_method: 'FEDEX-SMALLPARCEL',
        warehouse_code: 'USEA',
        country_code: 'US',
        province: 'CA',
        city: 'Irvine',
        address1: '9 Pine Rd',
        zipcode: '92618',
        name: 'Li Wei',
        last_name: 'Wei',
        phone: '949-555-0123',
        email: 'li@example.com',
        doorplate: '7B',
        items: [{ sku: 'SKU-2', quantity: 1 }],
      },
      gone: ['Li Wei', '9 Pine Rd', '92618', '949-555-0123', 'li@example.com', '7B', 'Irvine'],
      kept: ['SO-2002', 'FEDEX-SMALLPARCEL', 'USEA', 'SKU-2', '"country_code":"US"'],
    },
    {
      name: 'SAP B1 order and Odoo sale.order',
      input: {
        b1: {
          DocNum: 77,
          CardCode: 'C100',
          CardName: 'Pedro Alves',
          Address: 'Av. Paulista 1000\nSao Paulo',
          AddressExtension: { ShipToStreet: 'Av. Paulista', ShipToZipCode: '01310-100', ShipToCountry: 'BR' },
        },
        odoo: {
          name: 'S00042',
          partner_id: [7, 'Pedro Alves'],
          partner_shipping_id: [8, 'Pedro Alves, Av. Paulista 1000'],
        },
      },
      gone: ['Pedro Alves', 'Av. Paulista', '01310-100'],
      kept: ['C100', 'S00042', '"ShipToCountry":"BR"', '[7,"[erased]"]'],
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const r = scrubPii(c.input)
      expect(r.changed).toBe(true)
      const text = JSON.stringify(r.value)
      for (const g of c.gone) expect(text, `${g} should be gone`).not.toContain(g)
      for (const k of c.kept) expect(text, `${k} should stay`).toContain(k)
    })
  }

  it('erases any string or key that contains a needle, and leaves a clean payload as it was', () => {
    const r = scrubPii(
      { note: 'call Zelda.Q@Example.org before delivery', byEmail: { 'zelda.q@example.org': 3 }, qty: 2 },
      { needles: ['zelda.q@example.org'] },
    )
    expect(JSON.stringify(r.value)).not.toMatch(/zelda/i)
    expect((r.value as { qty: number }).qty).toBe(2)
    const clean = { sku: 'A', quantity: 3, warehouse: 'US-1' }
    expect(scrubPii(clean, { needles: ['zelda.q@example.org'] })).toEqual({ value: clean, changed: false })
    expect(JSON.stringify(scrubPii({ message: 'refund to a.b@c.io' }, { anyEmail: true }).value)).not.toContain(
      'a.b@c.io',
    )
  })
})

// ---- end to end --------------------------------------------------------------------------------

const EMAIL = 'Zelda.Quixote+gdpr@Example.org'
const PHONE = '+1 555 0100 777'
const STREET = '77 Tombstone Lane'
const OTHER_EMAIL = 'other.person@example.net'
const SECRET = 'privtoy-secret'
const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex')

const zelda = {
  buyer: { email: EMAIL, name: 'Zelda Quixote', phone: PHONE },
  shippingAddress: {
    name: 'Zelda Quixote',
    line1: STREET,
    line2: 'Flat 9',
    city: 'Springfield',
    region: 'IL',
    postalCode: '62704',
    country: 'US',
    phone: PHONE,
  },
}
const otherBuyer = {
  buyer: { email: OTHER_EMAIL, name: 'Otto Normal', phone: '+1 555 0199 000' },
  shippingAddress: { name: 'Otto Normal', line1: '1 Main Street', city: 'Dover', postalCode: '19901', country: 'US' },
}

/** A Shopify-shaped order webhook body (shopify.md §payload shapes). */
function shopifyBody(id: string, who: { email: string; first: string; last: string; street: string; phone: string }) {
  return {
    id: Number(id),
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: '#1001',
    email: who.email,
    phone: who.phone,
    currency: 'USD',
    customer: { id: 5551, email: who.email, first_name: who.first, last_name: who.last },
    shipping_address: {
      first_name: who.first,
      last_name: who.last,
      address1: who.street,
      city: 'Springfield',
      zip: '62704',
      country_code: 'US',
      phone: who.phone,
    },
    line_items: [{ id: 1, sku: 'MUG-1', quantity: 2, price: '10.00' }],
  }
}

function buildConnector(
  orderFor: (connectionId: string, externalId: string, who: 'zelda' | 'other') => Order,
): Connector {
  return {
    description: {
      kind: 'privtoy',
      title: 'Privacy toy (tests only)',
      configSchema: Type.Object({}),
      credentialsSchema: Type.Object({ secret: Type.String() }),
      capabilities: { orders: 'pull' },
      batchSizes: {},
      http: {
        baseUrl: () => 'http://127.0.0.1:9',
        limits: () => ({ buckets: { default: { capacity: 10, refillPerSecond: 10 } } }),
      },
    },
    async testConnection() {
      return { ok: true, message: 'fine' }
    },
    async *pull(ctx) {
      // an Amazon-shaped page: one good order of Zelda's, and one record the mapper refused
      const items: PulledItem[] = [
        {
          externalId: '902-3159896-1390916',
          raw: {
            AmazonOrderId: '902-3159896-1390916',
            BuyerInfo: { BuyerEmail: EMAIL, BuyerName: 'Zelda Quixote' },
            ShippingAddress: { Name: 'Zelda Quixote', AddressLine1: STREET, CountryCode: 'US', Phone: PHONE },
          },
          records: [{ type: 'order', value: orderFor(ctx.connectionId, '902-3159896-1390916', 'zelda') }],
        },
        {
          externalId: '902-0000000-0000001',
          raw: {
            AmazonOrderId: '902-0000000-0000001',
            BuyerInfo: { BuyerEmail: EMAIL.toLowerCase() },
            ShippingAddress: { Name: 'Zelda Quixote', AddressLine1: STREET, CountryCode: 'US' },
          },
          error: {
            code: 'CURRENCY_UNKNOWN',
            message: `order for ${EMAIL.toLowerCase()} has currency XXX`,
            field: 'OrderTotal.CurrencyCode',
          },
        },
      ]
      yield { items, nextCursor: 'c1' }
    },
    webhooks: {
      verify(req) {
        if (req.headers['x-privtoy-signature'] !== sign(req.rawBody.toString('utf8'))) throw new Error('bad signature')
      },
      parse(req) {
        const b = JSON.parse(req.rawBody.toString('utf8')) as { id: string; topic: string; data: unknown }
        return [{ eventId: b.id, topic: b.topic, payload: b.data }]
      },
      async process(ctx, event) {
        const p = event.payload as { admin_graphql_api_id: string; email?: string }
        if (event.topic !== 'orders/create') return [{ kind: 'ignored', reason: 'not mapped' }]
        const who = p.email === OTHER_EMAIL ? 'other' : 'zelda'
        return [
          {
            kind: 'records',
            items: [
              {
                externalId: p.admin_graphql_api_id,
                raw: p,
                records: [{ type: 'order', value: orderFor(ctx.connectionId, p.admin_graphql_api_id, who) }],
              },
            ],
          },
        ]
      },
    },
  }
}

describe('privacy duties (real Postgres, whole-database search)', () => {
  let hub: TestHub
  let owner: ApiCaller
  let intruder: ApiCaller
  let connectionId: string
  let secondConnectionId: string

  const db = () => hub.services.db
  const orderFor = (connectionId: string, externalId: string, who: 'zelda' | 'other'): Order =>
    order(
      connectionId,
      externalId,
      [
        ['MUG-1', 2],
        ['CUP-9', 1],
      ],
      { ...(who === 'zelda' ? zelda : otherBuyer), externalNumber: '#1001' },
    )

  async function postWebhook(connId: string, id: string, topic: string, data: unknown): Promise<void> {
    const body = JSON.stringify({ id, topic, data })
    const res = await fetch(`${hub.url}/webhooks/privtoy/${connId}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-privtoy-signature': sign(body) },
    })
    expect(res.status).toBe(200)
    await eventually(
      async () =>
        (await db()('webhook_inbox').where({ connection_id: connId, event_id: id }).first())?.status === 'processed',
      { what: `webhook ${id} processed` },
    )
  }

  /** Every row of every table in the public and pg-boss schemas, all columns, as text. */
  async function wholeDatabaseHits(needle: string): Promise<string[]> {
    const tables = (
      await db()
        .raw(`select n.nspname as s, c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'pgboss') and c.relkind in ('r', 'p') order by 1, 2`)
    ).rows as { s: string; t: string }[]
    expect(tables.length).toBeGreaterThan(20)
    const hits: string[] = []
    for (const { s, t } of tables) {
      const r = await db().raw(`select count(*)::int as n from "${s}"."${t}" x where x::text ilike ?`, [
        `%${needle.replace(/[\\%_]/g, '\\$&')}%`,
      ])
      if (r.rows[0].n > 0) hits.push(`${s}.${t} (${r.rows[0].n})`)
    }
    return hits
  }

  beforeAll(async () => {
    hub = await startTestHub({ connectors: [buildConnector((c, e, w) => orderFor(c, e, w))] })
    owner = await tenantWithToken(hub, 'owner')
    intruder = await tenantWithToken(hub, 'owner')
    connectionId = (
      await createConnection(db(), hub.services.box, {
        tenantId: owner.tenantId,
        kind: 'privtoy',
        name: 'shop',
        credentials: { secret: SECRET },
      })
    ).id
    secondConnectionId = (
      await createConnection(db(), hub.services.box, {
        tenantId: owner.tenantId,
        kind: 'privtoy',
        name: 'second shop',
        credentials: { secret: SECRET },
      })
    ).id

    // webhooks through the real intake: Zelda's order, an update for it without the email, and another buyer's order
    await postWebhook(
      connectionId,
      'evt-1',
      'orders/create',
      shopifyBody('820982911946154508', {
        email: EMAIL,
        first: 'Zelda',
        last: 'Quixote',
        street: STREET,
        phone: PHONE,
      }),
    )
    await postWebhook(connectionId, 'evt-2', 'orders/updated', {
      ...shopifyBody('820982911946154508', {
        email: '',
        first: 'Zelda',
        last: 'Quixote',
        street: STREET,
        phone: PHONE,
      }),
      email: undefined,
      customer: undefined,
    })
    await postWebhook(
      connectionId,
      'evt-3',
      'orders/create',
      shopifyBody('820982911946159999', {
        email: OTHER_EMAIL,
        first: 'Otto',
        last: 'Normal',
        street: '1 Main Street',
        phone: '+1 555 0199 000',
      }),
    )
    // a pull run with a good order and a refused record (its payload kept for repair)
    await runPull(hub.services, { tenantId: owner.tenantId, connectionId, stream: 'orders', trigger: 'manual' })
    // what else mentions her: a run error, a 3PL's error echoing the address, carrier events, outbound events
    const zeldaOrder = await db()('orders')
      .where({ tenant_id: owner.tenantId, external_id: 'gid://shopify/Order/820982911946154508' })
      .first('id')
    await db()('sync_runs').insert({
      tenant_id: owner.tenantId,
      connection_id: connectionId,
      stream: 'orders',
      direction: 'push',
      trigger: 'change',
      status: 'failed',
      error: `ERP refused customer ${EMAIL}`,
    })
    await db()('deliveries').insert({
      tenant_id: owner.tenantId,
      connection_id: connectionId,
      entity: 'order',
      entity_id: zeldaOrder.id,
      status: 'rejected',
      error: `address "${STREET}" is incomplete`,
    })
    await db()('shipments').insert({
      tenant_id: owner.tenantId,
      order_id: zeldaOrder.id,
      connection_id: connectionId,
      external_id: 'shp-1',
      carrier: 'UPS',
      tracking_number: '1ZPRIV',
      shipped_at: new Date(),
      lines: '[]',
      events: JSON.stringify([{ status: 'delivered', message: 'Delivered to ZELDA QUIXOTE' }]),
    })
    // nothing listens on port 9: if delivery workers run, their attempts fail, which is fine here
    await createSubscription(db(), hub.services.box, owner.tenantId, {
      url: 'http://127.0.0.1:9/hook',
      events: ['order.imported'],
    })
    await db().transaction(async (trx) => {
      // a careless payload with the email, and a clean one naming the order
      await emitEvent(trx, hub.services.boss, owner.tenantId, 'order.imported', {
        orderId: zeldaOrder.id,
        connectionId,
        buyerEmail: EMAIL,
      })
      await emitEvent(trx, hub.services.boss, owner.tenantId, 'order.imported', {
        orderId: zeldaOrder.id,
        connectionId,
        note: `ship to ${STREET}`,
      })
    })
  })
  afterAll(async () => {
    await hub?.close()
  })

  it('exports everything held on the buyer (email matched whatever its case), to an admin only', async () => {
    const admin = await extraToken(hub, owner.tenantId, 'admin')
    const res = await admin.call('GET', `/privacy/buyers/export?email=${encodeURIComponent(EMAIL.toUpperCase())}`)
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200)
    const out = res.body
    expect(out.subject).toEqual({ email: EMAIL.toLowerCase(), emailHash: hashEmail(EMAIL) })
    expect(out.orders.map((o: { externalId: string }) => o.externalId).sort()).toEqual([
      '902-3159896-1390916',
      'gid://shopify/Order/820982911946154508',
    ])
    expect(out.orders[0].buyer.email).toBe(EMAIL)
    expect(
      out.orders.flatMap((o: { shipments: { trackingNumber: string }[] }) => o.shipments.map((s) => s.trackingNumber)),
    ).toEqual(['1ZPRIV'])
    expect(out.webhookPayloads.map((w: { topic: string }) => w.topic).sort()).toEqual([
      'orders/create',
      'orders/updated',
    ])
    expect(out.syncFailures).toHaveLength(1)
    expect(out.syncFailures[0].payload.AmazonOrderId).toBe('902-0000000-0000001')
    expect(out.eventDeliveries).toHaveLength(2)
    expect(JSON.stringify(out)).not.toContain(OTHER_EMAIL)
    expect(JSON.stringify(out)).not.toContain('Otto')
    const audit = await db()('audit_log').where({ tenant_id: owner.tenantId, action: 'privacy.buyer_exported' }).first()
    expect(audit.entity_id).toBe(hashEmail(EMAIL))
    expect(JSON.stringify(audit)).not.toMatch(/zelda/i)
    expect(
      (
        await (
          await extraToken(hub, owner.tenantId, 'ops')
        ).call('GET', `/privacy/buyers/export?email=${encodeURIComponent(EMAIL)}`)
      ).status,
    ).toBe(403)
    const theirs = await intruder.call('GET', `/privacy/buyers/export?email=${encodeURIComponent(EMAIL)}`)
    expect(theirs.status).toBe(200)
    expect(theirs.body.orders).toEqual([])
    expect(theirs.body.webhookPayloads).toEqual([])
  })

  it('erases the buyer: no trace of them anywhere in the database, order history and totals kept', async () => {
    const needles = [EMAIL, 'Quixote', STREET, '0100 777']
    for (const n of needles)
      expect((await wholeDatabaseHits(n)).length, `${n} is stored before erasure`).toBeGreaterThan(0)
    const before = await db()('orders').where({ tenant_id: owner.tenantId }).orderBy('external_id')
    const otherInbox = await db()('webhook_inbox').where({ tenant_id: owner.tenantId, event_id: 'evt-3' }).first()

    const admin = await extraToken(hub, owner.tenantId, 'admin')
    expect((await admin.call('POST', '/privacy/buyers/erase', { email: EMAIL })).status).toBe(403)
    const res = await owner.call('POST', '/privacy/buyers/erase', { email: EMAIL.toLowerCase() })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({
      erased: true,
      orders: 2,
      counts: {
        orders: 2,
        webhookPayloads: 2,
        syncFailures: 1,
        eventDeliveries: 2,
        runErrors: 1,
        deliveryErrors: 1,
        shipments: 1,
      },
    })

    for (const n of needles) expect(await wholeDatabaseHits(n), `${n} after erasure`).toEqual([])

    const after = await db()('orders').where({ tenant_id: owner.tenantId }).orderBy('external_id')
    expect(after.map((o) => o.id)).toEqual(before.map((o) => o.id))
    for (const [i, o] of after.entries()) {
      const b = before[i]
      for (const k of [
        'external_id',
        'external_number',
        'status',
        'currency',
        'lines',
        'totals',
        'total_amount',
        'placed_at',
        'routing_status',
        'connection_id',
      ])
        expect(o[k], k).toEqual(b[k])
      if (b.buyer.email === EMAIL) {
        expect(o.buyer).toEqual({ email: ERASED, name: ERASED, phone: ERASED })
        expect(o.shipping_address).toEqual({
          name: ERASED,
          line1: ERASED,
          line2: ERASED,
          city: ERASED,
          region: ERASED,
          postalCode: ERASED,
          country: 'US',
          phone: ERASED,
        })
        expect(o.buyer_email_hash).toBeNull()
        expect(o.pii_erased_at).toBeTruthy()
      } else {
        expect(o.buyer).toEqual(b.buyer)
        expect(o.shipping_address).toEqual(b.shipping_address)
        expect(o.buyer_email_hash).toBe(b.buyer_email_hash)
      }
    }
    // the other buyer's stored webhook is untouched
    expect((await db()('webhook_inbox').where({ id: otherInbox.id }).first()).payload).toEqual(otherInbox.payload)
    // the erased payloads keep what is not personal
    const inbox = await db()('webhook_inbox').where({ tenant_id: owner.tenantId, event_id: 'evt-1' }).first()
    expect(inbox.payload.line_items).toEqual([{ id: 1, sku: 'MUG-1', quantity: 2, price: '10.00' }])
    expect(inbox.payload.shipping_address.country_code).toBe('US')
    // audited by hash, and the chain still holds
    const audit = await db()('audit_log').where({ tenant_id: owner.tenantId, action: 'privacy.buyer_erased' }).first()
    expect(audit.entity_id).toBe(hashEmail(EMAIL))
    expect(audit.actor).toMatch(/^token:/)
    expect(audit.data.orderIds).toHaveLength(2)
    expect((await verifyAuditChain(db(), owner.tenantId)).ok).toBe(true)
    // nothing left to export
    const again = await owner.call('GET', `/privacy/buyers/export?email=${encodeURIComponent(EMAIL)}`)
    expect(again.body.orders).toEqual([])
    expect(again.body.webhookPayloads).toEqual([])
    expect(again.body.syncFailures).toEqual([])
  })

  it('customers/redact by order ids only, data requests audited by hash, shop/redact for one connection', async () => {
    const conn = { id: connectionId, tenant_id: owner.tenantId }
    // data request: recorded, nothing changed, no email written
    const req = await applyPrivacyEffect(hub.services, conn, {
      kind: 'privacy',
      action: 'customer_data_request',
      email: OTHER_EMAIL,
      orderExternalIds: [],
    })
    expect(req.orders).toBe(1)
    const asked = await db()('audit_log').where({ tenant_id: owner.tenantId, action: 'privacy.data_requested' }).first()
    expect(asked.entity_id).toBe(hashEmail(OTHER_EMAIL))
    expect(JSON.stringify(asked)).not.toContain(OTHER_EMAIL)
    // redact with the channel's order ids and no email (the email is read from the order)
    const r = await applyPrivacyEffect(hub.services, conn, {
      kind: 'privacy',
      action: 'customer_redact',
      orderExternalIds: ['gid://shopify/Order/820982911946159999'],
    })
    expect(r.orders).toBe(1)
    expect(await wholeDatabaseHits(OTHER_EMAIL)).toEqual([])
    expect(await wholeDatabaseHits('Otto')).toEqual([])

    // shop/redact: every buyer of the second connection goes, the first connection is not touched
    await postWebhook(
      secondConnectionId,
      'evt-s1',
      'orders/create',
      shopifyBody('700000000000000001', {
        email: 'shopper.one@example.com',
        first: 'Una',
        last: 'Primera',
        street: '5 First Ave',
        phone: '+1 555 0111 111',
      }),
    )
    await postWebhook(
      secondConnectionId,
      'evt-s2',
      'orders/create',
      shopifyBody('700000000000000002', {
        email: 'shopper.two@example.com',
        first: 'Dos',
        last: 'Segunda',
        street: '6 Second Ave',
        phone: '+1 555 0222 222',
      }),
    )
    const firstConn = await db()('orders').where({ connection_id: connectionId }).orderBy('id')
    const s = await applyPrivacyEffect(
      hub.services,
      { id: secondConnectionId, tenant_id: owner.tenantId },
      { kind: 'privacy', action: 'shop_redact' },
    )
    expect(s.orders).toBe(2)
    for (const n of [
      'shopper.one@example.com',
      'shopper.two@example.com',
      'Primera',
      'Segunda',
      '5 First Ave',
      '0222 222',
    ])
      expect(await wholeDatabaseHits(n), n).toEqual([])
    expect(await db()('orders').where({ connection_id: connectionId }).orderBy('id')).toEqual(firstConn)
    expect(
      (await db()('audit_log').where({ tenant_id: owner.tenantId, action: 'privacy.shop_erased' }).first()).entity_id,
    ).toBe(secondConnectionId)
    expect((await verifyAuditChain(db(), owner.tenantId)).ok).toBe(true)
  })

  it('retention: the owner sets it; the daily job (scheduled in pg-boss) nulls old raw payloads only', async () => {
    expect((await owner.call('GET', '/privacy/retention')).body).toEqual({ retentionDays: null })
    expect((await owner.call('PUT', '/privacy/retention', { retentionDays: -1 })).status).toBe(400)
    expect((await owner.call('PUT', '/privacy/retention', { retentionDays: 3651 })).status).toBe(400)
    expect((await owner.call('PUT', '/privacy/retention', { retentionDays: 'ninety' })).status).toBe(400)
    expect(
      (await (await extraToken(hub, owner.tenantId, 'admin')).call('PUT', '/privacy/retention', { retentionDays: 30 }))
        .status,
    ).toBe(403)
    const put = await owner.call('PUT', '/privacy/retention', { retentionDays: 30 })
    expect(put.status).toBe(200)
    expect(put.body).toEqual({ retentionDays: 30 })
    expect((await owner.call('GET', '/privacy/retention')).body).toEqual({ retentionDays: 30 })

    const schedules = await hub.services.boss.getSchedules(PRIVACY_QUEUES.retentionSweep.name)
    expect(schedules.map((x) => x.cron)).toEqual([RETENTION_CRON])

    const old = new Date(Date.now() - 40 * 86_400_000)
    const mk = (tenantId: string, connId: string, eventId: string, status: string, receivedAt: Date) =>
      db()('webhook_inbox')
        .insert({
          tenant_id: tenantId,
          connection_id: connId,
          kind: 'privtoy',
          event_id: eventId,
          topic: 't',
          payload: JSON.stringify({ raw: eventId }),
          status,
          received_at: receivedAt,
        })
        .returning('id')
        .then((r) => r[0].id as string)
    const oldDone = await mk(owner.tenantId, connectionId, 'old-processed', 'processed', old)
    const oldWaiting = await mk(owner.tenantId, connectionId, 'old-received', 'received', old)
    const recent = await mk(owner.tenantId, connectionId, 'recent', 'processed', new Date(Date.now() - 5 * 86_400_000))
    const otherConn = (
      await createConnection(db(), hub.services.box, {
        tenantId: intruder.tenantId,
        kind: 'privtoy',
        name: 'theirs',
        credentials: { secret: SECRET },
      })
    ).id
    const othersOld = await mk(intruder.tenantId, otherConn, 'their-old', 'processed', old)
    const [run] = await db()('sync_runs')
      .insert({
        tenant_id: owner.tenantId,
        connection_id: connectionId,
        stream: 'orders',
        direction: 'pull',
        trigger: 'test',
        status: 'partial',
      })
      .returning('id')
    const [oldFailure] = await db()('sync_run_failures')
      .insert({
        tenant_id: owner.tenantId,
        run_id: run.id,
        external_id: 'x1',
        code: 'VALIDATION_FAILED',
        message: 'bad',
        payload: JSON.stringify({ raw: 1 }),
        created_at: old,
      })
      .returning('id')
    const [newFailure] = await db()('sync_run_failures')
      .insert({
        tenant_id: owner.tenantId,
        run_id: run.id,
        external_id: 'x2',
        code: 'VALIDATION_FAILED',
        message: 'bad',
        payload: JSON.stringify({ raw: 2 }),
      })
      .returning('id')

    // what the schedule sends once a day
    await hub.services.boss.send(PRIVACY_QUEUES.retentionSweep.name, {})
    await eventually(async () => (await db()('webhook_inbox').where({ id: oldDone }).first()).payload === null, {
      what: 'old payload purged',
    })
    await eventually(
      async () => (await db()('sync_run_failures').where({ id: oldFailure.id }).first()).payload === null,
      { what: 'old failure payload purged' },
    )
    expect((await db()('webhook_inbox').where({ id: oldWaiting }).first()).payload).toEqual({ raw: 'old-received' })
    expect((await db()('webhook_inbox').where({ id: recent }).first()).payload).toEqual({ raw: 'recent' })
    expect((await db()('webhook_inbox').where({ id: othersOld }).first()).payload).toEqual({ raw: 'their-old' })
    expect((await db()('sync_run_failures').where({ id: newFailure.id }).first()).payload).toEqual({ raw: 2 })
    // the rows stay: what happened, when, with what outcome
    expect((await db()('webhook_inbox').where({ id: oldDone }).first()).status).toBe('processed')
    const purged = await db()('audit_log')
      .where({ tenant_id: owner.tenantId, action: 'privacy.payloads_purged' })
      .first()
    expect(purged.data).toMatchObject({ olderThanDays: 30, webhookPayloads: 1, syncFailurePayloads: 1 })
    // the same purge again finds nothing left to do
    expect(await purgeRawPayloads(db(), owner.tenantId, 30)).toEqual({ webhookPayloads: 0, syncFailurePayloads: 0 })

    expect((await owner.call('PUT', '/privacy/retention', { retentionDays: null })).body).toEqual({
      retentionDays: null,
    })
    expect((await owner.call('PUT', '/privacy/retention', { retentionDays: 7 })).body).toEqual({ retentionDays: 7 })
    expect((await owner.call('PUT', '/privacy/retention', { retentionDays: 0 })).body).toEqual({ retentionDays: null })
  })
})
