// Table tests of the pure listings and FBA mappers: the patch and feed we send (held to Amazon's
// models and feed schema), per-SKU outcomes from submissions and processing reports, FBA levels.
import { describe, expect, it } from 'vitest'
import {
  fbaLocation,
  listingsFeedDocument,
  mapFbaSummary,
  patchOutcome,
  quantityPatchRequest,
  reportOutcomes,
  type ProcessingReport,
} from '../../src/mappers/amazon/index.ts'
import { check, LocationSchema } from '../../src/model/index.ts'
import { spApiModels } from '../../src/sandbox/amazon/validator.ts'

const opts = { productType: 'PRODUCT', channelCode: 'DEFAULT' }

describe('what we send', () => {
  it('a quantity patch merges fulfillment_availability and validates against the Listings model', () => {
    const body = quantityPatchRequest(7, opts)
    expect(body.patches).toEqual([
      {
        op: 'merge',
        path: '/attributes/fulfillment_availability',
        value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }],
      },
    ])
    const r = spApiModels().validateRequest({
      method: 'PATCH',
      url: '/listings/2021-08-01/items/A1/SKU-1?marketplaceIds=ATVPDKIKX0DER&includedData=issues',
      body,
    })
    expect(r.errors).toEqual([])
  })

  it("a JSON_LISTINGS_FEED validates against Amazon's feed schema, one PATCH message per SKU", () => {
    const doc = listingsFeedDocument(
      'A1',
      [
        { sku: 'A', quantity: 0 },
        { sku: 'B', quantity: 12 },
      ],
      opts,
    )
    expect(spApiModels().validateSchema('listingsFeed', doc)).toEqual([])
    expect(doc.messages.map((m) => [m.messageId, m.sku, m.operationType])).toEqual([
      [1, 'A', 'PATCH'],
      [2, 'B', 'PATCH'],
    ])
    for (const msg of doc.messages) expect(spApiModels().validateSchema('listingsFeedMessage', msg)).toEqual([])
  })
})

describe('submission outcomes', () => {
  it.each([
    [{ sku: 'S', status: 'ACCEPTED', submissionId: '1', issues: [] }, 'ok'],
    [
      {
        sku: 'S',
        status: 'ACCEPTED',
        submissionId: '1',
        issues: [{ code: 'W', message: 'warn', severity: 'WARNING' }],
      },
      'ok',
    ],
    [
      {
        sku: 'S',
        status: 'INVALID',
        submissionId: '1',
        issues: [{ code: '90220', message: 'x required', severity: 'ERROR', attributeNames: ['x'] }],
      },
      'rejected',
    ],
    [{ sku: 'S', status: 'INVALID', submissionId: '1' }, 'rejected'],
  ] as const)('%j → %s', (res, status) => {
    const o = patchOutcome(res as never)
    expect(o.status).toBe(status)
    if (status === 'rejected' && (res as { issues?: unknown[] }).issues)
      expect(o.error).toEqual({ code: 'AMAZON_90220', message: 'x required', field: 'x' })
  })
})

describe('processing report outcomes', () => {
  const report = (issues: ProcessingReport['issues'], processed = 4): ProcessingReport => ({
    header: { sellerId: 'A1', version: '2.0', feedId: 'F1' },
    issues,
    summary: {
      errors: issues.filter((i) => i.severity === 'ERROR').length,
      warnings: 0,
      messagesProcessed: processed,
      messagesAccepted: 0,
      messagesInvalid: 0,
    },
  })
  it('errors reject their message only; warnings leave it ok', () => {
    const out = reportOutcomes(
      report([
        { messageId: 2, sku: 'B', code: 'BAD_REQUEST', severity: 'ERROR', message: 'The provided payload is invalid.' },
        { messageId: 3, sku: 'C', code: '18448', severity: 'WARNING', message: 'incomplete' },
        { messageId: 4, sku: 'D', code: '1', severity: 'ERROR', message: 'first' },
        { messageId: 4, sku: 'D', code: '2', severity: 'ERROR', message: 'second' },
      ]),
      4,
    )
    expect(out.map((o) => o.status)).toEqual(['ok', 'rejected', 'ok', 'rejected'])
    expect(out[1]!.error).toEqual({ code: 'AMAZON_BAD_REQUEST', message: 'The provided payload is invalid.' })
    expect(out[3]!.error?.message).toBe('first (+1 more)')
  })
  it('a feed-level error (no messageId) rejects every message', () => {
    const out = reportOutcomes(
      report([{ code: '4002001', severity: 'ERROR', message: "Item 'Feed' cannot be parsed." }], 0),
      3,
    )
    expect(out.every((o) => o.status === 'rejected' && o.error?.code === 'AMAZON_4002001')).toBe(true)
  })
  it('messages the report did not process are retryable, not assumed applied', () => {
    const out = reportOutcomes(report([], 1), 2)
    expect(out.map((o) => o.status)).toEqual(['retryable', 'retryable'])
  })
})

describe('FBA summaries', () => {
  const us = { id: 'ATVPDKIKX0DER', code: 'US', country: 'US', timeZone: 'America/Los_Angeles', domain: 'amazon.com' }
  const uk = { id: 'A1F83G8C2ARO7P', code: 'UK', country: 'GB', timeZone: 'Europe/London', domain: 'amazon.co.uk' }
  it.each([
    [
      { fulfillableQuantity: 10, reservedQuantity: { totalReservedQuantity: 3 } },
      { onHand: 13, reserved: 3, available: 10 },
    ],
    [
      { fulfillableQuantity: 0, inboundShippedQuantity: 50 },
      { onHand: 0, reserved: 0, available: 0 },
    ],
    [
      { fulfillableQuantity: 5, unfulfillableQuantity: { totalUnfulfillableQuantity: 9 } },
      { onHand: 5, reserved: 0, available: 5 },
    ],
  ])('%j → %j', (details, expected) => {
    const r = mapFbaSummary(
      { sellerSku: 'SKU-1', totalQuantity: 999, inventoryDetails: details },
      us,
      (s) => s,
      '2026-01-01T00:00:00.000Z',
    )
    expect(r.ok && r.level).toEqual({
      sku: 'SKU-1',
      locationCode: 'FBA-US',
      asOf: '2026-01-01T00:00:00.000Z',
      ...expected,
    })
  })
  it('without details it refuses to guess from totalQuantity (which counts inbound)', () => {
    const r = mapFbaSummary({ sellerSku: 'SKU-1', totalQuantity: 40 }, us, (s) => s, '2026-01-01T00:00:00.000Z')
    expect(r.ok).toBe(false)
  })
  it('the seller SKU resolves through the alias function', () => {
    const r = mapFbaSummary(
      { sellerSku: 'AMZ-MUG', inventoryDetails: { fulfillableQuantity: 1 } },
      us,
      (s) => (s === 'AMZ-MUG' ? 'MUG' : s),
      '2026-01-01T00:00:00.000Z',
    )
    expect(r.ok && r.level.sku).toBe('MUG')
  })
  it('the UK location is FBA-UK with ISO country GB', () => {
    const loc = fbaLocation(uk)
    expect(loc).toMatchObject({ code: 'FBA-UK', country: 'GB', type: 'fba', timeZone: 'Europe/London' })
    expect(check(LocationSchema, loc).ok).toBe(true)
  })
})
