// The validator itself: Amazon's own examples pass, wrong requests fail with the field named, and
// the connector's usage-plan table is the one in the models.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { USAGE_PLANS } from '../../src/connectors/amazon/limits.ts'
import { MODEL_DIR, SCHEMA_FILES, spApiModels } from '../../src/sandbox/amazon/validator.ts'

const models = spApiModels()
const read = (rel: string) => JSON.parse(readFileSync(MODEL_DIR + rel, 'utf8'))

describe('the official models', () => {
  it("Amazon's own searchOrders example validates, strictly", () => {
    const doc = read('orders_2026-01-01.json')
    const example = doc.paths['/orders/2026-01-01/orders'].get.responses['200'].examples['application/json']
    expect(models.validateResponse('searchOrders', 200, example)).toEqual([])
  })

  it.each(['listingsFeed', 'processingReport', 'ORDER_CHANGE', 'LISTINGS_ITEM_MFN_QUANTITY_CHANGE'] as const)(
    'the %s example validates',
    (name) => {
      const file = SCHEMA_FILES[name].replace('.json', '.example.json')
      const example =
        name === 'listingsFeed' || name === 'processingReport' ? read(file) : read(SCHEMA_FILES[name]).examples[0]
      expect(models.validateSchema(name, example)).toEqual([])
    },
  )

  it('a response with a field the model lacks is caught (strict)', () => {
    const errors = models.validateResponse('getFeed', 200, {
      feedId: '1',
      feedType: 'JSON_LISTINGS_FEED',
      createdTime: '2026-01-01T00:00:00Z',
      processingStatus: 'DONE',
      resultDocumentId: 'x',
    })
    expect(errors.join()).toContain('resultDocumentId')
  })

  it.each([
    ['/orders/2026-01-01/orders?lastUpdatedAfter=yesterday', 'query.lastUpdatedAfter must match format "date-time"'],
    [
      '/orders/2026-01-01/orders?lastUpdatedAfter=2026-01-01T00:00:00Z&includedData=ITEMS',
      'query.includedData/0 must be equal to one of the allowed values',
    ],
    [
      '/orders/2026-01-01/orders?lastUpdatedAfter=2026-01-01T00:00:00Z&nextToken=abc',
      'query.nextToken is not a parameter of searchOrders',
    ],
    [
      '/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=X&marketplaceIds=A,B',
      'query.marketplaceIds must NOT have more than 1 items',
    ],
    ['/orders/v0/orders?LastUpdatedAfter=2026-01-01T00:00:00Z', "must have required property 'query.MarketplaceIds'"],
  ])('GET %s is refused', (url, message) => {
    expect(models.validateRequest({ method: 'GET', url }).errors.join(' | ')).toContain(message)
  })

  it('a patch with an unknown op or no patches is refused', () => {
    const url = '/listings/2021-08-01/items/A1/SKU?marketplaceIds=ATVPDKIKX0DER'
    expect(
      models.validateRequest({ method: 'PATCH', url, body: { productType: 'PRODUCT', patches: [] } }).errors.join(),
    ).toContain('fewer than 1')
    expect(
      models
        .validateRequest({
          method: 'PATCH',
          url,
          body: { productType: 'PRODUCT', patches: [{ op: 'upsert', path: '/attributes/x' }] },
        })
        .errors.join(),
    ).toContain('allowed values')
  })

  it("the connector's rate and burst per operation are the models' usage plans", () => {
    const getOrder = models.operation('getOrder@orders-2026-01-01')
    for (const [op, plan] of Object.entries(USAGE_PLANS)) {
      const model = op === 'getOrder' ? getOrder : models.operation(op)
      expect({ op, ...model.usagePlan }).toEqual({ op, ...plan })
    }
  })

  it('the v0 order reads are deprecated in the model, confirmShipment is not', () => {
    expect(models.operation('getOrders').deprecated).toBe(true)
    expect(models.operation('getOrderItems').deprecated).toBe(true)
    expect(models.operation('confirmShipment').deprecated).toBe(false)
    expect(models.operation('searchOrders').deprecated).toBe(false)
  })
})
