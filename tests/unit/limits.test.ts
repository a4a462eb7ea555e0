// The arithmetic of the shared rate limits and of the breaker, on an injected clock: what a take
// reserves and how long it waits, what a remote's correction changes, when a circuit opens and
// how it closes. The PostgreSQL store runs the same rules (tests/integration/shared-limits.test.ts).
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_BREAKER,
  Breaker,
  memoryBreakerStore,
  recordOutcome,
  type MemoryBreaker,
} from '../../src/connectors/http/breaker.ts'
import {
  correctTokens,
  freshState,
  memoryLimitStore,
  takeTokens,
  type BucketSpec,
  type WindowSpec,
} from '../../src/connectors/http/limiter.ts'

const bucket: BucketSpec = { capacity: 4, refillPerSecond: 2 }
const window: WindowSpec = { kind: 'window', limit: 3, windowSeconds: 10 }

describe('token bucket', () => {
  it('spends the burst at once, then reserves ahead: each caller is told its own wait', () => {
    let s = freshState(bucket, 0)
    const waits: number[] = []
    for (let i = 0; i < 6; i++) {
      const r = takeTokens(s, bucket, 1, 10_000, 0)
      s = r.state
      waits.push(r.result.waitMs)
    }
    expect(waits).toEqual([0, 0, 0, 0, 500, 1000])
    expect(s.tokens).toBe(-2)
  })

  it('refuses without reserving when the wait is past the bound', () => {
    const s = { ...freshState(bucket, 0), tokens: -10 }
    const r = takeTokens(s, bucket, 1, 1_000, 0)
    expect(r.result).toMatchObject({ granted: false, waitMs: 5_500 })
    expect(r.state.tokens).toBe(-10)
  })

  it('waits out a pause even with tokens in the bucket', () => {
    const s = correctTokens(freshState(bucket, 0), bucket, { pauseMs: 2_000 }, 0)
    expect(takeTokens(s, bucket, 1, 10_000, 500).result.waitMs).toBe(1_500)
  })

  it('takes what the remote says: fewer left (never more), a new rate, unused cost back', () => {
    let s = freshState(bucket, 0)
    s = correctTokens(s, bucket, { available: 1 }, 0)
    expect(s.tokens).toBe(1)
    s = correctTokens(s, bucket, { available: 3 }, 0)
    expect(s.tokens).toBe(1)
    s = correctTokens(s, bucket, { refund: 2, refillPerSecond: 0.5, capacity: 10 }, 0)
    expect(s).toMatchObject({ tokens: 3, refillPerSecond: 0.5, capacity: 10 })
    expect(takeTokens(s, bucket, 5, 60_000, 0).result.waitMs).toBe(4_000)
  })

  it('a changed declaration (the seller upgraded the plan) reshapes the bucket', () => {
    const s = takeTokens(freshState(bucket, 0), bucket, 4, 0, 0).state
    const bigger: BucketSpec = { capacity: 40, refillPerSecond: 20 }
    const r = takeTokens(s, bigger, 1, 10_000, 0)
    expect(r.result).toMatchObject({ capacity: 40, refillPerSecond: 20, waitMs: 50 })
  })
})

describe('sliding window', () => {
  it('allows N per window, then waits for the oldest send to leave it', () => {
    let s = freshState(window, 0)
    const at = (t: number) => {
      const r = takeTokens(s, window, 1, 60_000, t)
      s = r.state
      return r.result.waitMs
    }
    expect([at(0), at(1_000), at(2_000)]).toEqual([0, 0, 0])
    expect(at(3_000)).toBe(7_000)
    // the reservation sits at t=10 000: the next one waits for the send at t=1 000 to leave
    expect(at(3_000)).toBe(8_000)
  })

  it('fills the window when the remote counts fewer calls left than we do', () => {
    const s = correctTokens(freshState(window, 0), window, { available: 1 }, 0)
    expect(takeTokens(s, window, 1, 60_000, 0).result.waitMs).toBe(0)
    const full = takeTokens(s, window, 1, 60_000, 0).state
    expect(takeTokens(full, window, 1, 60_000, 0).result.waitMs).toBe(10_000)
  })

  it('the memory store keeps buckets apart by tenant and key', async () => {
    const store = memoryLimitStore(() => 0)
    const a = { tenantId: 't1', key: 'shop|graphql' }
    const b = { tenantId: 't2', key: 'shop|graphql' }
    for (let i = 0; i < 3; i++) await store.take(a, window, 1, 60_000)
    expect((await store.take(a, window, 1, 0)).granted).toBe(false)
    expect((await store.take(b, window, 1, 0)).granted).toBe(true)
  })
})

describe('breaker state machine', () => {
  const p = { ...DEFAULT_BREAKER, failureThreshold: 3, windowMs: 10_000, openMs: 5_000 }
  const closed: MemoryBreaker = { state: 'closed', failures: 0, windowStartedMs: 0, openUntilMs: 0, probeUntilMs: 0 }

  it('opens after N failures in the window, not after N spread wider; a success resets the count', () => {
    let b = closed
    b = recordOutcome(b, 'failure', false, p, 0)
    b = recordOutcome(b, 'failure', false, p, 1_000)
    expect(recordOutcome(b, 'success', false, p, 1_500).failures).toBe(0)
    expect(recordOutcome(b, 'failure', false, p, 20_000)).toMatchObject({ state: 'closed', failures: 1 })
    expect(recordOutcome(b, 'failure', false, p, 2_000)).toMatchObject({ state: 'open', openUntilMs: 7_000 })
  })

  it('a failed probe opens it again for openMs, a good one closes it', () => {
    const half: MemoryBreaker = { ...closed, state: 'half-open', failures: 3, probeUntilMs: 60_000 }
    expect(recordOutcome(half, 'failure', true, p, 10_000)).toMatchObject({ state: 'open', openUntilMs: 15_000 })
    expect(recordOutcome(half, 'success', true, p, 10_000)).toMatchObject({ state: 'closed', failures: 0 })
  })

  it('rejects from memory while open, lets exactly one probe out when the time is up', async () => {
    let now = 0
    const store = memoryBreakerStore(() => now)
    const ref = { tenantId: 't', connectionId: 'c', scope: 'https://x' }
    const a = new Breaker(store, ref, p, 1_000, () => now)
    const b = new Breaker(store, ref, p, 1_000, () => now)
    for (let i = 0; i < 3; i++) await a.record('failure', await a.admit())
    expect(await b.admit()).toMatchObject({ kind: 'reject' })
    now = 5_001
    const [first, second] = [await a.admit(), await b.admit()]
    expect([first.kind, second.kind].sort()).toEqual(['probe', 'reject'])
    await (first.kind === 'probe' ? a : b).record('success', first.kind === 'probe' ? first : second)
    now = 6_500
    expect(await b.admit()).toEqual({ kind: 'pass' })
  })
})
