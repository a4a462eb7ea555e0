// Shopify's cost-based leaky bucket, per app and store: a request is charged its requested cost
// before it runs (THROTTLED when the bucket cannot cover it), the unused part is refunded after,
// and points come back at the plan's restore rate.
//
// Restore rates by plan: shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits. Bucket size:
// every recorded live response shows maximumAvailable 2000 with restoreRate 100 (Standard), i.e.
// 20× the restore rate; the sandbox keeps that ratio for the other plans ([UNVERIFIED] for
// Advanced/Plus/Enterprise, see specs/shopify.md §4).

export type ShopifyPlan = 'standard' | 'advanced' | 'plus' | 'enterprise'

export const PLAN_LIMITS: Record<ShopifyPlan, { bucketSize: number; restoreRate: number }> = {
  standard: { bucketSize: 2000, restoreRate: 100 },
  advanced: { bucketSize: 4000, restoreRate: 200 },
  plus: { bucketSize: 20000, restoreRate: 1000 },
  enterprise: { bucketSize: 40000, restoreRate: 2000 },
}

/** Shopify refuses any single query above this requested cost, whatever the bucket holds. */
export const SINGLE_QUERY_MAX_COST = 1000

export interface ThrottleStatus {
  maximumAvailable: number
  currentlyAvailable: number
  restoreRate: number
}

export class CostBucket {
  private available: number
  private last: number
  constructor(
    private size: number,
    private rate: number,
    private now: () => number = Date.now,
  ) {
    this.available = size
    this.last = now()
  }

  private restore(): void {
    const t = this.now()
    this.available = Math.min(this.size, this.available + ((t - this.last) / 1000) * this.rate)
    this.last = t
  }

  /** Charge `cost` if the bucket covers it; false means THROTTLED. */
  take(cost: number): boolean {
    this.restore()
    if (cost > this.available) return false
    this.available -= cost
    return true
  }

  refund(points: number): void {
    this.restore()
    this.available = Math.min(this.size, this.available + Math.max(0, points))
  }

  status(): ThrottleStatus {
    this.restore()
    return { maximumAvailable: this.size, currentlyAvailable: Math.floor(this.available), restoreRate: this.rate }
  }

  configure(size: number, rate: number): void {
    this.restore()
    this.size = size
    this.rate = rate
    this.available = Math.min(this.available, size)
  }

  /** Empty the bucket now (a test knob: another app on the same shop just spent it). */
  drain(): void {
    this.available = 0
    this.last = this.now()
  }

  fill(): void {
    this.available = this.size
    this.last = this.now()
  }
}
