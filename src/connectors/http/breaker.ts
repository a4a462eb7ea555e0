// One circuit breaker per connection and remote origin, shared by every process: a remote that
// keeps failing is left alone for a few seconds instead of being hammered by every job, then one
// probe goes out; its success closes the circuit for everyone. The state lives in a store every
// process reads (PostgreSQL in the hub: src/db/breakers.ts), so the panel and the workers agree.
//
// Lessons from issue 12.10: the probe must not wait behind anything that an open circuit itself
// prolongs (it used to wait on the rate limiter, which every rejection paused 30 s more), and a
// rejection must not touch the rate limits. Here a rejection is answered from memory until the
// open period ends; then one caller claims the probe atomically and goes straight out.
import { CrossdockError } from '../../errors.ts'

export type BreakerState = 'closed' | 'open' | 'half-open'

export interface BreakerPolicy {
  /** consecutive failures (no success between them) within windowMs that open the circuit */
  failureThreshold: number
  windowMs: number
  /** how long the circuit stays open before a probe is let through */
  openMs: number
  /** a probe that has not reported back after this long is presumed lost; another may go */
  probeTimeoutMs: number
}

export const DEFAULT_BREAKER: BreakerPolicy = {
  failureThreshold: 8,
  windowMs: 60_000,
  openMs: 5_000,
  probeTimeoutMs: 60_000,
}

export interface BreakerRef {
  tenantId: string
  connectionId: string
  /** the remote origin (https://host:port): S3 failing does not stop calls to SP-API */
  scope: string
}

export interface BreakerRow {
  state: BreakerState
  failures: number
  /** ms from now until the open period ends (open) or the probe expires (half-open); 0 otherwise */
  remainingMs: number
}

export type Admission = { kind: 'pass' } | { kind: 'probe' } | { kind: 'reject'; retryAfterMs: number }

export interface BreakerStore {
  read(ref: BreakerRef): Promise<BreakerRow | undefined>
  /** claim the probe of an open circuit whose open period is over (atomic: one caller wins) */
  claimProbe(ref: BreakerRef, policy: BreakerPolicy, force: boolean): Promise<boolean>
  record(
    ref: BreakerRef,
    outcome: 'success' | 'failure',
    probe: boolean,
    policy: BreakerPolicy,
    error?: string,
  ): Promise<BreakerRow>
}

/** Pure state machine, for the memory store and as the statement of what the SQL store does. */
export interface MemoryBreaker {
  state: BreakerState
  failures: number
  windowStartedMs: number
  openUntilMs: number
  probeUntilMs: number
}

export function recordOutcome(
  b: MemoryBreaker,
  outcome: 'success' | 'failure',
  probe: boolean,
  p: BreakerPolicy,
  now: number,
): MemoryBreaker {
  if (outcome === 'success') {
    if (probe || b.state !== 'open')
      return { state: 'closed', failures: 0, windowStartedMs: now, openUntilMs: 0, probeUntilMs: 0 }
    return b
  }
  if (probe || b.state === 'half-open') return { ...b, state: 'open', openUntilMs: now + p.openMs, probeUntilMs: 0 }
  if (b.state === 'open') return b
  const fresh = now - b.windowStartedMs > p.windowMs
  const failures = fresh ? 1 : b.failures + 1
  const windowStartedMs = fresh ? now : b.windowStartedMs
  if (failures >= p.failureThreshold)
    return { state: 'open', failures, windowStartedMs, openUntilMs: now + p.openMs, probeUntilMs: 0 }
  return { ...b, failures, windowStartedMs }
}

export function memoryBreakerStore(now: () => number = Date.now): BreakerStore & { all(): Map<string, MemoryBreaker> } {
  const rows = new Map<string, MemoryBreaker>()
  const id = (r: BreakerRef) => `${r.tenantId}|${r.connectionId}|${r.scope}`
  const view = (b: MemoryBreaker): BreakerRow => ({
    state: b.state,
    failures: b.failures,
    remainingMs: Math.max(
      0,
      (b.state === 'open' ? b.openUntilMs : b.state === 'half-open' ? b.probeUntilMs : 0) - now(),
    ),
  })
  return {
    async read(ref) {
      const b = rows.get(id(ref))
      return b && view(b)
    },
    async claimProbe(ref, p, force) {
      const b = rows.get(id(ref))
      const t = now()
      const due = b && ((b.state === 'open' && b.openUntilMs <= t) || (b.state === 'half-open' && b.probeUntilMs <= t))
      if (!b || (!due && !force)) return false
      rows.set(id(ref), { ...b, state: 'half-open', probeUntilMs: t + p.probeTimeoutMs })
      return true
    },
    async record(ref, outcome, probe, p) {
      const t = now()
      const b = rows.get(id(ref)) ?? {
        state: 'closed',
        failures: 0,
        windowStartedMs: t,
        openUntilMs: 0,
        probeUntilMs: 0,
      }
      const next = recordOutcome(b, outcome, probe, p, t)
      rows.set(id(ref), next)
      return view(next)
    },
    all: () => rows,
  }
}

/**
 * A breaker with an in-process fast path: a circuit seen closed (and clean) less than `freshMs`
 * ago passes without asking the store, an open one is rejected from memory until its open period
 * ends. So a healthy connection costs one read per `freshMs`, and a sick one a probe per openMs.
 */
export class Breaker {
  private known: { row: BreakerRow; at: number } | undefined

  constructor(
    private readonly store: BreakerStore,
    private readonly ref: BreakerRef,
    private readonly policy: BreakerPolicy,
    private readonly freshMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  private remember(row: BreakerRow): void {
    this.known = { row, at: this.now() }
  }

  /** May a call go out? `force` (a connection test) always goes, as a probe. */
  async admit(force = false): Promise<Admission> {
    const k = this.known
    const age = k ? this.now() - k.at : Infinity
    if (!force && k && k.row.state === 'closed' && k.row.failures === 0 && age < this.freshMs) return { kind: 'pass' }
    if (!force && k && k.row.state !== 'closed' && age < k.row.remainingMs)
      return { kind: 'reject', retryAfterMs: k.row.remainingMs - age }
    const row = await this.store.read(this.ref)
    if (force) {
      await this.store.claimProbe(this.ref, this.policy, true)
      return { kind: 'probe' }
    }
    if (!row || row.state === 'closed') {
      if (row) this.remember(row)
      return { kind: 'pass' }
    }
    if (row.state === 'open' && row.remainingMs > 0) {
      this.remember(row)
      return { kind: 'reject', retryAfterMs: row.remainingMs }
    }
    if (await this.store.claimProbe(this.ref, this.policy, false)) return { kind: 'probe' }
    // another caller holds the probe: ask again shortly, its answer decides
    const wait = Math.min(1_000, this.policy.openMs)
    this.remember({ state: 'half-open', failures: row.failures, remainingMs: wait })
    return { kind: 'reject', retryAfterMs: wait }
  }

  async record(outcome: 'success' | 'failure', admission: Admission, error?: string): Promise<void> {
    const probe = admission.kind === 'probe'
    // a success on a circuit known clean changes nothing: no write
    if (outcome === 'success' && !probe && this.known?.row.state === 'closed' && this.known.row.failures === 0) return
    this.remember(await this.store.record(this.ref, outcome, probe, this.policy, error))
  }

  /** A claimed probe that never went out (no rate-limit room): let the next caller probe at once. */
  async release(admission: Admission): Promise<void> {
    if (admission.kind !== 'probe') return
    this.known = undefined
    await this.store.record(this.ref, 'failure', true, { ...this.policy, openMs: 0 })
  }

  rejection(retryAfterMs: number): CrossdockError {
    return new CrossdockError('CIRCUIT_OPEN', `calls to ${this.ref.scope} are paused after repeated failures`, {
      details: { connection: this.ref.connectionId, scope: this.ref.scope },
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
    })
  }
}

/** Errors that say the remote is unwell: network, timeouts, 5xx. Not 4xx nor 429 (busy is healthy). */
export function countsAsFailure(err: CrossdockError): boolean {
  return err.retryable && err.code !== 'CONNECTOR_RATE_LIMITED' && err.code !== 'CIRCUIT_OPEN'
}
