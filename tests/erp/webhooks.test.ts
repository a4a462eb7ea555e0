// ERP documents over real HTTP: the ERP sandbox signs and posts, the intake (a stand-in for the
// hub's generic one) calls the connector's verify and parse and stores one event per document,
// the job's process maps it with the connection's mapping into records with per-record errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  erpConnector,
  type ErpCredentials,
  type ErpEventPayload,
  type ErpSettings,
} from '../../src/connectors/erp/index.ts'
import type { InboundEvent, PulledItem, WebhookEffect } from '../../src/connectors/types.ts'
import { presetMapping } from '../../src/mappers/erp/index.ts'
import { listenErpSandbox } from '../../src/sandbox/erp/index.ts'
import { erpContext } from './support/context.ts'
import { startIntake, type TestIntake } from './support/intake.ts'

const secret = 'connection-inbound-secret-42'
type Sandbox = Awaited<ReturnType<typeof listenErpSandbox>>

async function processEvent(settings: ErpSettings, event: InboundEvent): Promise<PulledItem[]> {
  const effects: WebhookEffect[] = await erpConnector.webhooks!.process(
    erpContext(settings, { inboundSecret: secret }),
    event,
  )
  expect(effects).toHaveLength(1)
  const effect = effects[0]!
  if (effect.kind !== 'records') throw new Error(`expected records, got ${effect.kind}`)
  return effect.items
}

function lastEvent(intake: TestIntake): InboundEvent {
  return [...intake.inbox.values()].at(-1)!
}

describe('SAP Business One documents', () => {
  const mapping = presetMapping('sap-b1')
  const settings: ErpSettings = { mapping }
  let intake: TestIntake
  let erp: Sandbox
  beforeAll(async () => {
    intake = await startIntake(erpConnector, {
      settings,
      credentials: { inboundSecret: secret } satisfies ErpCredentials,
    })
    erp = await listenErpSandbox({ flavor: 'sap-b1', secret, hubUrl: `${intake.url}/webhooks/erp/c-1` })
  })
  afterAll(async () => {
    await erp.close()
    await intake.close()
  })

  it('an item master in JSON is acknowledged 202 with a receipt, stored as one event, and mapped to products', async () => {
    const [sent] = await erp.control.send({ type: 'item_master', format: 'json', documentId: 'items-json-1' })
    expect(sent!.status).toBe(202)
    expect(JSON.parse(sent!.body)).toMatchObject({ accepted: 1, duplicates: 0, receiptId: expect.any(String) })
    const event = intake.inbox.get('doc:items-json-1')!
    expect(event.topic).toBe('erp.item_master')
    expect(event.payload as ErpEventPayload).toMatchObject({
      documentId: 'items-json-1',
      documentType: 'item_master',
      format: 'json',
    })
    const items = await processEvent(settings, event)
    expect(items.map((i) => [i.externalId, i.error])).toEqual([
      ['MUG-BLUE-350', undefined],
      ['TEAPOT-1L', undefined],
    ])
    expect(items[0]!.records![0]).toMatchObject({
      type: 'product',
      value: { handle: 'MUG-BLUE-350', variants: [{ sku: 'MUG-BLUE-350', weight: { value: 340, unit: 'g' } }] },
    })
    expect(items[0]!.bindings).toEqual([
      { entity: 'variant', canonicalKey: 'MUG-BLUE-350', externalId: 'MUG-BLUE-350', externalSku: 'MUG-BLUE-350' },
    ])
  })

  it('the same item master in XML gives the same records', async () => {
    await erp.control.send({ type: 'item_master', format: 'xml', documentId: 'items-xml-1' })
    const fromXml = await processEvent(settings, intake.inbox.get('doc:items-xml-1')!)
    const fromJson = await processEvent(settings, intake.inbox.get('doc:items-json-1')!)
    expect(fromXml.map((i) => i.records)).toEqual(fromJson.map((i) => i.records))
  })

  it('a 10,000-SKU stock snapshot is one event, stored once even when sent twice, and maps to every level', async () => {
    erp.control.seed(10_000)
    const first = await erp.control.send({ type: 'stock_snapshot', format: 'json', documentId: 'snapshot-2026-08-10' })
    const again = await erp.control.send({ type: 'stock_snapshot', format: 'json', documentId: 'snapshot-2026-08-10' })
    expect(first.map((r) => [r.status, JSON.parse(r.body).duplicates])).toEqual([[202, 0]])
    expect(again.map((r) => [r.status, JSON.parse(r.body).duplicates])).toEqual([[202, 1]])
    const events = [...intake.inbox.keys()].filter((k) => k.startsWith('doc:snapshot-2026-08-10'))
    expect(events).toEqual(['doc:snapshot-2026-08-10'])
    const started = performance.now()
    const items = await processEvent(settings, intake.inbox.get('doc:snapshot-2026-08-10')!)
    const mapMs = Math.round(performance.now() - started)
    expect(items).toHaveLength(first[0]!.records)
    expect(items).toHaveLength(19_999)
    expect(items.filter((i) => i.error)).toEqual([])
    expect(new Set(items.map((i) => i.externalId)).size).toBe(items.length)
    console.info(
      `[figure] B1 JSON stock snapshot, 10,000 SKUs / ${items.length} levels / ${(first[0]!.bytes / 1048576).toFixed(1)} MiB: post+verify+check ${first[0]!.ms} ms, map ${mapMs} ms`,
    )
  })

  it('a big export can be split: one event per document', async () => {
    const results = await erp.control.send({
      type: 'stock_snapshot',
      format: 'xml',
      documentId: 'split',
      batchSize: 2_500,
    })
    expect(results.map((r) => [r.documentId, r.status])).toEqual([
      ['split-1', 202],
      ['split-2', 202],
      ['split-3', 202],
      ['split-4', 202],
    ])
    expect([...intake.inbox.keys()].filter((k) => k.startsWith('doc:split'))).toHaveLength(4)
    erp.control.seed(2)
  })

  it('without a document id the event id is the hash of what was signed: an identical resend is the same event', async () => {
    const before = intake.inbox.size
    // One timestamp for both sends: the signed text carries it, so two clocks a second apart are two events.
    const timestamp = Math.floor(Date.now() / 1000) - 10
    const a = await erp.control.send({ type: 'item_master', format: 'json', timestamp })
    const b = await erp.control.send({ type: 'item_master', format: 'json', timestamp })
    expect(JSON.parse(a[0]!.body).duplicates + JSON.parse(b[0]!.body).duplicates).toBe(1)
    expect(intake.inbox.size).toBe(before + 1)
    expect(lastEvent(intake).eventId).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  it('a bad signature and a stale timestamp are refused with 401 and nothing is stored', async () => {
    const before = intake.inbox.size
    const [bad] = await erp.control.send({
      type: 'item_master',
      format: 'json',
      documentId: 'forged',
      tamper: 'signature',
    })
    const [stale] = await erp.control.send({
      type: 'item_master',
      format: 'json',
      documentId: 'replayed',
      tamper: 'stale',
    })
    expect([bad!.status, JSON.parse(bad!.body).code]).toEqual([401, 'WEBHOOK_SIGNATURE_INVALID'])
    expect([stale!.status, JSON.parse(stale!.body).code]).toEqual([401, 'WEBHOOK_TIMESTAMP_STALE'])
    expect(intake.inbox.size).toBe(before)
  })

  it('records the mapping cannot read are rejected one by one, naming the field; a mapping fix re-maps the stored event', async () => {
    await erp.control.send({
      type: 'stock_delta',
      format: 'json',
      documentId: 'receipt-77',
      movements: [
        { sku: 'MUG-BLUE-350', warehouse: '01', quantity: 24 },
        { sku: 'TEAPOT-1L', warehouse: '99', quantity: 6 },
      ],
    })
    const event = intake.inbox.get('doc:receipt-77')!
    const items = await processEvent(settings, event)
    expect(items.map((i) => i.records?.[0]?.value)).toEqual([
      {
        sku: 'MUG-BLUE-350',
        locationCode: 'MAIN',
        delta: 24,
        reason: 'receipt',
        reference: expect.stringMatching(/^\d+:0$/),
      },
      undefined,
    ])
    expect(items[1]!.externalId).toBe('TEAPOT-1L')
    expect(items[1]!.error).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'locationCode',
      message: 'locationCode: "99" has no entry in lookup "warehouses" (from WarehouseCode)',
    })

    const fixed = structuredClone(mapping)
    fixed.version = 2
    fixed.lookups!.warehouses!['99'] = 'OVERFLOW'
    const again = await processEvent({ mapping: fixed }, event)
    expect(again.map((i) => [i.records?.[0]?.value, i.error])).toEqual([
      [expect.objectContaining({ locationCode: 'MAIN' }), undefined],
      [expect.objectContaining({ sku: 'TEAPOT-1L', locationCode: 'OVERFLOW', delta: 6 }), undefined],
    ])
  })

  it('an unknown document type is refused at the intake', async () => {
    const res = await fetch(`${intake.url}/webhooks/erp/c-1`, {
      method: 'POST',
      body: '{}',
      headers: {
        'Content-Type': 'application/json',
        'X-Crossdock-Document-Type': 'invoices',
        ...(await import('../../src/connectors/erp/auth.ts')).signErpBody(secret, '{}', Date.now() / 1000),
      },
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { code: string }).code).toBe('WEBHOOK_PAYLOAD_INVALID')
  })
})

describe('Odoo documents (XML-RPC)', () => {
  const settings: ErpSettings = { preset: 'odoo' }
  let intake: TestIntake
  let erp: Sandbox
  beforeAll(async () => {
    intake = await startIntake(erpConnector, { settings, credentials: { inboundSecret: secret } })
    erp = await listenErpSandbox({ flavor: 'odoo', secret, hubUrl: `${intake.url}/webhooks/erp/c-2` })
  })
  afterAll(async () => {
    await erp.close()
    await intake.close()
  })

  it('a stock.quant search_read answer as XML-RPC and as JSON-2 gives the same levels', async () => {
    await erp.control.send({ type: 'stock_snapshot', format: 'xml', documentId: 'quants-xml' })
    await erp.control.send({ type: 'stock_snapshot', format: 'json', documentId: 'quants-json' })
    const xml = await processEvent(settings, intake.inbox.get('doc:quants-xml')!)
    const json = await processEvent(settings, intake.inbox.get('doc:quants-json')!)
    expect(xml.map((i) => i.records)).toEqual(json.map((i) => i.records))
    expect(xml.map((i) => i.records?.[0]?.value)).toEqual([
      { sku: 'MUG-BLUE-350', locationCode: 'MAIN', onHand: 66, reserved: 4, available: 62 },
      { sku: 'MUG-BLUE-350', locationCode: 'JP-TOKYO', onHand: 12, reserved: 0, available: 12 },
      { sku: 'TEAPOT-1L', locationCode: 'MAIN', onHand: 5, reserved: 5, available: 0 },
    ])
  })

  it('a 10,000-SKU snapshot as XML-RPC (the most verbose shape) goes through', async () => {
    erp.control.seed(10_000)
    const [sent] = await erp.control.send({ type: 'stock_snapshot', format: 'xml', documentId: 'quants-10k' })
    expect(sent!.status).toBe(202)
    const started = performance.now()
    const items = await processEvent(settings, intake.inbox.get('doc:quants-10k')!)
    const mapMs = Math.round(performance.now() - started)
    expect(items).toHaveLength(19_999)
    expect(items.filter((i) => i.error)).toEqual([])
    console.info(
      `[figure] Odoo XML-RPC stock snapshot, 10,000 SKUs / ${items.length} quants / ${(sent!.bytes / 1048576).toFixed(1)} MiB: post+verify+check ${sent!.ms} ms, parse+map ${mapMs} ms`,
    )
    erp.control.seed(2)
  })
})
