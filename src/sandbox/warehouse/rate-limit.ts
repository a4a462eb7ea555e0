// ShipBob's limit: 150 requests per rolling minute, counted per user and application across all
// APIs [SB-DOC /rate-limit]. Over it: 429 with {"statusCode":429,"message":"Rate limit is
// exceeded. Try again in N seconds."} and headers x-retry-after (seconds) and x-remaining-calls.
// Refused calls do not count against the window.

export interface WindowSettings {
  limit: number
  windowSeconds: number
}

export const SHIPBOB_LIMIT: WindowSettings = { limit: 150, windowSeconds: 60 }

export type Admission = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number }

export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>()
  refused = 0

  constructor(
    public settings: WindowSettings,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const t = this.now()
    const kept = (this.sent.get(key) ?? []).filter((s) => s > t - this.settings.windowSeconds * 1000)
    this.sent.set(key, kept)
    return kept
  }

  admit(key: string): Admission {
    const kept = this.recent(key)
    if (kept.length >= this.settings.limit) {
      this.refused++
      const oldest = kept[kept.length - this.settings.limit]!
      const waitMs = oldest + this.settings.windowSeconds * 1000 - this.now()
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }
    }
    kept.push(this.now())
    return { ok: true, remaining: this.settings.limit - kept.length }
  }

  /** Calls made by another application of the same user (they share the window). */
  consume(key: string, n: number): void {
    const kept = this.recent(key)
    for (let i = 0; i < n; i++) kept.push(this.now())
  }

  reset(): void {
    this.sent.clear()
    this.refused = 0
  }
}
