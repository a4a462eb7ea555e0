// How every SP-API operation of the sandbox answers, in Amazon's order: x-amzn-RequestId on
// every response; the LWA token in x-amz-access-token (403 MissingAuthenticationToken /
// Unauthorized otherwise); the operation's token bucket per seller (429 QuotaExceeded, carrying
// only x-amzn-RequestId, as the models declare); the request checked against the official model
// (400 with Amazon's {errors:[{code,message,details}]}); then the handler, whose response is
// checked against the model too (violations are recorded for the tests to see) and carries
// x-amzn-RateLimit-Limit on 2xx/400/404 [facts §7, §9, §11].
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { SandboxState } from './state.ts'
import { rdtCovers } from './tokens.ts'
import type { SpApiModels, SpApiOperationModel } from './validator.ts'

export interface AmazonErrorBody {
  errors: { code: string; message: string; details?: string }[]
}

export function amazonError(code: string, message: string, details?: string): AmazonErrorBody {
  return { errors: [{ code, message, ...(details !== undefined ? { details } : {}) }] }
}

export const INVALID_INPUT = 'Request has missing or invalid parameters and cannot be parsed.'

export class SpApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: string,
  ) {
    super(message)
  }
}

export const invalid = (details: string): SpApiError => new SpApiError(400, 'InvalidInput', INVALID_INPUT, details)

/** Token bucket per (seller, operation): `rate` tokens a second up to `burst` [D:docs/usage-plans-and-rate-limits]. */
export class Bucket {
  private tokens: number
  private last: number
  constructor(
    readonly rate: number,
    readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst
    this.last = now()
  }
  take(): boolean {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate)
    this.last = t
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

export interface ThrottleOptions {
  enabled: boolean
  /** multiplies every rate (tests run the real plans faster); bursts stay as they are */
  rateScale: number
  /** per operation key: replace the model's plan */
  plans: Record<string, { rate?: number; burst?: number }>
}

export class Throttle {
  private buckets = new Map<string, Bucket>()
  constructor(
    private readonly o: ThrottleOptions,
    private readonly now: () => number,
  ) {}

  get enabled(): boolean {
    return this.o.enabled
  }

  plan(op: SpApiOperationModel | { key: string; usagePlan?: { rate: number; burst: number } }): {
    rate: number
    burst: number
  } {
    const base = op.usagePlan ?? { rate: 5, burst: 15 }
    const over = this.o.plans[op.key] ?? {}
    return { rate: (over.rate ?? base.rate) * this.o.rateScale, burst: over.burst ?? base.burst }
  }

  take(
    seller: string,
    op: SpApiOperationModel | { key: string; usagePlan?: { rate: number; burst: number } },
  ): boolean {
    if (!this.o.enabled) return true
    const key = `${seller}:${op.key}`
    let b = this.buckets.get(key)
    if (!b) {
      const p = this.plan(op)
      b = new Bucket(p.rate, p.burst, this.now)
      this.buckets.set(key, b)
    }
    return b.take()
  }

  reset(): void {
    this.buckets.clear()
  }
}

export interface SpRequest {
  op: SpApiOperationModel
  params: Record<string, string>
  query: Record<string, any>
  body: any
  /** scheme://host of this request, for presigned document URLs */
  origin: string
  /** called with a Restricted Data Token: the PII it unlocks here; null with a plain LWA token */
  pii: { buyerInfo: boolean; shippingAddress: boolean } | null
  raw: FastifyRequest
}

export interface SpReply {
  status: number
  body?: unknown
}

export type SpHandler = (req: SpRequest) => Promise<SpReply> | SpReply

export interface SpApiContext {
  state: SandboxState
  models: SpApiModels
  throttle: Throttle
  now: () => number
  journal: boolean
  log(msg: string): void
}

function rateHeader(rate: number): string {
  const s = String(Number(rate.toPrecision(6)))
  return s.includes('.') ? s : `${s}.0`
}

export function origin(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? req.hostname}`
}

export function registerOperation(app: FastifyInstance, c: SpApiContext, key: string, handler: SpHandler): void {
  const op = c.models.operation(key)
  const url = op.path.replace(/\{(\w+)\}/g, ':$1')
  app.route({
    method: op.method as 'GET',
    url,
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const requestId = randomUUID()
      const s = c.state
      s.requests[op.key] = (s.requests[op.key] ?? 0) + 1
      const send = (status: number, body: unknown, withRate: boolean) => {
        const errors = c.models.validateResponse(op.key, status, body)
        if (errors.length > 0) {
          s.violations.push({ at: new Date(c.now()).toISOString(), operation: op.key, status, errors })
          c.log(`sandbox response for ${op.key} ${status} breaks the model: ${errors.join('; ')}`)
        }
        if (c.journal) {
          s.journal.push({
            at: new Date(c.now()).toISOString(),
            operation: op.key,
            method: req.method,
            url: req.url,
            requestBody: req.body,
            status,
            responseBody: body,
          })
        }
        reply.code(status).header('x-amzn-RequestId', requestId)
        if (withRate) reply.header('x-amzn-RateLimit-Limit', rateHeader(c.throttle.plan(op).rate))
        if (body === undefined) return reply.send()
        return reply.header('content-type', 'application/json').send(JSON.stringify(body))
      }
      const token = req.headers['x-amz-access-token']
      if (typeof token !== 'string' || token === '') {
        reply.header('x-amzn-ErrorType', 'MissingAuthenticationTokenException')
        return send(
          403,
          amazonError(
            'MissingAuthenticationToken',
            'Access to requested resource is denied.',
            'The request is missing the x-amz-access-token header.',
          ),
          false,
        )
      }
      const issued = s.tokens.get(token)
      const rdt = issued ? undefined : s.rdts.get(token)
      let pii: SpRequest['pii'] = null
      if (rdt) {
        pii = rdt.expiresAt > c.now() ? rdtCovers(rdt, req.method, req.url.split('?')[0]!) : null
        if (!pii) {
          // an RDT opens only the restricted resources it names, for an hour [M-tok] [UNVERIFIED wording]
          reply.header('x-amzn-ErrorType', 'AccessDeniedException')
          const details =
            rdt.expiresAt > c.now()
              ? 'The restricted data token does not cover this resource.'
              : 'The security token included in the request is expired'
          return send(403, amazonError('Unauthorized', 'Access to requested resource is denied.', details), false)
        }
      } else if (!issued || issued.expiresAt <= c.now()) {
        reply.header('x-amzn-ErrorType', 'AccessDeniedException')
        const details = issued
          ? 'The security token included in the request is expired'
          : 'The access token you provided is revoked, malformed or invalid.'
        return send(403, amazonError('Unauthorized', 'Access to requested resource is denied.', details), false)
      }
      if (!c.throttle.take(s.sellerId, op)) {
        s.throttled[op.key] = (s.throttled[op.key] ?? 0) + 1
        return send(429, amazonError('QuotaExceeded', 'You exceeded your quota for the requested resource.', ''), false)
      }
      const check = c.models.validateRequest({
        method: req.method,
        url: req.url,
        body: req.body,
        headers: req.headers as Record<string, string>,
      })
      if (check.errors.length > 0) {
        s.rejected[op.key] = (s.rejected[op.key] ?? 0) + 1
        return send(400, amazonError('InvalidInput', INVALID_INPUT, check.errors.join('; ')), true)
      }
      try {
        const r = await handler({
          op,
          params: check.pathParams,
          query: check.query,
          body: req.body,
          origin: origin(req),
          pii,
          raw: req,
        })
        return send(r.status, r.body, r.status < 300 || r.status === 400 || r.status === 404)
      } catch (err) {
        if (err instanceof SpApiError) {
          if (err.status === 400) s.rejected[op.key] = (s.rejected[op.key] ?? 0) + 1
          return send(
            err.status,
            amazonError(err.code, err.message, err.details),
            err.status === 400 || err.status === 404,
          )
        }
        c.log(`sandbox handler for ${op.key} failed: ${(err as Error).stack ?? err}`)
        return send(
          500,
          amazonError('InternalFailure', 'We encountered an internal error. Please try again.', ''),
          false,
        )
      }
    },
  })
}
