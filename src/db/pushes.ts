// What the hub last pushed to each channel, per (SKU, target), with what the ledger allowed at
// the time; and the oversell window: how long after a stock change each channel got its number.
import type { Queryable } from './knex.ts'

export async function lastPushed(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  skus: string[],
): Promise<{ sku: string; target: string; quantity: number }[]> {
  if (skus.length === 0) return []
  return q('pushed_quantities')
    .where({ tenant_id: tenantId, connection_id: connectionId })
    .whereIn('sku', skus)
    .select('sku', 'target', 'quantity')
}

/** Every channel's last pushed number for one SKU. */
export async function pushedOfSku(
  q: Queryable,
  tenantId: string,
  sku: string,
): Promise<{ connection_id: string; target: string; quantity: number; pushed_at: Date }[]> {
  return q('pushed_quantities')
    .where({ tenant_id: tenantId, sku })
    .select('connection_id', 'target', 'quantity', 'pushed_at')
}

export async function recordPushed(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  items: { sku: string; target: string; quantity: number; allowed: number }[],
): Promise<void> {
  for (let i = 0; i < items.length; i += 2000) {
    await q('pushed_quantities')
      .insert(items.slice(i, i + 2000).map((it) => ({ tenant_id: tenantId, connection_id: connectionId, ...it })))
      .onConflict(['connection_id', 'sku', 'target'])
      .merge(['quantity', 'allowed', 'pushed_at'])
  }
}

/** One sample of the oversell window: from the oldest change a push covered to when it landed. */
export async function recordPushLag(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  lagMs: number,
  skus: number,
): Promise<void> {
  await q('push_lags').insert({ tenant_id: tenantId, connection_id: connectionId, lag_ms: lagMs, skus })
}

/** p50 and p99 of the last hour's samples (null without samples). */
export async function oversellWindow(
  q: Queryable,
  tenantId: string,
): Promise<{ p50Ms: number | null; p99Ms: number | null; samples: number }> {
  const r = await q.raw(
    `select percentile_cont(0.5) within group (order by lag_ms) as p50,
       percentile_cont(0.99) within group (order by lag_ms) as p99, count(*)::int as samples
     from push_lags where tenant_id = ? and at > now() - interval '1 hour'`,
    [tenantId],
  )
  const row = r.rows[0] as { p50: number | null; p99: number | null; samples: number }
  return {
    p50Ms: row.p50 === null ? null : Math.round(row.p50),
    p99Ms: row.p99 === null ? null : Math.round(row.p99),
    samples: row.samples,
  }
}
