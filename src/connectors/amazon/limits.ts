// SP-API usage plans, one token bucket per operation: rate (requests per second restored) and
// burst (bucket size). Values are the defaults in the official models' "Usage Plan" tables, as
// summarised in /work/shared/specs/amazon.md §3–§6 (a test checks them against the models). The
// service may grant a seller more; x-amzn-RateLimit-Limit then corrects the rate at run time.
import type { RateLimitSpec } from '../http/limiter.ts'

export interface UsagePlan {
  rate: number
  burst: number
}

export const USAGE_PLANS = {
  // Orders 2026-01-01 [M-ord26]
  searchOrders: { rate: 0.0056, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  // Orders v0 [M-ord0]: reads deprecated (migrate by 2027-03-27), confirmShipment is not
  getOrders: { rate: 0.0167, burst: 20 },
  getOrderItems: { rate: 0.5, burst: 30 },
  confirmShipment: { rate: 2, burst: 10 },
  // Listings Items 2021-08-01 [M-li]
  patchListingsItem: { rate: 5, burst: 5 },
  getListingsItem: { rate: 5, burst: 10 },
  // FBA Inventory v1 [M-fba]
  getInventorySummaries: { rate: 2, burst: 2 },
  // Feeds 2021-06-30 [M-feeds]
  createFeedDocument: { rate: 0.5, burst: 15 },
  createFeed: { rate: 0.0083, burst: 15 },
  getFeed: { rate: 2, burst: 15 },
  cancelFeed: { rate: 2, burst: 15 },
  getFeedDocument: { rate: 0.0222, burst: 10 },
  // Sellers v1 [M-sel]
  getMarketplaceParticipations: { rate: 0.016, burst: 15 },
} as const satisfies Record<string, UsagePlan>

export type SpApiOperation = keyof typeof USAGE_PLANS

/**
 * JSON_LISTINGS_FEED has its own limit beside createFeed's: 5 submissions per 5 minutes per region
 * since 2025-05-06 [D:changelog/update-feed-size-and-rate-limit-changes-for-the-json_listings_feed].
 */
export const JSON_LISTINGS_FEED_WINDOW = { limit: 5, windowSeconds: 300 } as const
export const JSON_LISTINGS_FEED_BUCKET = 'createFeed:JSON_LISTINGS_FEED'

/**
 * We pace a little under the advertised rate: our bucket and Amazon's tick on different clocks,
 * and a request that arrives a few ms early finds 0.98 of a token and is refused. Each 429 costs
 * a drained bucket and a pause; 5 % of throughput is the cheaper price (bench/amazon-feed-vs-patch).
 */
export const PACING_FACTOR = 0.95

export function amazonRateLimits(): RateLimitSpec {
  const buckets: RateLimitSpec['buckets'] = {}
  for (const [op, plan] of Object.entries(USAGE_PLANS)) {
    buckets[op] = { capacity: plan.burst, refillPerSecond: plan.rate * PACING_FACTOR }
  }
  buckets[JSON_LISTINGS_FEED_BUCKET] = { kind: 'window', ...JSON_LISTINGS_FEED_WINDOW }
  // Login with Amazon publishes no quota; a few exchanges a second is far more than a token an hour needs
  buckets.lwa = { capacity: 5, refillPerSecond: 1 }
  return { buckets }
}
