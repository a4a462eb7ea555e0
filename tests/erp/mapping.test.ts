// Mapping documents: validated on save with every problem named by its place in the mapping, and
// the dry run a seller sees in the editor (records and field errors, nothing written).
import { describe, expect, it } from 'vitest'
import { dryRun } from '../../src/connectors/erp/dry-run.ts'
import { validateErpSettings } from '../../src/connectors/erp/settings.ts'
import { CrossdockError } from '../../src/errors.ts'
import { mappingProblems, presetMapping, validateErpMapping, type ErpMapping } from '../../src/mappers/erp/index.ts'

function refusal(fn: () => unknown): CrossdockError {
  try {
    fn()
  } catch (err) {
    if (err instanceof CrossdockError) return err
    throw err
  }
  throw new Error('was accepted')
}

describe('validation on save', () => {
  it('names every problem by where it is', () => {
    const bad = {
      version: 2,
      timeZone: 'Europe/Atlantis',
      documents: {
        stock_snapshot: {
          records: 'value..rows',
          fields: {
            sku: { from: 'ItemCode' },
            locationCode: { from: 'Whs', transforms: [{ op: 'lookup', table: 'warehouses' }] },
            onHand: { from: 'Qty', transforms: [{ op: 'date', timeZone: 'Nowhere/Else' }] },
            colour: { from: 'Colour' },
            reserved: { transforms: [{ op: 'integer' }] },
          },
        },
        price_list: {
          records: '$.value',
          duplicates: 'sum',
          fields: {
            sku: { from: 'ItemCode', transforms: [{ op: 'match', pattern: '([' }] },
            amount: { from: 'Price' },
          },
        },
      },
      outbound: { orders: { path: '/Orders', body: { A: { $from: 'a[' }, B: { $each: 'lines' }, C: { $form: 'x' } } } },
    }
    const fields = mappingProblems(bad).map((p) => p.field)
    expect(fields[0]).toBe('/timeZone')
    expect(fields).toEqual(
      expect.arrayContaining([
        '/timeZone',
        '/documents/stock_snapshot/records',
        '/documents/stock_snapshot/fields/locationCode/transforms/0/table',
        '/documents/stock_snapshot/fields/onHand/transforms/0/timeZone',
        '/documents/stock_snapshot/fields/colour',
        '/documents/stock_snapshot/fields/reserved',
        '/documents/price_list/duplicates',
        '/documents/price_list/fields/sku/transforms/0/pattern',
        '/documents/price_list/fields/currency',
        '/outbound/orders/body/A/$from',
        '/outbound/orders/body/B',
        '/outbound/orders/body/C/$form',
      ]),
    )
    const e = refusal(() => validateErpMapping(bad))
    expect(e.code).toBe('MAPPING_INVALID')
    expect(e.status).toBe(400)
    expect(e.message).toMatch(/^the mapping is not valid: \/timeZone: unknown IANA time zone Europe\/Atlantis; /)
    expect((e.details!.errors as unknown[]).length).toBe(fields.length)
  })

  it('schema problems come first, by JSON pointer', () => {
    const noVersion = { ...presetMapping('sap-b1') } as Partial<ErpMapping>
    delete noVersion.version
    expect(mappingProblems(noVersion).map((p) => p.field)).toContain('/version')
    expect(mappingProblems({ ...presetMapping('odoo'), xmlStyle: 'soap' }).map((p) => p.field)).toContain('/xmlStyle')
  })

  it('connection settings need a mapping or a preset and a real URL', () => {
    expect(refusal(() => validateErpSettings({})).code).toBe('VALIDATION_FAILED')
    expect(
      refusal(() => validateErpSettings({ preset: 'odoo', outbound: { url: 'ftp://erp', format: 'xml' } })).code,
    ).toBe('VALIDATION_FAILED')
    expect(
      refusal(() => validateErpSettings({ mapping: { ...presetMapping('sap-b1'), timeZone: 'Nope/Nope' } })).code,
    ).toBe('MAPPING_INVALID')
    expect(
      validateErpSettings({ preset: 'sap-b1', outbound: { url: 'https://erp.example.com:50000', format: 'json' } }),
    ).toBeTruthy()
  })
})

describe('dry run', () => {
  // a home-grown ERP export: JSON, German decimal commas, local times, codes to look up
  const mapping: ErpMapping = {
    version: 7,
    timeZone: 'Europe/Berlin',
    locale: 'de-DE',
    documents: {
      item_master: {
        records: '$.artikel[*]',
        fields: {
          sku: { from: 'nr', transforms: [{ op: 'trim' }, { op: 'upper' }], required: true },
          title: { from: ['bez1', 'bez2'], transforms: [{ op: 'concat', separator: ' – ' }] },
          'title.en-US': { from: 'bez_en' },
          weight: {
            from: 'gewicht',
            transforms: [
              { op: 'number', decimalSeparator: ',' },
              { op: 'unit', from: 'kg', to: 'g' },
            ],
          },
          status: { from: 'status', transforms: [{ op: 'lookup', table: 'status' }], default: 'active' },
          countryOfOrigin: { from: 'herkunft', default: 'DE' },
          vendor: { value: 'Eigenmarke' },
        },
      },
      stock_snapshot: {
        records: '$.bestand[*]',
        fields: {
          sku: { from: 'nr' },
          locationCode: { from: 'lager', transforms: [{ op: 'lookup', table: 'lager' }] },
          onHand: { from: 'menge', transforms: [{ op: 'number', decimalSeparator: ',' }, { op: 'integer' }] },
          asOf: { from: ['datum', 'zeit'], transforms: [{ op: 'concat', separator: ' ' }, { op: 'date' }] },
        },
      },
    },
    lookups: { status: { A: 'active', G: 'archived' }, lager: { HH: 'DE-HAMBURG' } },
  }
  const body = JSON.stringify({
    artikel: [
      { nr: ' tasse-01 ', bez1: 'Tasse', bez2: 'blau', bez_en: 'Mug, blue', gewicht: '0,35', status: 'A' },
      { nr: 'kanne-02', bez1: 'Kanne', gewicht: '1.2', status: 'X' },
      { bez1: 'Ohne Nummer' },
    ],
    bestand: [{ nr: 'TASSE-01', lager: 'HH', menge: '1.204,0', datum: '10.08.2026', zeit: '14:30' }],
  })

  it('returns the canonical records and every error by field, for the editor', () => {
    const r = dryRun(mapping, 'application/json', body, { documentType: 'item_master' })
    expect(r.documentType).toBe('item_master')
    expect(r.mappingVersion).toBe(7)
    expect(r.canonical).toEqual([
      {
        type: 'product',
        value: {
          handle: 'TASSE-01',
          title: { 'de-DE': 'Tasse – blau', 'en-US': 'Mug, blue' },
          status: 'active',
          vendor: 'Eigenmarke',
          variants: [{ sku: 'TASSE-01', countryOfOrigin: 'DE', weight: { value: 350, unit: 'g' } }],
        },
      },
    ])
    expect(r.errors).toEqual([
      {
        index: 1,
        key: 'KANNE-02',
        code: 'VALIDATION_FAILED',
        field: 'weight',
        message: 'weight: "1.2" is not a number (from gewicht)',
      },
      {
        index: 1,
        key: 'KANNE-02',
        code: 'VALIDATION_FAILED',
        field: 'status',
        message: 'status: "X" has no entry in lookup "status" (from status)',
      },
      {
        index: 2,
        key: 'record 2',
        code: 'MAPPING_FIELD_MISSING',
        field: 'sku',
        message: 'sku is required but nr is empty or absent',
      },
    ])
    expect(r.summary).toEqual({ records: 3, ok: 1, rejected: 2 })
  })

  it('dates join and parse in the mapping’s zone', () => {
    const r = dryRun(mapping, 'application/json', body, { documentType: 'stock_snapshot' })
    expect(r.canonical).toEqual([
      {
        type: 'inventory_level',
        value: {
          sku: 'TASSE-01',
          locationCode: 'DE-HAMBURG',
          onHand: 1204,
          reserved: 0,
          asOf: '2026-08-10T12:30:00.000Z',
        },
      },
    ])
  })

  it('document-level problems come back as errors at index -1 instead of throwing', () => {
    expect(dryRun(mapping, 'application/json', body).errors).toEqual([
      {
        index: -1,
        code: 'WEBHOOK_PAYLOAD_INVALID',
        message: 'cannot tell the document type: send X-Crossdock-Document-Type or add a match rule to the mapping',
      },
    ])
    expect(dryRun(mapping, 'application/json', body, { documentType: 'order_ack' }).errors[0]!.message).toBe(
      'the mapping (version 7) has no rules for order_ack documents',
    )
    expect(dryRun(mapping, 'application/xml', '<!DOCTYPE x [<!ENTITY a "b">]><x/>').errors[0]!.code).toBe('BAD_REQUEST')
    const invalid = dryRun({ ...mapping, timeZone: 'Nope/Nope' }, 'application/json', body)
    expect(invalid.errors).toEqual([
      { index: -1, code: 'MAPPING_INVALID', field: '/timeZone', message: 'unknown IANA time zone Nope/Nope' },
    ])
  })

  it('two records with the same key are both rejected, naming each other', () => {
    const dup = JSON.stringify({
      bestand: [
        { nr: 'A', lager: 'HH', menge: '1' },
        { nr: 'A', lager: 'HH', menge: '2' },
      ],
    })
    const r = dryRun(mapping, 'application/json', dup, { documentType: 'stock_snapshot' })
    expect(r.canonical).toEqual([])
    expect(r.errors.map((e) => e.message)).toEqual([
      'A@DE-HAMBURG appears 2 times in this document (records 0, 1); send it once',
      'A@DE-HAMBURG appears 2 times in this document (records 0, 1); send it once',
    ])
  })
})
