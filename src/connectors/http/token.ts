// An access token bought by an exchange (Login with Amazon: refresh token → 1 h access token),
// cached until shortly before it expires and shared by every call of the connection. However
// many calls want it at once, one exchange runs; it runs under its own deadline, not under the
// first caller's abort signal, so a job that is cancelled does not fail every other job waiting
// on the same exchange (each waiter still stops waiting when its own signal aborts).
import { abortError } from './transport.ts'

export interface ExchangedToken {
  token: string
  expiresInSeconds: number
}

/** Refresh this long before the remote's expiry, so a token never dies in flight. */
export const EARLY_REFRESH_MS = 60_000

export class TokenCache {
  private cached: { token: string; expiresAt: number } | undefined
  private inflight: Promise<string> | undefined
  /** exchanges done (tests and benchmarks) */
  exchanges = 0

  constructor(
    private readonly exchange: (signal: AbortSignal) => Promise<ExchangedToken>,
    private readonly deadlineMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(signal?: AbortSignal): Promise<string> {
    if (this.cached && this.cached.expiresAt - EARLY_REFRESH_MS > this.now()) return this.cached.token
    this.inflight ??= this.run().finally(() => {
      this.inflight = undefined
    })
    return signal ? raceAbort(this.inflight, signal) : this.inflight
  }

  /** The remote refused the token: forget it (only if it is still the one we hold). */
  invalidate(token?: string): void {
    if (!token || this.cached?.token === token) this.cached = undefined
  }

  current(): string | undefined {
    return this.cached?.token
  }

  private async run(): Promise<string> {
    const started = this.now()
    this.exchanges++
    const t = await this.exchange(AbortSignal.timeout(this.deadlineMs))
    this.cached = { token: t.token, expiresAt: started + t.expiresInSeconds * 1000 }
    return t.token
  }
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal))
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(e)
      },
    )
  })
}
