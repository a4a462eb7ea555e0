// Client-side pacing, declared as data by each connector and corrected by what the remote says
// (Amazon x-amzn-RateLimit-Limit, Shopify throttleStatus, ShipBob x-remaining-calls). Two shapes
// cover the APIs we talk to:
//   - token bucket (Amazon per-operation rate + burst, Shopify cost points restored per second)
//   - sliding window (ShipBob: 150 requests per rolling minute; Amazon JSON_LISTINGS_FEED 5 / 5 min)
//
// The remote meters a seller's account, not one of our processes, so the buckets live in a store
// every process shares (PostgreSQL in the hub: src/db/rate-limits.ts; memory for a lone process).
// A take reserves tokens in one atomic step and says how long to wait for them: the wait is a
// reservation (tokens may go below zero), so N processes queue behind each other instead of
// polling. A wait longer than the caller's bound reserves nothing and fails retryable, with that
// wait as Retry-After, so a job is rescheduled rather than held for minutes.
import { setTimeout as sleep } from 'node:timers/promises'
import { CrossdockError } from '../../errors.ts'

export interface BucketSpec {
  kind?: 'bucket'
  /** most tokens held (the burst) */
  capacity: number
  /** tokens restored per second */
  refillPerSecond: number
}

export interface WindowSpec {
  kind: 'window'
  limit: number
  windowSeconds: number
}

export type LimitSpec = BucketSpec | WindowSpec

export interface RateLimitSpec {
  /** named limits; a request names the one it draws from. A name not declared here is not paced. */
  buckets: Record<string, LimitSpec>
}

/** One bucket of one tenant: `key` names the remote account, the scope (region) and the limit. */
export interface BucketRef {
  tenantId: string
  key: string
}

export interface TakeResult {
  /** true: the tokens are reserved, go after waitMs. false: nothing reserved, waitMs is too long */
  granted: boolean
  waitMs: number
  /** tokens (or window slots) left before this take, and the bucket's current shape */
  available: number
  capacity: number
  refillPerSecond: number
}

/** What the remote said: fewer tokens left, a different rate, unused cost given back, a pause. */
export interface Correction {
  /** tokens the remote says are left: lowers ours, never raises it (other processes' calls are in flight) */
  available?: number
  /** tokens to give back (Shopify: requested minus actual cost; a reservation that was not used) */
  refund?: number
  refillPerSecond?: number
  capacity?: number
  /** nothing goes out for this many ms (a 429 with Retry-After) */
  pauseMs?: number
}

export interface LimitView {
  available: number
  capacity: number
  refillPerSecond: number
}

export interface LimitStore {
  take(ref: BucketRef, spec: LimitSpec, cost: number, maxWaitMs: number): Promise<TakeResult>
  correct(ref: BucketRef, spec: LimitSpec, c: Correction): Promise<void>
  /** the bucket as it stands (undefined before its first use) */
  peek(ref: BucketRef): Promise<LimitView | undefined>
}

// ---- the arithmetic, shared by the memory store and mirrored by the SQL store -----------------

export interface BucketState {
  /** the spec the row was made from: a changed declaration (plan upgrade) resets shape */
  declared: string
  capacity: number
  refillPerSecond: number
  windowMs: number
  tokens: number
  updatedMs: number
  pausedUntilMs: number
  /** window: send times in ms, future ones are reservations */
  sent: number[]
}

export function declaredOf(spec: LimitSpec): string {
  return spec.kind === 'window'
    ? `window:${spec.limit}/${spec.windowSeconds}`
    : `bucket:${spec.capacity}@${spec.refillPerSecond}`
}

export function freshState(spec: LimitSpec, now: number): BucketState {
  const window = spec.kind === 'window'
  return {
    declared: declaredOf(spec),
    capacity: window ? spec.limit : spec.capacity,
    refillPerSecond: window ? spec.limit / spec.windowSeconds : spec.refillPerSecond,
    windowMs: window ? spec.windowSeconds * 1000 : 0,
    tokens: window ? 0 : spec.capacity,
    updatedMs: now,
    pausedUntilMs: 0,
    sent: [],
  }
}

function reshaped(s: BucketState, spec: LimitSpec, now: number): BucketState {
  if (s.declared === declaredOf(spec)) return s
  const f = freshState(spec, now)
  return { ...f, tokens: Math.min(f.tokens, refilled(s, now)), sent: s.sent, pausedUntilMs: s.pausedUntilMs }
}

function refilled(s: BucketState, now: number): number {
  return Math.min(s.capacity, s.tokens + (Math.max(0, now - s.updatedMs) / 1000) * s.refillPerSecond)
}

function liveSent(s: BucketState, now: number): number[] {
  return s.sent.filter((t) => t > now - s.windowMs).sort((a, b) => a - b)
}

/** Reserve `cost` tokens if the wait is at most `maxWaitMs`. Pure: returns the new state. */
export function takeTokens(
  state: BucketState,
  spec: LimitSpec,
  cost: number,
  maxWaitMs: number,
  now: number,
): { state: BucketState; result: TakeResult } {
  const s = reshaped(state, spec, now)
  const need = Math.min(cost, s.capacity)
  const pause = Math.max(0, s.pausedUntilMs - now)
  if (spec.kind === 'window') {
    const live = liveSent(s, now)
    const over = live.length + need - s.capacity
    const at = Math.max(now + pause, over <= 0 ? now : live[over - 1]! + s.windowMs)
    const waitMs = at - now
    const granted = waitMs <= maxWaitMs
    const sent = granted ? [...live, ...Array.from({ length: need }, () => at)] : live
    const result = {
      granted,
      waitMs,
      available: s.capacity - live.length,
      capacity: s.capacity,
      refillPerSecond: s.refillPerSecond,
    }
    return { state: { ...s, sent, updatedMs: now }, result }
  }
  const available = refilled(s, now)
  const waitMs = Math.max(pause, available >= need ? 0 : ((need - available) / s.refillPerSecond) * 1000)
  const granted = waitMs <= maxWaitMs
  const tokens = granted ? available - need : available
  const result = { granted, waitMs, available, capacity: s.capacity, refillPerSecond: s.refillPerSecond }
  return { state: { ...s, tokens, updatedMs: now }, result }
}

export function correctTokens(state: BucketState, spec: LimitSpec, c: Correction, now: number): BucketState {
  let s = reshaped(state, spec, now)
  if (c.refillPerSecond && c.refillPerSecond > 0) s = { ...s, refillPerSecond: c.refillPerSecond }
  if (c.capacity && c.capacity > 0) s = { ...s, capacity: c.capacity }
  if (c.pauseMs && c.pauseMs > 0) s = { ...s, pausedUntilMs: Math.max(s.pausedUntilMs, now + c.pauseMs) }
  if (spec.kind === 'window') {
    let sent = liveSent(s, now)
    if (c.refund) sent = sent.slice(0, Math.max(0, sent.length - Math.round(c.refund)))
    if (c.available !== undefined) {
      const fill = s.capacity - sent.length - Math.max(0, c.available)
      if (fill > 0) sent = [...Array.from({ length: fill }, () => now), ...sent]
    }
    return { ...s, sent, updatedMs: now }
  }
  let tokens = refilled(s, now) + (c.refund ?? 0)
  if (c.available !== undefined) tokens = Math.min(tokens, c.available)
  return { ...s, tokens: Math.min(tokens, s.capacity), updatedMs: now }
}

/** Buckets in this process's memory: for a lone process (tests, tools), not for a hub of several. */
export function memoryLimitStore(
  now: () => number = Date.now,
): LimitStore & { state(ref: BucketRef): BucketState | undefined } {
  const rows = new Map<string, BucketState>()
  const id = (r: BucketRef) => `${r.tenantId}|${r.key}`
  return {
    async take(ref, spec, cost, maxWaitMs) {
      const t = now()
      const { state, result } = takeTokens(rows.get(id(ref)) ?? freshState(spec, t), spec, cost, maxWaitMs, t)
      rows.set(id(ref), state)
      return result
    },
    async correct(ref, spec, c) {
      const t = now()
      rows.set(id(ref), correctTokens(rows.get(id(ref)) ?? freshState(spec, t), spec, c, t))
    },
    async peek(ref) {
      const s = rows.get(id(ref))
      if (!s) return undefined
      const t = now()
      const available = s.windowMs ? s.capacity - liveSent(s, t).length : refilled(s, t)
      return { available, capacity: s.capacity, refillPerSecond: s.refillPerSecond }
    },
    state: (ref) => rows.get(id(ref)),
  }
}

// ---- what the client uses --------------------------------------------------------------------

/**
 * Take tokens from a shared bucket and wait for them; a wait past `maxWaitMs` fails retryable with
 * the wait as Retry-After. An abort while waiting gives the reservation back.
 */
export async function acquire(
  store: LimitStore,
  ref: BucketRef,
  spec: LimitSpec,
  cost: number,
  o: { maxWaitMs: number; signal?: AbortSignal | undefined },
): Promise<TakeResult> {
  const r = await store.take(ref, spec, cost, o.maxWaitMs)
  if (!r.granted) {
    throw new CrossdockError(
      'CONNECTOR_RATE_LIMITED',
      `the rate limit ${ref.key.split('|').pop()} has no room for ${Math.round(r.waitMs / 1000)} s; the job is rescheduled`,
      { retryAfterSeconds: Math.ceil(r.waitMs / 1000), details: { bucket: ref.key, local: true } },
    )
  }
  if (r.waitMs <= 0) return r
  try {
    await sleep(Math.ceil(r.waitMs), undefined, o.signal ? { signal: o.signal } : undefined)
  } catch (err) {
    await store.correct(ref, spec, { refund: cost }).catch(() => undefined)
    throw err
  }
  return r
}
