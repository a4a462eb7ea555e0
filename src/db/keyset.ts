// Keyset pagination for list endpoints: pages over (sort key, id) descending, stable under
// inserts, no offset scans. The cursor is opaque to callers (base64url of [key, id]).
import type { Knex } from 'knex'
import { CrossdockError } from '../errors.ts'

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface PageRequest {
  limit: number
  cursor?: string | undefined
}

export function encodeCursor(key: string | number | Date, id: string | number): string {
  return Buffer.from(JSON.stringify([key instanceof Date ? key.toISOString() : key, id])).toString('base64url')
}

export function decodeCursor(cursor: string | undefined): [string | number, string | number] | undefined {
  if (!cursor) return undefined
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(v) && v.length === 2) return v as [string | number, string | number]
  } catch {}
  throw new CrossdockError('BAD_REQUEST', 'invalid cursor')
}

/** Run a descending keyset query; `q` must already be filtered by tenant. */
export async function keysetPage<T = Record<string, any>>(
  q: Knex.QueryBuilder,
  opts: { key: string; id: string; limit: number; cursor?: string | undefined; map?: (r: any) => T },
): Promise<Page<T>> {
  const after = decodeCursor(opts.cursor)
  if (after)
    q.andWhere((w) =>
      w
        .where(opts.key, '<', after[0])
        .orWhere((w2) => w2.where(opts.key, '=', after[0]).andWhere(opts.id, '<', after[1])),
    )
  // the cursor carries the key as Postgres prints it: a JavaScript Date would drop microseconds
  // and make rows within one millisecond repeat or vanish between pages
  q.select(q.client.raw('??::text as "__cursor_key"', [opts.key]))
  const rows: any[] = await q
    .orderBy([
      { column: opts.key, order: 'desc' },
      { column: opts.id, order: 'desc' },
    ])
    .limit(opts.limit + 1)
  const more = rows.length > opts.limit
  const page = rows.slice(0, opts.limit)
  const last = page[page.length - 1]
  const idName = opts.id.split('.').pop()!
  const items = page.map((r) => {
    const { __cursor_key: _k, ...rest } = r
    return (opts.map ?? ((x: any) => x as T))(rest)
  })
  return { items, nextCursor: more && last ? encodeCursor(last.__cursor_key, last[idName]) : null }
}
