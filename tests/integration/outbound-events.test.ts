// Outbound events over real HTTP: a subscriber server on 127.0.0.1 receives signed deliveries it
// can verify with verifyEventSignature; a 500 is retried by pg-boss with backoff until it
// succeeds, every attempt visible through the API; redelivery, tenant checks, and the secret
// shown once and never stored or queued in clear.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { JobWithMetadata } from 'pg-boss'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkEventSignature,
  deliverEvent,
  emitEvent,
  OUTBOUND_QUEUES,
  signatureHeader,
  verifyEventSignature,
  type DeliveryJob,
} from '../../src/sync/outbound/index.ts'
import { extraToken, tenantWithToken, type ApiCaller } from '../support/api.ts'
import { eventually, startTestHub, type TestHub } from '../support/hub.ts'

interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: string
}

describe('verifyEventSignature (pure)', () => {
  const secret = 'whsec_test'
  const body = JSON.stringify({ id: 'd1', event: 'order.imported', data: { orderId: 'o1' } })
  const ts = 1_790_000_000

  it('accepts the signature the hub makes, within the tolerance', () => {
    const header = signatureHeader(secret, ts, body)
    expect(header).toMatch(/^v1=[0-9a-f]{64}$/)
    expect(verifyEventSignature(secret, ts, body, header, ts)).toBe(true)
    expect(verifyEventSignature(secret, String(ts), body, header, ts + 299)).toBe(true)
    // a second signature during a secret rotation
    expect(verifyEventSignature(secret, ts, body, `v1=${'0'.repeat(64)}, ${header}`, ts)).toBe(true)
  })

  it('refuses a tampered body, another secret, a stale or future timestamp, and junk', () => {
    const header = signatureHeader(secret, ts, body)
    expect(checkEventSignature(secret, ts, body.replace('o1', 'o2'), header, ts)).toEqual({
      ok: false,
      reason: 'mismatch',
    })
    expect(verifyEventSignature('whsec_other', ts, body, header, ts)).toBe(false)
    // the timestamp is signed: moving it to look fresh breaks the signature
    expect(verifyEventSignature(secret, ts + 1000, body, header, ts + 1000)).toBe(false)
    expect(checkEventSignature(secret, ts, body, header, ts + 301)).toEqual({ ok: false, reason: 'stale' })
    expect(checkEventSignature(secret, ts, body, header, ts - 301)).toEqual({ ok: false, reason: 'stale' })
    expect(verifyEventSignature(secret, ts, body, header, ts + 3600, 7200)).toBe(true)
    expect(checkEventSignature(secret, 'yesterday', body, header, ts)).toEqual({ ok: false, reason: 'malformed' })
    expect(checkEventSignature(secret, ts, body, undefined, ts)).toEqual({ ok: false, reason: 'malformed' })
    expect(checkEventSignature(secret, ts, body, header.replace('v1=', 'v0='), ts)).toEqual({
      ok: false,
      reason: 'malformed',
    })
    expect(verifyEventSignature(secret, ts, body, 'v1=zz', ts)).toBe(false)
  })
})

describe('outbound events (real Postgres, pg-boss and a local subscriber)', () => {
  let hub: TestHub
  let owner: ApiCaller
  let ops: ApiCaller
  let server: Server
  let base: string
  const received: Received[] = []
  /** statuses the subscriber answers per path, in order; 200 once the list is used up */
  const plan = new Map<string, number[]>()

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const path = req.url ?? '/'
        received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
        const status = plan.get(path)?.shift() ?? 200
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'nope')
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    hub = await startTestHub()
    owner = await tenantWithToken(hub, 'owner')
    ops = await extraToken(hub, owner.tenantId, 'ops')
  })
  afterAll(async () => {
    await hub?.close()
    await new Promise((r) => server?.close(r))
  })

  const emit = (tenantId: string, event: Parameters<typeof emitEvent>[3], payload: object) =>
    hub.services.db.transaction((trx) => emitEvent(trx, hub.services.boss, tenantId, event, payload))
  const subscribe = async (path: string, events: string[], who: ApiCaller = owner) => {
    const res = await who.call('POST', '/subscriptions', { url: `${base}${path}`, events })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body as { id: string; secret: string; url: string; events: string[] }
  }
  const deliveries = async (subscriptionId: string, who: ApiCaller = ops) => {
    const res = await who.call('GET', `/subscriptions/${subscriptionId}/deliveries`)
    expect(res.status).toBe(200)
    return res.body.items as {
      id: string
      status: string
      event: string
      attempts: { at: string; status: number | null; ms: number; error: string | null }[]
    }[]
  }

  it('refuses URLs that are not https (except this machine) and unknown events', async () => {
    for (const url of [
      'http://example.com/hook',
      'ftp://127.0.0.1/x',
      'not a url',
      'https://user:pw@example.com/hook',
    ]) {
      const res = await owner.call('POST', '/subscriptions', { url, events: ['order.imported'] })
      expect(res.status, url).toBe(400)
    }
    expect(
      (await owner.call('POST', '/subscriptions', { url: 'https://example.com/h', events: ['order.deleted'] })).status,
    ).toBe(400)
    expect((await owner.call('POST', '/subscriptions', { url: 'https://example.com/h', events: [] })).status).toBe(400)
    expect(
      (await ops.call('POST', '/subscriptions', { url: 'https://example.com/h', events: ['order.imported'] })).status,
    ).toBe(403)
  })

  it('shows the secret once, stores it sealed, and never lists it', async () => {
    const sub = await subscribe('/once', ['sync.failed'])
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/)
    const list = await owner.call('GET', '/subscriptions')
    expect(list.status).toBe(200)
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(sub.id)
    expect(JSON.stringify(list.body)).not.toContain(sub.secret)
    expect(JSON.stringify(list.body)).not.toContain('secret')
    const row = await hub.services.db('event_subscriptions').where({ id: sub.id }).first()
    expect(row.secret_enc).not.toContain(sub.secret)
    expect(hub.services.box.open(row.secret_enc, sub.id)).toBe(sub.secret)
    // bound to its row: the envelope does not open for another subscription id
    expect(() => hub.services.box.open(row.secret_enc, '00000000-0000-4000-8000-000000000000')).toThrow()
    const audit = await hub.services
      .db('audit_log')
      .where({ tenant_id: owner.tenantId, action: 'subscription.created', entity_id: sub.id })
      .first()
    expect(audit).toBeTruthy()
    expect(JSON.stringify(audit)).not.toContain(sub.secret)
  })

  it('delivers a signed event the subscriber can verify, only to subscriptions that asked for it', async () => {
    const sub = await subscribe('/orders', ['order.imported', 'order.routed'])
    const other = await subscribe('/shipments-only', ['shipment.created'])
    const payload = {
      orderId: '11111111-1111-4111-8111-111111111111',
      externalId: 'SO-1001',
      status: 'open',
      total: { amount: 2599, currency: 'EUR' },
    }
    await emit(owner.tenantId, 'order.imported', payload)
    const got = await eventually(async () => received.find((r) => r.path === '/orders'), {
      what: 'delivery to /orders',
    })
    const h = got.headers
    expect(h['content-type']).toBe('application/json')
    expect(h['x-crossdock-event']).toBe('order.imported')
    const ts = Number(h['x-crossdock-timestamp'])
    expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(120)
    expect(
      verifyEventSignature(
        sub.secret,
        String(h['x-crossdock-timestamp']),
        got.body,
        String(h['x-crossdock-signature']),
      ),
    ).toBe(true)
    expect(
      verifyEventSignature(
        sub.secret,
        String(h['x-crossdock-timestamp']),
        got.body.replace('2599', '1'),
        String(h['x-crossdock-signature']),
      ),
    ).toBe(false)
    expect(
      verifyEventSignature(
        other.secret,
        String(h['x-crossdock-timestamp']),
        got.body,
        String(h['x-crossdock-signature']),
      ),
    ).toBe(false)
    expect(
      checkEventSignature(
        sub.secret,
        String(h['x-crossdock-timestamp']),
        got.body,
        String(h['x-crossdock-signature']),
        ts + 301,
      ).ok,
    ).toBe(false)
    const body = JSON.parse(got.body)
    expect(body).toMatchObject({ id: h['x-crossdock-delivery'], event: 'order.imported', data: payload })
    const list = await eventually(
      async () => {
        const items = await deliveries(sub.id)
        return items[0]?.status === 'delivered' ? items : undefined
      },
      { what: 'delivered status' },
    )
    expect(list).toHaveLength(1)
    expect(list[0]!.id).toBe(body.id)
    expect(list[0]!.attempts).toHaveLength(1)
    expect(list[0]!.attempts[0]).toMatchObject({ status: 200, error: null })
    expect(received.filter((r) => r.path === '/shipments-only')).toHaveLength(0)
    expect(await hub.services.db('event_deliveries').where({ subscription_id: other.id })).toHaveLength(0)
  })

  it('writes nothing when the transaction that emitted the event rolls back, or nobody subscribed', async () => {
    const sub = await subscribe('/rollback', ['inventory.changed'])
    await expect(
      hub.services.db.transaction(async (trx) => {
        await emitEvent(trx, hub.services.boss, owner.tenantId, 'inventory.changed', { skus: ['A'] })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await hub.services.db('event_deliveries').where({ subscription_id: sub.id })).toHaveLength(0)
    const jobs = await hub.services.db.raw(
      `select count(*)::int as n from pgboss.job where name = ? and data->>'tenantId' = ?
      and not exists (select 1 from event_deliveries d where d.id::text = data->>'deliveryId')`,
      [OUTBOUND_QUEUES.deliver.name, owner.tenantId],
    )
    expect(jobs.rows[0].n).toBe(0)
    const lonely = await tenantWithToken(hub, 'owner')
    await emit(lonely.tenantId, 'inventory.changed', { skus: ['A'] })
    expect(await hub.services.db('event_deliveries').where({ tenant_id: lonely.tenantId })).toHaveLength(0)
  })

  it('retries a delivery that got a 500 with backoff until it succeeds, every attempt visible', async () => {
    const sub = await subscribe('/flaky', ['shipment.created'])
    plan.set('/flaky', [500])
    await emit(owner.tenantId, 'shipment.created', { shipmentId: 's-1', trackingNumber: '1Z999' })
    const list = await eventually(
      async () => {
        const items = await deliveries(sub.id)
        return items[0]?.status === 'delivered' ? items : undefined
      },
      { what: 'delivery retried and delivered', timeoutMs: 30_000 },
    )
    const attempts = list[0]!.attempts
    expect(attempts.map((a) => a.status)).toEqual([500, 200])
    expect(attempts[0]!.error).toMatch(/HTTP 500/)
    expect(attempts[1]!.error).toBeNull()
    expect(new Date(attempts[1]!.at).getTime()).toBeGreaterThan(new Date(attempts[0]!.at).getTime())
    for (const a of attempts) expect(a.ms).toBeGreaterThanOrEqual(0)
    // both tries carried the same delivery id and body, each freshly signed
    const tries = received.filter((r) => r.path === '/flaky')
    expect(tries).toHaveLength(2)
    expect(tries[0]!.body).toBe(tries[1]!.body)
    expect(tries[0]!.headers['x-crossdock-delivery']).toBe(tries[1]!.headers['x-crossdock-delivery'])
    for (const t of tries)
      expect(
        verifyEventSignature(
          sub.secret,
          String(t.headers['x-crossdock-timestamp']),
          t.body,
          String(t.headers['x-crossdock-signature']),
        ),
      ).toBe(true)
    // the queue holds ids, never the payload or the secret
    const job = await hub.services.db.raw(`select data from pgboss.job where name = ? and data->>'deliveryId' = ?`, [
      OUTBOUND_QUEUES.deliver.name,
      list[0]!.id,
    ])
    expect(Object.keys(job.rows[0].data).sort()).toEqual(['deliveryId', 'tenantId'])
  })

  it('redelivers on request (ops), appending to the same delivery', async () => {
    const sub = await subscribe('/again', ['sync.failed'])
    await emit(owner.tenantId, 'sync.failed', { runId: 'r-1', message: 'remote answered 503' })
    const [first] = await eventually(
      async () => {
        const items = await deliveries(sub.id)
        return items[0]?.status === 'delivered' ? items : undefined
      },
      { what: 'first delivery' },
    )
    const viewer = await extraToken(hub, owner.tenantId, 'viewer')
    expect((await viewer.call('POST', `/subscriptions/${sub.id}/deliveries/${first!.id}/redeliver`)).status).toBe(403)
    const res = await ops.call('POST', `/subscriptions/${sub.id}/deliveries/${first!.id}/redeliver`)
    expect(res.status).toBe(202)
    const after = await eventually(
      async () => {
        const items = await deliveries(sub.id)
        return items[0]?.attempts.length === 2 && items[0].status === 'delivered' ? items : undefined
      },
      { what: 'redelivered' },
    )
    expect(after).toHaveLength(1)
    expect(received.filter((r) => r.path === '/again').map((r) => r.headers['x-crossdock-delivery'])).toEqual([
      first!.id,
      first!.id,
    ])
    expect(
      (await ops.call('POST', `/subscriptions/${sub.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`))
        .status,
    ).toBe(404)
  })

  it("a job never sends another tenant's delivery; a last failed attempt marks the delivery failed", async () => {
    const sub = await subscribe('/guarded', ['order.routed'])
    plan.set('/guarded', [503, 503, 503, 503])
    await hub.services.db('event_subscriptions').where({ id: sub.id }).update({ enabled: false })
    await emit(owner.tenantId, 'order.routed', { orderId: 'o-9' })
    expect(await hub.services.db('event_deliveries').where({ subscription_id: sub.id })).toHaveLength(0)
    await hub.services.db('event_subscriptions').where({ id: sub.id }).update({ enabled: true })
    // hand-made delivery row, driven by direct handler calls (no queued job)
    const [d] = await hub.services
      .db('event_deliveries')
      .insert({
        tenant_id: owner.tenantId,
        subscription_id: sub.id,
        event: 'order.routed',
        payload: JSON.stringify({ orderId: 'o-9' }),
      })
      .returning('id')
    const intruder = await tenantWithToken(hub, 'owner')
    const job = (data: DeliveryJob, retryCount: number) =>
      ({ data, retryCount, retryLimit: OUTBOUND_QUEUES.deliver.retryLimit }) as unknown as JobWithMetadata<DeliveryJob>
    await deliverEvent(hub.services, job({ tenantId: intruder.tenantId, deliveryId: d.id }, 0))
    expect(received.filter((r) => r.path === '/guarded')).toHaveLength(0)
    expect((await hub.services.db('event_deliveries').where({ id: d.id }).first()).attempts).toEqual([])
    await expect(deliverEvent(hub.services, job({ tenantId: owner.tenantId, deliveryId: d.id }, 0))).rejects.toThrow(
      /HTTP 503/,
    )
    expect((await hub.services.db('event_deliveries').where({ id: d.id }).first()).status).toBe('pending')
    await expect(
      deliverEvent(
        hub.services,
        job({ tenantId: owner.tenantId, deliveryId: d.id }, OUTBOUND_QUEUES.deliver.retryLimit),
      ),
    ).rejects.toThrow(/HTTP 503/)
    const row = await hub.services.db('event_deliveries').where({ id: d.id }).first()
    expect(row.status).toBe('failed')
    expect(row.attempts.map((a: { status: number }) => a.status)).toEqual([503, 503])
  })

  it('records a network error as an attempt with no status', async () => {
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const port = (closed.address() as AddressInfo).port
    await new Promise((r) => closed.close(r))
    const res = await owner.call('POST', '/subscriptions', {
      url: `http://127.0.0.1:${port}/gone`,
      events: ['inventory.changed'],
    })
    expect(res.status).toBe(201)
    const [d] = await hub.services
      .db('event_deliveries')
      .insert({ tenant_id: owner.tenantId, subscription_id: res.body.id, event: 'inventory.changed', payload: '{}' })
      .returning('id')
    const job = {
      data: { tenantId: owner.tenantId, deliveryId: d.id },
      retryCount: 0,
      retryLimit: 12,
    } as unknown as JobWithMetadata<DeliveryJob>
    await expect(deliverEvent(hub.services, job)).rejects.toThrow(/not reached/)
    const row = await hub.services.db('event_deliveries').where({ id: d.id }).first()
    expect(row.attempts).toHaveLength(1)
    expect(row.attempts[0]).toMatchObject({ status: null })
    expect(row.attempts[0].error).toMatch(/ECONNREFUSED/)
  })

  it('deletes a subscription with its deliveries; another tenant gets 404', async () => {
    const sub = await subscribe('/bye', ['order.imported'])
    const intruder = await tenantWithToken(hub, 'owner')
    expect((await intruder.call('DELETE', `/subscriptions/${sub.id}`)).status).toBe(404)
    expect((await intruder.call('GET', `/subscriptions/${sub.id}/deliveries`)).status).toBe(404)
    await emit(owner.tenantId, 'order.imported', { orderId: 'o-bye' })
    expect(await hub.services.db('event_deliveries').where({ subscription_id: sub.id })).toHaveLength(1)
    expect((await owner.call('DELETE', `/subscriptions/${sub.id}`)).status).toBe(200)
    expect(await hub.services.db('event_deliveries').where({ subscription_id: sub.id })).toHaveLength(0)
    expect((await owner.call('GET', `/subscriptions/${sub.id}/deliveries`)).status).toBe(404)
  })

  it('appears in the OpenAPI document with its schemas', async () => {
    const doc = (await (await fetch(`${hub.url}/docs/json`)).json()) as { paths: Record<string, Record<string, any>> }
    for (const p of [
      '/api/v1/subscriptions',
      '/api/v1/subscriptions/{subscriptionId}',
      '/api/v1/subscriptions/{subscriptionId}/deliveries',
      '/api/v1/subscriptions/{subscriptionId}/deliveries/{deliveryId}/redeliver',
    ]) {
      expect(Object.keys(doc.paths), p).toContain(p)
    }
    const post = doc.paths['/api/v1/subscriptions']!.post
    expect(post.tags).toEqual(['events'])
    expect(JSON.stringify(post.requestBody)).toContain('shipment.created')
  })

  it('never stores or queues a secret in clear', async () => {
    const subs = await owner.call('GET', '/subscriptions')
    const secrets = await Promise.all(
      subs.body.items.map(async (s: { id: string }) => {
        const row = await hub.services.db('event_subscriptions').where({ id: s.id }).first('secret_enc')
        return hub.services.box.open<string>(row.secret_enc, s.id)
      }),
    )
    expect(secrets.length).toBeGreaterThan(3)
    const tables = (
      await hub.services.db
        .raw(`select n.nspname as s, c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'pgboss') and c.relkind in ('r', 'p')`)
    ).rows as { s: string; t: string }[]
    for (const secret of secrets) {
      for (const { s, t } of tables) {
        const r = await hub.services.db.raw(`select count(*)::int as n from "${s}"."${t}" x where x::text like ?`, [
          `%${secret}%`,
        ])
        expect(r.rows[0].n, `${s}.${t}`).toBe(0)
      }
    }
  })
})
