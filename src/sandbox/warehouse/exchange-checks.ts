// Every exchange with the sandbox held to ShipBob's OpenAPI document (contract.ts): a request the
// document refuses is answered the way ShipBob documents (400/422 with the operation's error
// shape) before any handler runs; every answer the sandbox sends is checked too, and a mismatch is
// recorded as a violation for the tests to see. With `journal` on, each exchange is kept so a
// contract test can check it again, independently. Only API version 2026-01 is checked (the one
// document the sandbox holds); injected faults are journaled but not held to the document.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ShipBobContract } from './contract.ts'

export const CHECKED_VERSION = '/2026-01/'

export interface JournalEntry {
  at: string
  /** the document's operation ("POST /2026-01/order"), null when it has none for the path */
  operation: string | null
  method: string
  url: string
  headers: Record<string, string>
  requestBody?: unknown
  status: number
  responseBody?: unknown
  /** the answer came from a fault knob, not from the API */
  injected: boolean
}

export interface ContractLog {
  keepJournal: boolean
  journal: JournalEntry[]
  /** answers the sandbox sent that the document does not allow (a sandbox bug) */
  violations: { at: string; operation: string; status: number; errors: string[] }[]
  /** requests the document refused (the client's mistakes), as answered */
  refused: { at: string; operation: string; errors: string[] }[]
  /** what a request sent that the document does not declare but ShipBob ignores (unknown query parameters) */
  warnings: string[]
}

export function newContractLog(keepJournal: boolean): ContractLog {
  return { keepJournal, journal: [], violations: [], refused: [], warnings: [] }
}

/** ShipBob's 429, documented on its rate-limit page rather than in the OpenAPI [SB-DOC /rate-limit]. */
export function rateLimitedBodyProblems(body: unknown): string[] {
  const b = body as { statusCode?: unknown; message?: unknown } | null
  const ok =
    !!b &&
    typeof b === 'object' &&
    Object.keys(b).every((k) => k === 'statusCode' || k === 'message') &&
    b.statusCode === 429 &&
    typeof b.message === 'string' &&
    /^Rate limit is exceeded\. Try again in \d+ seconds\.$/.test(b.message)
  return ok ? [] : ['429 body is not {"statusCode":429,"message":"Rate limit is exceeded. Try again in N seconds."}']
}

function parsed(payload: unknown): unknown {
  if (typeof payload !== 'string' || payload === '') return undefined
  try {
    return JSON.parse(payload)
  } catch {
    return payload
  }
}

function requestHeaders(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) {
    if (k === 'authorization' || v === undefined) continue
    out[k] = Array.isArray(v) ? v.join(', ') : String(v)
  }
  return out
}

export function registerExchangeChecks(
  app: FastifyInstance,
  contract: ShipBobContract,
  log: ContractLog,
  now: () => Date,
  injected: WeakSet<FastifyRequest>,
): void {
  const checked = (req: FastifyRequest) => req.url.startsWith(CHECKED_VERSION)

  app.addHook('preHandler', async (req, reply) => {
    if (!checked(req)) return
    const check = contract.validateRequest({ method: req.method, url: req.url, headers: req.headers, body: req.body })
    if (!check.operation) return
    log.warnings.push(...check.warnings)
    if (check.errors.length === 0) return
    log.refused.push({
      at: now().toISOString(),
      operation: check.operation.key,
      errors: check.errors.map((e) => `${e.field || '(body)'}: ${e.message}`),
    })
    const r = contract.refusal(check.operation, check.errors)
    return reply.code(r.status).send(r.body)
  })

  app.addHook('onSend', async (req, reply, payload) => {
    if (!checked(req)) return payload
    const at = now().toISOString()
    const op = contract.find(req.method, req.url.split('?')[0]!)?.operation.key ?? null
    const body = parsed(payload)
    const status = reply.statusCode
    const isFault = injected.has(req)
    if (op && !isFault) {
      const errors = status === 429 ? rateLimitedBodyProblems(body) : contract.validateResponse(op, status, body)
      if (errors.length) log.violations.push({ at, operation: op, status, errors })
    }
    if (log.keepJournal) {
      log.journal.push({
        at,
        operation: op,
        method: req.method,
        url: req.url,
        headers: requestHeaders(req),
        ...(req.body !== undefined ? { requestBody: req.body } : {}),
        status,
        ...(body !== undefined ? { responseBody: body } : {}),
        injected: isFault,
      })
    }
    return payload
  })
}
