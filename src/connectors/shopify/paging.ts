// Cursor pagination sized by query cost, and the opaque cursors the engine stores.
//
// Shopify's requested cost grows with `first` (and with nested connection sizes) but not
// linearly, and the formula is not published exactly; rather than guess it, each page reads the
// requestedQueryCost Shopify reported for the previous one and scales `first` so the next stays
// within the target (the single-query cap of 1000 points, or half the bucket if that is smaller).
// A MAX_COST_EXCEEDED refusal shrinks the page and asks again.
import { CrossdockError } from '../../errors.ts'
import { PLAN_BUCKETS, shopifyErrorCode, type CallOptions, type GqlResult, type ShopifyGraphql } from './client.ts'

export const MAX_PAGE = 250
export const SINGLE_QUERY_MAX_COST = 1000

export interface WatermarkCursor {
  since?: string
  v: 1
}

export function encodeCursor(c: Omit<WatermarkCursor, 'v'>): string {
  return Buffer.from(JSON.stringify({ ...c, v: 1 })).toString('base64url')
}

export function decodeCursor(cursor: string | null): WatermarkCursor {
  if (!cursor) return { v: 1 }
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as WatermarkCursor
    if (c.since && Number.isNaN(Date.parse(c.since))) throw new Error('bad since')
    return c
  } catch {
    throw new CrossdockError('VALIDATION_FAILED', 'the stored Shopify cursor cannot be read; reset the stream cursor', {
      details: { cursor },
    })
  }
}

/** Shopify search syntax timestamp, quoted: an unquoted one is cut at its first colon (captures). */
export function sinceFilter(sinceIso: string, overlapSeconds: number): string {
  const t = new Date(Date.parse(sinceIso) - overlapSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  return `updated_at:>='${t}'`
}

export class PageSizer {
  private size: number
  constructor(
    initial: number,
    private target: number,
    private max = MAX_PAGE,
  ) {
    this.size = Math.max(1, Math.min(max, initial))
  }

  get(): number {
    return this.size
  }

  /** After a page of `size` cost `requested`: grow towards the target, or shrink under it. */
  learn(size: number, requested: number): void {
    if (requested <= 0) return
    const ratio = this.target / requested
    const next = ratio >= 1 ? Math.floor(size * Math.min(2, ratio)) : Math.floor(size * ratio)
    this.size = Math.max(1, Math.min(this.max, next))
  }

  shrink(size: number, cost: number | undefined): void {
    this.size = Math.max(1, cost ? Math.floor((size * this.target) / cost) : Math.floor(size / 2))
  }
}

export function costTarget(client: ShopifyGraphql): number {
  const capacity = client.tracker.last?.maximumAvailable ?? PLAN_BUCKETS[client.settings.plan ?? 'standard'].capacity
  return Math.max(1, Math.min(SINGLE_QUERY_MAX_COST, Math.floor(capacity / 2)))
}

export interface Connection<N> {
  nodes: N[]
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
}

/**
 * Call a paged query until the connection ends, yielding each page. `pick` finds the connection in
 * the answer; the page size variable is `sizeVar` (default `first`).
 */
export async function* pages<T, N>(
  client: ShopifyGraphql,
  operation: string,
  document: string,
  variables: Record<string, unknown>,
  pick: (data: T) => Connection<N> | null | undefined,
  sizer: PageSizer,
  o: CallOptions & { sizeVar?: string; after?: string | null } = {},
): AsyncGenerator<{ nodes: N[]; data: T; hasNextPage: boolean }> {
  let after: string | null = o.after ?? null
  const sizeVar = o.sizeVar ?? 'first'
  for (;;) {
    const size = sizer.get()
    let result: GqlResult<T>
    try {
      result = await client.call<T>(
        operation,
        document,
        { ...variables, [sizeVar]: size, after },
        { ...o, costKey: `${operation}:${size}` },
      )
    } catch (e) {
      if (shopifyErrorCode(e) === 'MAX_COST_EXCEEDED' && size > 1) {
        const cost = (e as CrossdockError).details?.errors as { extensions?: { cost?: number } }[] | undefined
        sizer.shrink(size, cost?.[0]?.extensions?.cost)
        continue
      }
      throw e
    }
    if (result.cost) sizer.learn(size, result.cost.requestedQueryCost)
    const conn = pick(result.data)
    if (!conn) return
    yield { nodes: conn.nodes, data: result.data, hasNextPage: conn.pageInfo.hasNextPage }
    if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) return
    after = conn.pageInfo.endCursor
  }
}
