import { describe, expect, it } from 'vitest'
import { availableToSell, effectiveRule, splitAcrossTargets, type ScopedRule } from '../../src/sync/inventory/ats.ts'

const plain = { buffer: 0, cap: null, sharePercent: 100 }

describe('availableToSell', () => {
  it('sums free units over the serving locations', () => {
    expect(
      availableToSell(
        [
          { onHand: 10, reserved: 3 },
          { onHand: 5, reserved: 0 },
        ],
        plain,
      ),
    ).toBe(12)
  })
  it('an oversold location does not eat another one', () => {
    expect(
      availableToSell(
        [
          { onHand: 2, reserved: 5 },
          { onHand: 4, reserved: 0 },
        ],
        plain,
      ),
    ).toBe(4)
  })
  it('applies the buffer, then the cap, then the share, never below zero', () => {
    expect(availableToSell([{ onHand: 100, reserved: 0 }], { buffer: 10, cap: null, sharePercent: 100 })).toBe(90)
    expect(availableToSell([{ onHand: 100, reserved: 0 }], { buffer: 10, cap: 50, sharePercent: 100 })).toBe(50)
    expect(availableToSell([{ onHand: 100, reserved: 0 }], { buffer: 10, cap: 50, sharePercent: 50 })).toBe(25)
    expect(availableToSell([{ onHand: 7, reserved: 0 }], { buffer: 0, cap: null, sharePercent: 50 })).toBe(3)
    expect(availableToSell([{ onHand: 3, reserved: 0 }], { buffer: 5, cap: null, sharePercent: 100 })).toBe(0)
    expect(availableToSell([], plain)).toBe(0)
  })
})

describe('effectiveRule', () => {
  const rules: ScopedRule[] = [
    { connectionId: null, sku: null, buffer: 2, cap: null, sharePercent: null },
    { connectionId: 'amazon', sku: null, buffer: null, cap: null, sharePercent: 60 },
    { connectionId: null, sku: 'HOT', buffer: 5, cap: 20, sharePercent: null },
    { connectionId: 'amazon', sku: 'HOT', buffer: null, cap: 10, sharePercent: null },
  ]
  it('takes the most specific value of each field', () => {
    expect(effectiveRule(rules, 'shopify', 'MUG')).toEqual({ buffer: 2, cap: null, sharePercent: 100 })
    expect(effectiveRule(rules, 'amazon', 'MUG')).toEqual({ buffer: 2, cap: null, sharePercent: 60 })
    expect(effectiveRule(rules, 'shopify', 'HOT')).toEqual({ buffer: 5, cap: 20, sharePercent: 100 })
    expect(effectiveRule(rules, 'amazon', 'HOT')).toEqual({ buffer: 5, cap: 10, sharePercent: 60 })
    expect(effectiveRule([], 'x', 'y')).toEqual({ buffer: 0, cap: null, sharePercent: 100 })
  })
})

describe('splitAcrossTargets', () => {
  it('never gives the targets more than the total together', () => {
    expect([...splitAcrossTargets(10, ['US', 'CA', 'MX']).values()]).toEqual([4, 3, 3])
    expect([...splitAcrossTargets(1, ['DE', 'FR']).entries()]).toEqual([
      ['DE', 1],
      ['FR', 0],
    ])
    expect([...splitAcrossTargets(5, ['']).values()]).toEqual([5])
  })
})
