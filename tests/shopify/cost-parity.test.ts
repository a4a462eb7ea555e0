// The sandbox charges what Shopify charged: its calculated query cost is compared with the
// requestedQueryCost of every recorded successful call (../shared/specs/shopify/captures).
// Shopify does not publish its exact formula (some fields carry their own costs), so the bar is
// a share of exact matches, not all of them; the figures are in src/sandbox/shopify/cost.ts.
import { getOperationAST, parse } from 'graphql'
import { describe, expect, it } from 'vitest'
import { requestedCost, sizeFactor } from '../../src/sandbox/shopify/cost.ts'
import { loadSchema } from '../../src/sandbox/shopify/schema.ts'
import { HAVE_CAPTURES, recordedCalls } from './captures.ts'

const schema = loadSchema('2026-04')

function share(kind: 'query' | 'mutation'): { matched: number; total: number } {
  let matched = 0
  let total = 0
  for (const r of recordedCalls()) {
    const recorded = r.body?.extensions?.cost?.requestedQueryCost
    if (typeof recorded !== 'number' || !r.body.data || /__type|__schema/.test(r.query)) continue
    const document = parse(r.query)
    const operation = getOperationAST(document)
    if (!operation || operation.operation !== kind) continue
    total++
    if (requestedCost({ schema, document, operation, variables: r.variables }) === recorded) matched++
  }
  return { matched, total }
}

describe.skipIf(!HAVE_CAPTURES)('calculated query cost against the recordings', () => {
  it('matches the recorded requested cost of at least 90% of recorded queries', () => {
    const { matched, total } = share('query')
    expect(total).toBeGreaterThan(200)
    expect(matched / total).toBeGreaterThanOrEqual(0.9)
  })

  it('matches the recorded requested cost of at least 85% of recorded mutations', () => {
    const { matched, total } = share('mutation')
    expect(total).toBeGreaterThan(500)
    expect(matched / total).toBeGreaterThanOrEqual(0.85)
  })

  it.each([
    [1, 1],
    [2, 1],
    [10, 4],
    [20, 5],
    [50, 7],
    [250, 11],
  ])('a connection of %i costs %i per node (recorded points)', (n, f) => {
    expect(sizeFactor(n)).toBe(f)
  })
})
