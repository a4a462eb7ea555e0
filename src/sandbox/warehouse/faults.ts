// The API's misbehaviour knobs, for tests and the demo: fail the next calls (before doing the
// work, or after it with the answer lost), an outage (every call 5xx for N seconds, then healthy:
// what a circuit breaker must ride out), slow answers, and connections held open with no answer at
// all (the client's own timeout must fire). Answers made here are marked injected: they are not
// ShipBob's and are not held to its OpenAPI document.
import type { FastifyInstance, FastifyRequest } from 'fastify'

export interface ApiFaults {
  /** the next n API calls fail with `status`… */
  fail?: number
  status?: number
  /** …'before' doing anything, or 'after' doing the work (the answer is lost on the way back) */
  when?: 'before' | 'after'
  /** only calls whose method and path match, e.g. "POST /2026-01/order" (fail and hang) */
  match?: string
  /** hold every answer this long (30_000: ShipBob slower than a client's timeout) */
  delayMs?: number
  /** every call answers `status` (default 500) for this many seconds from when it is set, then the API is healthy */
  outageSeconds?: number
  /** when the outage ends (ISO; set by the sandbox from outageSeconds) */
  outageUntil?: string
  /** the next n calls are held open with no answer; the connection drops when faults are cleared or the sandbox closes */
  hang?: number
}

export interface FaultStats {
  faultsServed: number
  held: number
}

const FAULT_BODY = { '': ['An error occurred while processing the request (sandbox fault).'] }
const LOST_BODY = { '': ['Bad gateway (sandbox fault: the request was processed, the answer lost).'] }

export class ApiFaultInjector {
  faults: ApiFaults = {}
  readonly stats: FaultStats = { faultsServed: 0, held: 0 }
  readonly injected = new WeakSet<FastifyRequest>()
  private readonly holds = new Set<() => void>()

  constructor(private readonly now: () => Date) {}

  /** Replace the knobs (an outage starts now); held connections are let go. */
  set(f: ApiFaults): void {
    const outageUntil =
      f.outageSeconds !== undefined && f.outageSeconds > 0
        ? new Date(this.now().getTime() + f.outageSeconds * 1000).toISOString()
        : f.outageUntil
    this.faults = { ...f, ...(outageUntil ? { outageUntil } : {}) }
    this.release()
  }

  release(): void {
    for (const let_go of this.holds) let_go()
    this.holds.clear()
  }

  private matches(req: FastifyRequest): boolean {
    return !this.faults.match || this.faults.match === `${req.method} ${req.url.split('?')[0]}`
  }

  private take(kind: 'fail' | 'hang', req: FastifyRequest): boolean {
    const n = this.faults[kind]
    if (!n || n <= 0 || !this.matches(req)) return false
    this.faults[kind] = n - 1
    this.injected.add(req)
    return true
  }

  register(app: FastifyInstance, isApi: (req: FastifyRequest) => boolean): void {
    app.addHook('onRequest', async (req, reply) => {
      if (!isApi(req) || reply.sent) return
      const f = this.faults
      if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs))
      if (this.take('hang', req)) {
        this.stats.held++
        await new Promise<void>((r) => this.holds.add(r))
        reply.hijack()
        req.raw.socket?.destroy()
        return reply
      }
      if (f.outageUntil && this.now().getTime() < Date.parse(f.outageUntil)) {
        this.injected.add(req)
        this.stats.faultsServed++
        return reply.code(f.status ?? 500).send(FAULT_BODY)
      }
      if ((f.when ?? 'before') === 'before' && this.take('fail', req)) {
        this.stats.faultsServed++
        return reply.code(f.status ?? 500).send(FAULT_BODY)
      }
    })

    // 'after' faults: the work is done, then the answer is replaced (a response lost on the way back)
    app.addHook('onSend', async (req, reply, payload) => {
      if (!isApi(req) || this.faults.when !== 'after' || reply.statusCode >= 400 || !this.take('fail', req))
        return payload
      this.stats.faultsServed++
      reply.code(this.faults.status ?? 502)
      return JSON.stringify(LOST_BODY)
    })
  }
}
