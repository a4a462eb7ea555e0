// Rate-limit buckets shared by every hub process: one row per (tenant, remote account + scope +
// limit). Each take is ONE statement that locks the row, refills it by the time passed on the
// database clock, reserves the tokens when the wait for them is within the caller's bound, and
// returns that wait (the arithmetic is the one of connectors/http/limiter.ts `takeTokens`, which
// the memory store runs; keep both in step). A row that does not exist yet is inserted once.
import type { Db } from './knex.ts'

export interface LimitShape {
  kind: 'bucket' | 'window'
  /** the connector's declaration; a different one (plan upgrade) resets capacity and rate */
  declared: string
  capacity: number
  refillPerSecond: number
  windowMs: number
}

export interface TakeRow {
  granted: boolean
  waitMs: number
  available: number
  capacity: number
  refillPerSecond: number
}

export interface LimitCorrection {
  available?: number | undefined
  refund?: number | undefined
  refillPerSecond?: number | undefined
  capacity?: number | undefined
  pauseMs?: number | undefined
}

const NOW = `extract(epoch from clock_timestamp()) * 1000`

// the row, locked, with the declared shape applied when it changed
const CURRENT = `
  select r.tenant_id, r.bucket_key, r.tokens, r.updated_ms, r.paused_until_ms, r.sent, ${NOW} as now_ms,
    case when r.declared = :declared then r.capacity else :capacity end as cap,
    case when r.declared = :declared then r.refill_per_second else :refill end as refill,
    case when r.declared = :declared then r.window_ms else :window end as win,
    r.capacity as old_cap, r.refill_per_second as old_refill
  from connector_rate_limits r
  where r.tenant_id = :tenant and r.bucket_key = :key
  for update`

const AVAILABLE = `least(cap, old_cap, tokens + greatest(0, now_ms - updated_ms) / 1000.0 * old_refill)`
const LIVE = `array(select t from unnest(sent) t where t > now_ms - win order by t)`

const TAKE_BUCKET = `
  with cur as (${CURRENT}),
  shaped as (select cur.*, ${AVAILABLE} as avail, least(:cost, cap) as need from cur),
  decided as (
    select shaped.*, greatest(paused_until_ms - now_ms, 0,
      case when avail >= need then 0 else (need - avail) / refill * 1000 end) as wait_ms
    from shaped)
  update connector_rate_limits r set
    declared = :declared, capacity = d.cap, refill_per_second = d.refill,
    tokens = case when d.wait_ms <= :maxWait then d.avail - d.need else d.avail end,
    updated_ms = d.now_ms
  from decided d
  where r.tenant_id = d.tenant_id and r.bucket_key = d.bucket_key
  returning d.wait_ms as "waitMs", d.wait_ms <= :maxWait as granted, d.avail as available,
    d.cap as capacity, d.refill as "refillPerSecond"`

const TAKE_WINDOW = `
  with cur as (${CURRENT}),
  shaped as (select cur.*, ${LIVE} as live, least(:cost, cap)::int as need from cur),
  decided as (
    select shaped.*, cardinality(live) as used,
      greatest(paused_until_ms - now_ms, 0,
        case when cardinality(live) + need <= cap then 0
             else live[(cardinality(live) + need - cap)::int] + win - now_ms end) as wait_ms
    from shaped)
  update connector_rate_limits r set
    declared = :declared, capacity = d.cap, refill_per_second = d.refill, window_ms = d.win,
    sent = case when d.wait_ms <= :maxWait then d.live || array_fill((d.now_ms + d.wait_ms)::float8, array[d.need])
                else d.live end,
    updated_ms = d.now_ms
  from decided d
  where r.tenant_id = d.tenant_id and r.bucket_key = d.bucket_key
  returning d.wait_ms as "waitMs", d.wait_ms <= :maxWait as granted, d.cap - d.used as available,
    d.cap as capacity, d.refill as "refillPerSecond"`

const CORRECT_BUCKET = `
  with cur as (${CURRENT}),
  shaped as (select cur.*, ${AVAILABLE} as avail from cur)
  update connector_rate_limits r set
    declared = :declared,
    capacity = coalesce(:newCapacity, s.cap),
    refill_per_second = coalesce(:newRefill, s.refill),
    tokens = least(coalesce(:newCapacity, s.cap), s.avail + :refund, coalesce(:available, 'Infinity'::float8)),
    paused_until_ms = greatest(s.paused_until_ms, s.now_ms + :pause),
    updated_ms = s.now_ms
  from shaped s
  where r.tenant_id = s.tenant_id and r.bucket_key = s.bucket_key`

const CORRECT_WINDOW = `
  with cur as (${CURRENT}),
  shaped as (select cur.*, ${LIVE} as live, coalesce(:newCapacity, cap) as newcap from cur),
  refunded as (select shaped.*, live[1 : greatest(0, cardinality(live) - :refund::int)] as kept from shaped),
  filled as (
    select refunded.*, case when :available::float8 is null then 0
      else greatest(0, (newcap - cardinality(kept) - greatest(0, :available::float8))::int) end as fill
    from refunded)
  update connector_rate_limits r set
    declared = :declared,
    capacity = f.newcap,
    refill_per_second = coalesce(:newRefill, f.refill),
    window_ms = f.win,
    sent = case when f.fill > 0 then array_fill(f.now_ms::float8, array[f.fill]) || f.kept else f.kept end,
    paused_until_ms = greatest(f.paused_until_ms, f.now_ms + :pause),
    updated_ms = f.now_ms
  from filled f
  where r.tenant_id = f.tenant_id and r.bucket_key = f.bucket_key`

function shapeParams(tenantId: string, key: string, shape: LimitShape) {
  return {
    tenant: tenantId,
    key,
    declared: shape.declared,
    capacity: shape.capacity,
    refill: shape.refillPerSecond,
    window: shape.windowMs,
  }
}

async function ensureRow(db: Db, tenantId: string, key: string, shape: LimitShape): Promise<void> {
  await db.raw(
    `insert into connector_rate_limits
       (tenant_id, bucket_key, kind, declared, capacity, refill_per_second, window_ms, tokens, updated_ms)
     values (:tenant, :key, :kind, :declared, :capacity, :refill, :window, :tokens, ${NOW})
     on conflict (tenant_id, bucket_key) do nothing`,
    { ...shapeParams(tenantId, key, shape), kind: shape.kind, tokens: shape.kind === 'bucket' ? shape.capacity : 0 },
  )
}

/** Reserve `cost` tokens if they come within `maxWaitMs`; say how long to wait for them. */
export async function takeTokens(
  db: Db,
  tenantId: string,
  key: string,
  shape: LimitShape,
  cost: number,
  maxWaitMs: number,
): Promise<TakeRow> {
  const sql = shape.kind === 'window' ? TAKE_WINDOW : TAKE_BUCKET
  const params = { ...shapeParams(tenantId, key, shape), cost, maxWait: maxWaitMs }
  for (let i = 0; i < 2; i++) {
    const { rows } = await db.raw(sql, params)
    const r = rows[0] as TakeRow | undefined
    if (r) return { ...r, waitMs: Math.max(0, Number(r.waitMs)) }
    await ensureRow(db, tenantId, key, shape)
  }
  throw new Error(`rate-limit row ${key} could not be created`)
}

/** Apply what the remote said: fewer left, a new rate or size, tokens given back, a pause. */
export async function correctTokens(
  db: Db,
  tenantId: string,
  key: string,
  shape: LimitShape,
  c: LimitCorrection,
): Promise<void> {
  const sql = shape.kind === 'window' ? CORRECT_WINDOW : CORRECT_BUCKET
  const params = {
    ...shapeParams(tenantId, key, shape),
    newCapacity: c.capacity && c.capacity > 0 ? c.capacity : null,
    newRefill: c.refillPerSecond && c.refillPerSecond > 0 ? c.refillPerSecond : null,
    available: c.available ?? null,
    refund: c.refund ?? 0,
    pause: c.pauseMs ?? 0,
  }
  const first = await db.raw(sql, params)
  if ((first as { rowCount?: number }).rowCount) return
  await ensureRow(db, tenantId, key, shape)
  await db.raw(sql, params)
}

export interface BucketRow {
  key: string
  kind: string
  capacity: number
  refillPerSecond: number
  tokens: number
  pausedUntilMs: number
}

/** One bucket as it stands, refilled to now (undefined before its first use). */
export async function peekBucket(
  db: Db,
  tenantId: string,
  key: string,
): Promise<{ available: number; capacity: number; refillPerSecond: number } | undefined> {
  const { rows } = await db.raw(
    `select capacity, refill_per_second as "refillPerSecond",
       case when kind = 'window'
         then capacity - (select count(*) from unnest(sent) t where t > ${NOW} - window_ms)
         else least(capacity, tokens + greatest(0, ${NOW} - updated_ms) / 1000.0 * refill_per_second) end as available
     from connector_rate_limits where tenant_id = :tenant and bucket_key = :key`,
    { tenant: tenantId, key },
  )
  const r = rows[0] as { available: number; capacity: number; refillPerSecond: number } | undefined
  return r && { available: Number(r.available), capacity: r.capacity, refillPerSecond: r.refillPerSecond }
}

/** A tenant's buckets as they stand (the panel, tests). */
export async function listBuckets(db: Db, tenantId: string): Promise<BucketRow[]> {
  const rows = await db('connector_rate_limits')
    .where({ tenant_id: tenantId })
    .orderBy('bucket_key')
    .select(
      'bucket_key as key',
      'kind',
      'capacity',
      'refill_per_second as refillPerSecond',
      'tokens',
      'paused_until_ms as pausedUntilMs',
    )
  return rows as BucketRow[]
}
