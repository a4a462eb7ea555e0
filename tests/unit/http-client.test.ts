// The shared connector HTTP client against a local server that answers 429, 5xx, slowly or
// with a permanent error: retries, Retry-After, pacing, classification and the breaker.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../src/connectors/http/client.ts'
import { resetBreaker } from '../../src/connectors/http/breaker.ts'
import { RateLimiter } from '../../src/connectors/http/limiter.ts'
import { CrossdockError } from '../../src/errors.ts'
import { silentLogger } from '../../src/log.ts'

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void
let server: http.Server
let base: string
const routes = new Map<string, Handler>()
const hits = new Map<string, number[]>()

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url!.split('?')[0]!
    const list = hits.get(path) ?? []
    list.push(Date.now())
    hits.set(path, list)
    const h = routes.get(path)
    if (!h) {
      res.statusCode = 404
      res.end('{}')
      return
    }
    h(req, res, list.length)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

let n = 0
function client(extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) {
  const key = `test-${++n}`
  resetBreaker(key)
  return createHttpClient({
    baseURL: base,
    log: silentLogger,
    breakerKey: key,
    minBackoffMs: 10,
    maxBackoffMs: 100,
    limits: { buckets: { default: { capacity: 100, refillPerSecond: 100 } } },
    ...extra,
  })
}

describe('shared HTTP client', () => {
  it('retries a 429 after the Retry-After it was given, then succeeds', async () => {
    routes.set('/limited', (_q, res, count) => {
      if (count === 1) {
        res.writeHead(429, { 'retry-after': '1' })
        res.end('{"errors":[{"code":"QuotaExceeded"}]}')
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"ok":true}')
    })
    const c = client()
    const r = await c.get('/limited')
    expect(r.data).toEqual({ ok: true })
    const [first, second] = hits.get('/limited')!
    expect(second! - first!).toBeGreaterThanOrEqual(950)
    expect(c.stats).toMatchObject({ requests: 2, rateLimited: 1 })
  })

  it('retries 5xx with backoff until it works', async () => {
    routes.set('/flaky', (_q, res, count) => {
      res.writeHead(count < 3 ? 503 : 200)
      res.end('{}')
    })
    const c = client()
    expect((await c.get('/flaky')).status).toBe(200)
    expect(hits.get('/flaky')).toHaveLength(3)
  })

  it('does not retry a permanent 4xx and classifies it', async () => {
    routes.set('/bad', (_q, res) => {
      res.writeHead(422)
      res.end('{"message":"sku invalid"}')
    })
    const err = await client()
      .post('/bad', { a: 1 })
      .catch((e) => e)
    expect(err).toBeInstanceOf(CrossdockError)
    expect(err.code).toBe('CONNECTOR_REJECTED')
    expect(err.retryable).toBe(false)
    expect(err.details.body).toContain('sku invalid')
    expect(hits.get('/bad')).toHaveLength(1)
  })

  it('turns a slow answer into a retryable timeout', async () => {
    routes.set('/slow', (_q, res) => {
      setTimeout(() => {
        res.writeHead(200)
        res.end('{}')
      }, 500)
    })
    const err = await client({ timeoutMs: 100, retries: 1 })
      .get('/slow')
      .catch((e) => e)
    expect(err.code).toBe('CONNECTOR_TIMEOUT')
    expect(err.retryable).toBe(true)
    expect(hits.get('/slow')).toHaveLength(2)
  })

  it('reports a refused connection as a network error', async () => {
    const c = createHttpClient({
      baseURL: 'http://127.0.0.1:9',
      log: silentLogger,
      breakerKey: 'refused',
      limits: { buckets: {} },
      retries: 0,
    })
    const err = await c.get('/').catch((e) => e)
    expect(err.code).toBe('CONNECTOR_NETWORK')
  })

  it('paces to the declared bucket: 5 calls at 2 per second with a burst of 1 take about 2 seconds', async () => {
    routes.set('/paced', (_q, res) => {
      res.writeHead(200)
      res.end('{}')
    })
    const c = client({ limits: { buckets: { op: { capacity: 1, refillPerSecond: 2 } } } })
    await Promise.all([1, 2, 3, 4, 5].map(() => c.get('/paced', { bucket: 'op' })))
    const t = hits.get('/paced')!
    expect(t[4]! - t[0]!).toBeGreaterThanOrEqual(1800)
  })

  it('refreshes credentials once on a 401, then repeats the call', async () => {
    routes.set('/auth', (q, res) => {
      res.writeHead(q.headers.authorization === 'Bearer fresh' ? 200 : 401)
      res.end('{}')
    })
    let token = 'stale'
    let refreshed = 0
    const c = client({
      authorize: (cfg) => {
        cfg.headers = { ...(cfg.headers as object), authorization: `Bearer ${token}` } as never
      },
      onAuthFailure: async () => {
        refreshed++
        token = 'fresh'
        return true
      },
    })
    expect((await c.get('/auth')).status).toBe(200)
    expect(refreshed).toBe(1)
  })

  it('opens the circuit after repeated failures and fails fast while open', async () => {
    routes.set('/down', (_q, res) => {
      res.writeHead(500)
      res.end('{}')
    })
    const c = client({
      retries: 0,
      breaker: {
        errorThresholdPercentage: 50,
        volumeThreshold: 3,
        resetTimeoutMs: 60_000,
        rollingCountTimeoutMs: 10_000,
      },
    })
    for (let i = 0; i < 3; i++) await c.get('/down').catch(() => undefined)
    expect(c.breakerState()).toBe('open')
    const before = hits.get('/down')!.length
    const err = await c.get('/down').catch((e) => e)
    expect(err.code).toBe('CIRCUIT_OPEN')
    expect(hits.get('/down')!.length).toBe(before)
  })

  it('lets a remote correct the limiter from its headers', async () => {
    routes.set('/hdr', (_q, res) => {
      res.writeHead(200, { 'x-amzn-ratelimit-limit': '0.5' })
      res.end('{}')
    })
    const c = client({
      limits: { buckets: { op: { capacity: 5, refillPerSecond: 10 } } },
      onResponse: (res, limiter, bucket) => {
        const v = Number(res.headers['x-amzn-ratelimit-limit'])
        if (v > 0) limiter.get(bucket).setRate(v)
      },
    })
    await c.get('/hdr', { bucket: 'op' })
    expect(c.limiter.get('op').snapshot().refillPerSecond).toBe(0.5)
  })
})

describe('sliding window limit', () => {
  it('allows N per window and then waits for the oldest to leave', async () => {
    let now = 0
    const limiter = new RateLimiter({ buckets: { w: { kind: 'window', limit: 3, windowSeconds: 60 } } }, () => now)
    const w = limiter.get('w')
    for (let i = 0; i < 3; i++) await w.acquire(1)
    expect(w.snapshot().available).toBe(0)
    now += 60_001
    expect(w.snapshot().available).toBe(3)
  })
})
