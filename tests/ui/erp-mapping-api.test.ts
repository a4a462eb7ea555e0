// The ERP mapping routes the editor uses, over HTTP with API tokens: read (own or preset), save
// (validated, a new version each time, refusals naming the place in the mapping), dry run
// (records and errors, nothing written), and who may do what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presetMapping } from '../../src/mappers/erp/index.ts'
import { extraToken, tenantWithToken, type ApiCaller } from '../support/api.ts'
import { startTestHub, type TestHub } from '../support/hub.ts'

const ITEMS = JSON.stringify({
  'odata.metadata': 'https://erp/b1s/v1/$metadata#Items',
  value: [
    { ItemCode: 'KETTLE-2L', ItemName: 'Stovetop kettle', Valid: 'tYES' },
    { ItemCode: '  ', ItemName: 'No code' },
  ],
})

describe('ERP mapping routes', () => {
  let hub: TestHub
  let owner: ApiCaller
  let other: ApiCaller
  let erp = ''
  let warehouse = ''

  beforeAll(async () => {
    hub = await startTestHub({ roles: { api: true, worker: false } })
    owner = await tenantWithToken(hub)
    other = await tenantWithToken(hub)
    const created = await owner.call('POST', '/connections', {
      kind: 'erp',
      name: 'B1',
      settings: { preset: 'sap-b1' },
      credentials: { inboundSecret: 'a-long-enough-secret' },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    erp = created.body.id
    const wh = await owner.call('POST', '/connections', {
      kind: 'warehouse',
      name: 'WH',
      settings: { facilities: {} },
      credentials: { apiToken: 't' },
    })
    warehouse = wh.body.id
  })
  afterAll(async () => {
    await hub?.close()
  })

  it('reads the preset a connection starts from, or another preset on request', async () => {
    const r = await owner.call('GET', `/connections/${erp}/mapping`)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ source: 'preset', preset: 'sap-b1', presets: ['sap-b1', 'odoo'] })
    expect(r.body.mapping.documents.item_master.records).toBe('$.value[*]')
    const odoo = await owner.call('GET', `/connections/${erp}/mapping?preset=odoo`)
    expect(odoo.body.mapping.xmlStyle).toBe('xmlrpc')
    expect((await owner.call('GET', `/connections/${erp}/mapping?preset=nope`)).status).toBe(404)
  })

  it('saves a valid mapping as a new version each time, and refuses a broken one by its place', async () => {
    const m = presetMapping('sap-b1')
    m.lookups!.warehouses = { W1: 'US-EAST' }
    const first = await owner.call('PUT', `/connections/${erp}/mapping`, { mapping: m })
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.body.version).toBe(1)
    const second = await owner.call('PUT', `/connections/${erp}/mapping`, { mapping: { ...m, version: 99 } })
    expect(second.body.version).toBe(2)
    const stored = await hub.services.db('connections').where({ id: erp }).first('settings')
    expect(stored.settings.mapping.version).toBe(2)
    expect(stored.settings.mapping.lookups.warehouses).toEqual({ W1: 'US-EAST' })
    const broken = await owner.call('PUT', `/connections/${erp}/mapping`, {
      mapping: { ...m, timeZone: 'Mars/Olympus' },
    })
    expect(broken.status).toBe(400)
    expect(broken.body.error.code).toBe('MAPPING_INVALID')
    expect(broken.body.error.details.fields).toContainEqual({
      field: '/mapping/timeZone',
      message: 'unknown IANA time zone Mars/Olympus',
    })
    expect((await owner.call('GET', `/connections/${erp}/mapping`)).body.mapping.version).toBe(2)
  })

  it('a dry run maps a sample with the given (unsaved) mapping, names the bad record, writes nothing', async () => {
    const m = presetMapping('sap-b1')
    m.documents.item_master!.fields.handle = { from: 'ItemCode', transforms: [{ op: 'trim' }, { op: 'lower' }] }
    const r = await owner.call('POST', `/connections/${erp}/mapping/dry-run`, {
      contentType: 'application/json',
      body: ITEMS,
      mapping: m,
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.documentType).toBe('item_master')
    expect(r.body.summary).toEqual({ records: 2, ok: 1, rejected: 1 })
    expect(r.body.canonical[0].value).toMatchObject({ handle: 'kettle-2l', variants: [{ sku: 'KETTLE-2L' }] })
    expect(r.body.errors[0]).toMatchObject({ index: 1 })
    expect(await hub.services.db('variants').where({ sku: 'KETTLE-2L' }).first('id')).toBeUndefined()
    const bad = await owner.call('POST', `/connections/${erp}/mapping/dry-run`, {
      contentType: 'application/xml',
      body: '<a><b></a>',
    })
    expect(bad.status).toBe(200)
    expect(bad.body.errors[0].index).toBe(-1)
  })

  it('only ERP connections have a mapping; other tenants see none; viewers read but do not write', async () => {
    expect((await owner.call('GET', `/connections/${warehouse}/mapping`)).status).toBe(400)
    expect((await other.call('GET', `/connections/${erp}/mapping`)).status).toBe(404)
    expect(
      (
        await other.call('POST', `/connections/${erp}/mapping/dry-run`, {
          contentType: 'application/json',
          body: ITEMS,
        })
      ).status,
    ).toBe(404)
    const viewer = await extraToken(hub, owner.tenantId, 'viewer')
    expect((await viewer.call('GET', `/connections/${erp}/mapping`)).status).toBe(200)
    expect((await viewer.call('PUT', `/connections/${erp}/mapping`, { mapping: presetMapping('sap-b1') })).status).toBe(
      403,
    )
    const audit = await hub.services
      .db('audit_log')
      .where({ tenant_id: owner.tenantId, action: 'erp_mapping.saved' })
      .count<{ count: string }[]>('* as count')
    expect(Number(audit[0]!.count)).toBe(2)
  })
})
