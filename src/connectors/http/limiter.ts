// Client-side pacing, declared as data by each connector and corrected by what the remote says
// in its response headers (Amazon x-amzn-RateLimit-Limit, Shopify throttleStatus, ShipBob
// x-remaining-calls). Two shapes cover the APIs we talk to:
//   - token bucket (Amazon per-operation rate + burst, Shopify cost points restored per second)
//   - sliding window (ShipBob: 150 requests per rolling minute)
import { setTimeout as sleep } from 'node:timers/promises'

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

export interface RateLimitSpec {
  /** named limits; a request names the one it draws from, or 'default' */
  buckets: Record<string, BucketSpec | WindowSpec>
}

interface Limit {
  acquire(cost: number, signal?: AbortSignal): Promise<void>
  /** the remote told us how much is left right now */
  setAvailable(tokens: number): void
  setRate(refillPerSecond: number, capacity?: number): void
  /** nothing goes out before this many ms from now (a 429 with Retry-After) */
  pause(ms: number): void
  snapshot(): { available: number; capacity: number; refillPerSecond: number }
}

type Clock = () => number

class TokenBucket implements Limit {
  private tokens: number
  private last: number
  private pausedUntil = 0
  private queue: Promise<void> = Promise.resolve()
  constructor(
    private capacity: number,
    private refill: number,
    private now: Clock,
  ) {
    this.tokens = capacity
    this.last = now()
  }
  private update(): void {
    const t = this.now()
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.refill)
    this.last = t
  }
  acquire(cost: number, signal?: AbortSignal): Promise<void> {
    // serialize waiters so a big request is not starved by small ones (FIFO)
    const run = async () => {
      const need = Math.min(cost, this.capacity)
      for (;;) {
        this.update()
        const wait = Math.max(
          this.pausedUntil - this.now(),
          this.tokens >= need ? 0 : ((need - this.tokens) / this.refill) * 1000,
        )
        if (wait <= 0) {
          this.tokens -= need
          return
        }
        await sleep(Math.ceil(wait), undefined, { signal })
      }
    }
    const p = this.queue.then(run, run)
    this.queue = p.catch(() => undefined)
    return p
  }
  setAvailable(tokens: number): void {
    this.update()
    this.tokens = Math.min(this.capacity, tokens)
  }
  setRate(refillPerSecond: number, capacity?: number): void {
    this.update()
    if (refillPerSecond > 0) this.refill = refillPerSecond
    if (capacity && capacity > 0) {
      this.capacity = capacity
      this.tokens = Math.min(this.tokens, capacity)
    }
  }
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms)
  }
  snapshot() {
    this.update()
    return { available: this.tokens, capacity: this.capacity, refillPerSecond: this.refill }
  }
}

class SlidingWindow implements Limit {
  private sent: number[] = []
  private pausedUntil = 0
  private queue: Promise<void> = Promise.resolve()
  constructor(
    private limit: number,
    private windowMs: number,
    private now: Clock,
  ) {}
  acquire(cost: number, signal?: AbortSignal): Promise<void> {
    const run = async () => {
      for (;;) {
        const t = this.now()
        this.sent = this.sent.filter((s) => s > t - this.windowMs)
        const oldest = this.sent[0]
        const room = this.sent.length + cost <= this.limit
        const wait = Math.max(this.pausedUntil - t, room ? 0 : (oldest ?? t) + this.windowMs - t)
        if (wait <= 0) {
          for (let i = 0; i < cost; i++) this.sent.push(t)
          return
        }
        await sleep(Math.ceil(wait) + 1, undefined, { signal })
      }
    }
    const p = this.queue.then(run, run)
    this.queue = p.catch(() => undefined)
    return p
  }
  setAvailable(tokens: number): void {
    // the remote counts fewer left than we do (other clients share the key): fill the window
    const t = this.now()
    this.sent = this.sent.filter((s) => s > t - this.windowMs)
    while (this.limit - this.sent.length > tokens) this.sent.unshift(t)
  }
  setRate(perWindow: number): void {
    if (perWindow > 0) this.limit = perWindow
  }
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms)
  }
  snapshot() {
    const t = this.now()
    const used = this.sent.filter((s) => s > t - this.windowMs).length
    return { available: this.limit - used, capacity: this.limit, refillPerSecond: this.limit / (this.windowMs / 1000) }
  }
}

export class RateLimiter {
  private limits = new Map<string, Limit>()
  constructor(spec: RateLimitSpec, now: Clock = Date.now) {
    for (const [name, s] of Object.entries(spec.buckets)) {
      this.limits.set(
        name,
        s.kind === 'window'
          ? new SlidingWindow(s.limit, s.windowSeconds * 1000, now)
          : new TokenBucket(s.capacity, s.refillPerSecond, now),
      )
    }
    if (!this.limits.has('default')) this.limits.set('default', new TokenBucket(1_000_000, 1_000_000, now))
  }
  get(name = 'default'): Limit {
    const l = this.limits.get(name) ?? this.limits.get('default')
    return l!
  }
  names(): string[] {
    return [...this.limits.keys()]
  }
}
