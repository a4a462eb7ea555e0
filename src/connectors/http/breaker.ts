// One circuit breaker per connection (per process), shared by every client built for it, so that
// a remote that keeps failing is left alone for a while instead of being hammered by every job.
// opossum does the state machine (closed → open → half-open probe → closed); we only decide what
// counts as a failure: retryable remote errors do, a remote's "your record is wrong" does not.
import CircuitBreaker from 'opossum'
import { CrossdockError } from '../../errors.ts'

export interface BreakerOptions {
  /** failures (percent of calls in the rolling window) that open the circuit */
  errorThresholdPercentage: number
  /** calls in the window before the percentage is judged */
  volumeThreshold: number
  /** ms the circuit stays open before one probe is let through */
  resetTimeoutMs: number
  rollingCountTimeoutMs: number
}

export const DEFAULT_BREAKER: BreakerOptions = {
  errorThresholdPercentage: 50,
  volumeThreshold: 10,
  resetTimeoutMs: 30_000,
  rollingCountTimeoutMs: 60_000,
}

type Call = <T>(fn: () => Promise<T>) => Promise<T>

const breakers = new Map<string, CircuitBreaker<[() => Promise<unknown>], unknown>>()

function create(opts: BreakerOptions) {
  return new CircuitBreaker<[() => Promise<unknown>], unknown>((fn) => fn(), {
    timeout: false,
    errorThresholdPercentage: opts.errorThresholdPercentage,
    volumeThreshold: opts.volumeThreshold,
    resetTimeout: opts.resetTimeoutMs,
    rollingCountTimeout: opts.rollingCountTimeoutMs,
    // true = "not a failure": permanent errors are the caller's data, not the remote's health, and
    // a 429 says the remote is healthy but busy (the limiter waits; opening would only add delay)
    errorFilter: (err: unknown) =>
      err instanceof CrossdockError && (!err.retryable || err.code === 'CONNECTOR_RATE_LIMITED'),
  })
}

export function breakerFor(key: string, opts: BreakerOptions = DEFAULT_BREAKER): { call: Call; state(): BreakerState } {
  let b = breakers.get(key)
  if (!b) {
    b = create(opts)
    breakers.set(key, b)
  }
  const breaker = b
  return {
    call: async <T>(fn: () => Promise<T>): Promise<T> => {
      try {
        return (await breaker.fire(fn)) as T
      } catch (err) {
        if (err instanceof Error && (err as { code?: string }).code === 'EOPENBREAKER') {
          throw new CrossdockError('CIRCUIT_OPEN', `calls to this connection are paused after repeated failures`, {
            details: { connection: key },
            retryAfterSeconds: opts.resetTimeoutMs / 1000,
          })
        }
        throw err
      }
    },
    state: () => stateOf(breaker),
  }
}

export type BreakerState = 'closed' | 'open' | 'half-open'

function stateOf(b: CircuitBreaker<any, any>): BreakerState {
  if (b.opened) return 'open'
  if (b.halfOpen) return 'half-open'
  return 'closed'
}

/** State of every breaker this process holds, for the monitoring panel. */
export function breakerStates(): Record<string, BreakerState> {
  return Object.fromEntries([...breakers].map(([k, b]) => [k, stateOf(b)]))
}

/**
 * Close a connection's breaker (credentials replaced: give the remote a fresh chance). The breaker
 * object stays: clients built earlier hold it, and a shut-down breaker would refuse them for good.
 */
export function resetBreaker(key: string): void {
  for (const [k, b] of breakers) if (k === key || k.startsWith(`${key}:`)) b.close()
}
