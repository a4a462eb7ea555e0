import { describe, expect, it } from 'vitest'
import { candidatesFor, planRoute } from '../../src/sync/orders/route.ts'

const rules = {
  routes: { US: ['US-EAST', 'US-WEST'], CA: ['US-WEST'], EU: ['DE', 'UK'], GB: ['UK', 'DE'], '*': ['US-EAST'] },
}

describe('candidatesFor', () => {
  it('prefers the country, then its region, then the default', () => {
    expect(candidatesFor(rules, 'US')).toEqual(['US-EAST', 'US-WEST'])
    expect(candidatesFor(rules, 'FR')).toEqual(['DE', 'UK'])
    expect(candidatesFor(rules, 'GB')).toEqual(['UK', 'DE'])
    expect(candidatesFor(rules, 'BR')).toEqual(['US-EAST'])
    expect(candidatesFor({ routes: {} }, 'BR')).toEqual([])
  })
})

describe('planRoute', () => {
  it('ships from the first warehouse that has everything', () => {
    const plan = planRoute(
      [
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 1 },
      ],
      ['US-EAST', 'US-WEST'],
      {
        'US-EAST': { A: 1, B: 5 },
        'US-WEST': { A: 5, B: 5 },
      },
    )
    expect(plan).toEqual({
      allocations: [
        {
          locationCode: 'US-WEST',
          lines: [
            { sku: 'A', quantity: 2 },
            { sku: 'B', quantity: 1 },
          ],
        },
      ],
      backorder: [],
    })
  })
  it('prefers rule order when several can ship it all', () => {
    const plan = planRoute([{ sku: 'A', quantity: 1 }], ['US-EAST', 'US-WEST'], {
      'US-EAST': { A: 1 },
      'US-WEST': { A: 9 },
    })
    expect(plan.allocations[0]!.locationCode).toBe('US-EAST')
  })
  it('splits with the fewest shipments', () => {
    const plan = planRoute(
      [
        { sku: 'A', quantity: 3 },
        { sku: 'B', quantity: 2 },
      ],
      ['X', 'Y', 'Z'],
      {
        X: { A: 1 },
        Y: { A: 2, B: 2 },
        Z: { A: 3 },
      },
    )
    expect(plan.allocations).toEqual([
      {
        locationCode: 'Y',
        lines: [
          { sku: 'A', quantity: 2 },
          { sku: 'B', quantity: 2 },
        ],
      },
      { locationCode: 'X', lines: [{ sku: 'A', quantity: 1 }] },
    ])
    expect(plan.backorder).toEqual([])
  })
  it('backorders what no warehouse has', () => {
    const plan = planRoute(
      [
        { sku: 'A', quantity: 5 },
        { sku: 'C', quantity: 1 },
      ],
      ['X', 'Y'],
      { X: { A: 2 }, Y: { A: 1 } },
    )
    expect(plan.allocations).toEqual([
      { locationCode: 'X', lines: [{ sku: 'A', quantity: 2 }] },
      { locationCode: 'Y', lines: [{ sku: 'A', quantity: 1 }] },
    ])
    expect(plan.backorder).toEqual([
      { sku: 'A', quantity: 2 },
      { sku: 'C', quantity: 1 },
    ])
  })
  it('merges duplicate SKUs and ignores negative availability', () => {
    const plan = planRoute(
      [
        { sku: 'A', quantity: 1 },
        { sku: 'A', quantity: 1 },
      ],
      ['X'],
      { X: { A: -3 } },
    )
    expect(plan).toEqual({ allocations: [], backorder: [{ sku: 'A', quantity: 2 }] })
  })
})
