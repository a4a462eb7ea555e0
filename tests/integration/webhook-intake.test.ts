import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConnection } from '../../src/db/connections.ts'
import { createTenant, eventually, startTestHub, type TestHub } from '../support/hub.ts'
import { toyConnector, toySign } from '../support/toy-connector.ts'

describe('webhook intake (one path for every connector)', () => {
  let hub: TestHub
  let connectionId: string
  let tenantId: string
  const secret = 'toy-secret'

  beforeAll(async () => {
    hub = await startTestHub({ connectors: [toyConnector] })
    tenantId = await createTenant(hub)
    connectionId = (
      await createConnection(hub.services.db, hub.services.box, {
        tenantId,
        kind: 'toy',
        name: 'toy',
        credentials: { secret },
      })
    ).id
  })
  afterAll(async () => {
    await hub?.close()
  })

  const post = (body: string, signature?: string, path = `/webhooks/toy/${connectionId}`) =>
    fetch(hub.url + path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-toy-signature': signature } : {}) },
    })
  const inbox = () => hub.services.db('webhook_inbox').where({ connection_id: connectionId })
  const jobsFor = async (inboxId: string) =>
    (
      await hub.services.db.raw(
        `select count(*)::int as n from pgboss.job where name = 'webhook-process' and data->>'inboxId' = ?`,
        [inboxId],
      )
    ).rows[0].n

  it('rejects a bad or missing signature with 401 and stores nothing', async () => {
    const body = JSON.stringify({ id: 'evt-bad', topic: 'product', data: {} })
    const r1 = await post(body, toySign('wrong', body))
    expect(r1.status).toBe(401)
    expect((await r1.json()).error.code).toBe('WEBHOOK_SIGNATURE_INVALID')
    expect((await post(body)).status).toBe(401)
    const tampered = await post(body.replace('evt-bad', 'evt-bad2'), toySign(secret, body))
    expect(tampered.status).toBe(401)
    expect(await inbox()).toHaveLength(0)
  })

  it('answers 404 for an unknown connection or kind, without storing', async () => {
    const body = JSON.stringify({ id: 'e', topic: 'x' })
    expect((await post(body, toySign(secret, body), `/webhooks/toy/00000000-0000-4000-8000-000000000000`)).status).toBe(
      404,
    )
    expect((await post(body, toySign(secret, body), `/webhooks/toy/not-a-uuid`)).status).toBe(404)
    expect((await post(body, toySign(secret, body), `/webhooks/nope/${connectionId}`)).status).toBe(404)
    expect(await inbox()).toHaveLength(0)
  })

  it('stores a verified event once, enqueues its job in the same transaction, and processes it', async () => {
    const body = JSON.stringify({ id: 'evt-1', topic: 'product', data: { handle: 'mug', sku: 'MUG-1', title: 'Mug' } })
    const res = await post(body, toySign(secret, body))
    expect(res.status).toBe(200)
    const ack = await res.json()
    expect(ack).toMatchObject({ accepted: 1, duplicates: 0 })
    const rows = await inbox()
    expect(rows).toHaveLength(1)
    expect(await jobsFor(rows[0].id)).toBe(1)
    await eventually(async () => (await inbox().first()).status === 'processed', { what: 'inbox row processed' })
    const variant = await hub.services.db('variants').where({ tenant_id: tenantId, sku: 'MUG-1' }).first()
    expect(variant).toBeTruthy()
    const binding = await hub.services
      .db('bindings')
      .where({ connection_id: connectionId, external_id: 'toy-MUG-1' })
      .first()
    expect(binding.canonical_id).toBe(variant.id)
  })

  it('a duplicate delivery answers 200 and enqueues nothing', async () => {
    const body = JSON.stringify({ id: 'evt-1', topic: 'product', data: { handle: 'mug', sku: 'MUG-1', title: 'Mug' } })
    const res = await post(body, toySign(secret, body))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ accepted: 1, duplicates: 1, receipts: [] })
    const rows = await inbox()
    expect(rows).toHaveLength(1)
    expect(await jobsFor(rows[0].id)).toBe(1)
  })

  it('a failing event is marked failed with its error and retried by the queue', async () => {
    const body = JSON.stringify({ id: 'evt-boom', topic: 'boom' })
    expect((await post(body, toySign(secret, body))).status).toBe(200)
    const row = await eventually(
      async () => {
        const r = await inbox().where({ event_id: 'evt-boom' }).first()
        return r?.status === 'failed' && r.attempts >= 1 ? r : undefined
      },
      { what: 'failed inbox row' },
    )
    expect(row.error).toMatch(/toy processing failed/)
  })

  it('an uninstall event disconnects the connection', async () => {
    const body = JSON.stringify({ id: 'evt-un', topic: 'uninstalled' })
    expect((await post(body, toySign(secret, body))).status).toBe(200)
    await eventually(
      async () => (await hub.services.db('connections').where({ id: connectionId }).first()).status === 'disconnected',
      { what: 'disconnected' },
    )
  })

  it('refuses a body over the webhook limit with 413 and stores nothing', async () => {
    const big = JSON.stringify({ id: 'big', topic: 'x', data: 'x'.repeat(hub.services.config.webhookBodyLimitBytes) })
    const res = await post(big, toySign(secret, big))
    expect(res.status).toBe(413)
    expect(await inbox().where({ event_id: 'big' })).toHaveLength(0)
  })
})
