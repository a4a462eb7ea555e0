// Relay connections as Shopify serves them: first/after/last/before/reverse/sortKey, edges with
// cursors, nodes, pageInfo. Cursors are opaque base64 JSON of the last row's id and sort value,
// the shape live cursors decode to ({"last_id":9877970682162,"last_value":…}, captures).
import { GraphQLError } from 'graphql'
import { legacyIdOf } from './store.ts'

export interface ConnectionArgs {
  first?: number | null
  after?: string | null
  last?: number | null
  before?: string | null
  reverse?: boolean | null
  sortKey?: string | null
}

export const MAX_PAGE_SIZE = 250

interface Keyed {
  id: string
}

type SortValue = string | number

export function encodeCursor(lastId: string, lastValue: SortValue): string {
  const legacy = legacyIdOf(lastId)
  const asNumber = Number(legacy)
  return Buffer.from(
    JSON.stringify({ last_id: Number.isSafeInteger(asNumber) ? asNumber : legacy, last_value: lastValue }),
  ).toString('base64url')
}

function decodeCursor(cursor: string): { lastId: bigint; lastValue: SortValue } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      last_id: number | string
      last_value: SortValue
    }
    return { lastId: BigInt(v.last_id), lastValue: v.last_value }
  } catch {
    // [UNVERIFIED] wording: live Shopify rejects a malformed cursor as a top-level error
    throw new GraphQLError('Invalid cursor for current pagination sort.', { extensions: { code: 'BAD_REQUEST' } })
  }
}

function compare(a: { v: SortValue; id: bigint }, b: { v: SortValue; id: bigint }): number {
  if (a.v < b.v) return -1
  if (a.v > b.v) return 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * Page `items` (already filtered) by the connection arguments. `sortValue` gives each item's
 * value for the sort key (ID when absent). `unbounded` lifts the first/last requirement (bulk
 * operations read whole connections).
 */
export function connection<T extends Keyed, V>(
  items: T[],
  args: ConnectionArgs,
  view: (item: T) => V,
  sortValue?: (item: T, sortKey: string) => SortValue,
  unbounded = false,
) {
  // a bulk operation reads the whole connection whatever first/last say
  const first = unbounded ? null : (args.first ?? null)
  const last = unbounded ? null : (args.last ?? null)
  if (!unbounded) {
    // [UNVERIFIED] wording: Shopify requires one of first/last and caps a page at 250 items
    // (shopify.dev/docs/api/usage/pagination-graphql).
    if (first === null && last === null)
      throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } })
    if ((first ?? 0) > MAX_PAGE_SIZE || (last ?? 0) > MAX_PAGE_SIZE) {
      throw new GraphQLError(`The maximum number of items you can request in a page is ${MAX_PAGE_SIZE}.`, {
        extensions: { code: 'BAD_REQUEST' },
      })
    }
  }
  const key = args.sortKey ?? 'ID'
  const byId = key === 'ID' || !sortValue
  const valueOf = (item: T): SortValue => (byId ? 0 : sortValue(item, key))
  let rows = items.map((item) => ({ item, v: valueOf(item), id: BigInt(legacyIdOf(item.id) || '0') }))
  rows.sort(compare)
  if (args.reverse) rows.reverse()
  const direction = args.reverse ? -1 : 1
  if (args.after) {
    const c = decodeCursor(args.after)
    rows = rows.filter((r) => direction * compare(r, { v: byId ? 0 : c.lastValue, id: c.lastId }) > 0)
  }
  if (args.before) {
    const c = decodeCursor(args.before)
    rows = rows.filter((r) => direction * compare(r, { v: byId ? 0 : c.lastValue, id: c.lastId }) < 0)
  }
  const total = rows.length
  let page = rows
  if (first !== null) page = page.slice(0, first)
  if (last !== null) page = page.slice(Math.max(0, page.length - last))
  const edges = page.map((r) => ({
    cursor: encodeCursor(r.item.id, byId ? legacyIdOf(r.item.id) : r.v),
    node: view(r.item),
  }))
  const firstIndex = page.length ? rows.indexOf(page[0]!) : 0
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: page.length > 0 ? rows.indexOf(page.at(-1)!) < total - 1 : false,
      hasPreviousPage: Boolean(args.after) || firstIndex > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  }
}

/** Sort values for the keys the sandbox supports on its resources. */
export function timestampSort(
  item: { updatedAt?: string; createdAt?: string; title?: string; name?: string },
  key: string,
): SortValue {
  if (key === 'UPDATED_AT') return item.updatedAt ?? ''
  if (key === 'CREATED_AT' || key === 'PROCESSED_AT') return item.createdAt ?? ''
  if (key === 'TITLE' || key === 'NAME') return item.title ?? item.name ?? ''
  return 0
}
