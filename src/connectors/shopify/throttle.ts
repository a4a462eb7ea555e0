// Pacing against Shopify's calculated-cost leaky bucket. Every GraphQL answer carries
// extensions.cost {requestedQueryCost, actualQueryCost, throttleStatus{maximumAvailable,
// currentlyAvailable, restoreRate}} (specs/shopify.md §4). A request draws its requested cost
// from the shared bucket before it goes out; after the answer the bucket gets back what the query
// did not use (requested − actual), takes Shopify's size and restore rate, and is lowered (never
// raised: other processes' calls may be in flight) to what Shopify says is left minus what this
// process still has in flight. So the bucket is never overdrawn in steady state. A THROTTLED answer (HTTP 200, errors[].extensions
// .code THROTTLED) becomes CONNECTOR_RATE_LIMITED with the wait the restore rate implies, which
// the shared client honours before retrying.
import type { AxiosResponse } from 'axios'
import { CrossdockError } from '../../errors.ts'
import type { ResponseIO } from '../http/client.ts'

export interface ThrottleStatus {
  maximumAvailable: number
  currentlyAvailable: number
  restoreRate: number
}
export interface CostExtension {
  requestedQueryCost: number
  actualQueryCost: number | null
  throttleStatus: ThrottleStatus
}

export interface GqlErrorBody {
  message: string
  path?: (string | number)[]
  extensions?: { code?: string; [k: string]: unknown }
}

export function costOf(body: unknown): CostExtension | undefined {
  const c = (body as { extensions?: { cost?: CostExtension } } | null)?.extensions?.cost
  return c && typeof c.requestedQueryCost === 'number' && c.throttleStatus ? c : undefined
}

export function isThrottled(body: unknown): boolean {
  const errors = (body as { errors?: GqlErrorBody[] } | null)?.errors
  return Array.isArray(errors) && errors.some((e) => e?.extensions?.code === 'THROTTLED')
}

/** Seconds until the bucket holds `needed` points again (plus a small margin for clock drift). */
export function secondsUntil(needed: number, status: ThrottleStatus): number {
  const missing = Math.max(0, needed - status.currentlyAvailable)
  return Math.max(0.05, missing / Math.max(1, status.restoreRate) + 0.05)
}

export class CostTracker {
  /** requested cost of calls sent and not yet answered, by call id */
  private inFlight = new Map<number, number>()
  private seq = 0
  /** requestedQueryCost last reported per query key: the next call of the same shape draws it */
  private known = new Map<string, number>()
  throttled = 0
  responses = 0
  last: ThrottleStatus | undefined

  nextCallId(): number {
    return ++this.seq
  }

  estimate(key: string, fallback: number): number {
    return this.known.get(key) ?? fallback
  }

  learn(key: string, requested: number): void {
    this.known.set(key, requested)
  }

  started(callId: number, cost: number): void {
    this.inFlight.set(callId, cost)
  }

  finished(callId: number): void {
    this.inFlight.delete(callId)
  }

  private pending(): number {
    let s = 0
    for (const c of this.inFlight.values()) s += c
    return s
  }

  /** onResponse hook: correct the shared bucket from throttleStatus. */
  onResponse = async (res: AxiosResponse, io: ResponseIO): Promise<void> => {
    const callId = (io.request as { callId?: number }).callId
    if (callId !== undefined) this.finished(callId)
    const cost = costOf(res.data)
    if (!cost) return
    this.responses++
    this.last = cost.throttleStatus
    const unused = cost.actualQueryCost === null ? 0 : Math.max(0, cost.requestedQueryCost - cost.actualQueryCost)
    await io.limit.correct({
      refillPerSecond: cost.throttleStatus.restoreRate,
      capacity: cost.throttleStatus.maximumAvailable,
      available: Math.max(0, cost.throttleStatus.currentlyAvailable - this.pending()),
      refund: unused,
    })
  }

  /** inspect hook: a THROTTLED 200 is a rate limit, retried after the restore time. */
  inspect = (res: AxiosResponse): void => {
    if (!isThrottled(res.data)) return
    this.throttled++
    const cost = costOf(res.data)
    const wait = cost ? secondsUntil(cost.requestedQueryCost, cost.throttleStatus) : 1
    throw new CrossdockError(
      'CONNECTOR_RATE_LIMITED',
      `Shopify throttled the query (cost ${cost?.requestedQueryCost ?? '?'}, ${cost?.throttleStatus.currentlyAvailable ?? '?'} points left, ${cost?.throttleStatus.restoreRate ?? '?'}/s)`,
      {
        retryAfterSeconds: wait,
        details: { cost },
      },
    )
  }
}
