// The connection's HTTP client, built by the runtime from a description, against a local server
// that answers 429, 5xx, slowly, endlessly or with a permanent error: retries, Retry-After,
// pacing, classification, auth, timeouts, size caps and the breaker.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpRuntimeConfig } from '../../src/config.ts'
import { ConnectorRuntime, type RuntimeOptions } from '../../src/connectors/runtime.ts'
import type { Connector, HttpDescription } from '../../src/connectors/types.ts'
import { remoteResponse } from '../../src/connectors/http/classify.ts'
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
function client(http: Partial<HttpDescription> = {}, o: Partial<RuntimeOptions> = {}, baseUrl = base) {
  const runtime = new ConnectorRuntime({
    ...httpRuntimeConfig(),
    retries: { minBackoffMs: 10, maxBackoffMs: 100 },
    ...o,
  })
  const connector = {
    description: {
      kind: 'test',
      http: {
        baseUrl: () => baseUrl,
        limits: () => ({ buckets: { default: { capacity: 100, refillPerSecond: 100 } } }),
        ...http,
      },
    },
  } as unknown as Connector
  n++
  return runtime.client(
    connector,
    { tenantId: `t-${n}`, connectionId: `c-${n}`, settings: {}, credentials: {} },
    silentLogger,
  )
}

const ok: Handler = (_q, res) => {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end('{"ok":true}')
}

describe('the connection client', () => {
  it('retries a 429 after the Retry-After it was given, then succeeds', async () => {
    routes.set('/limited', (q, res, count) => {
      if (count === 1) {
        res.writeHead(429, { 'retry-after': '1' })
        res.end('{"errors":[{"code":"QuotaExceeded"}]}')
        return
      }
      ok(q, res, count)
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
    expect((await client().get('/flaky')).status).toBe(200)
    expect(hits.get('/flaky')).toHaveLength(3)
  })

  it('does not retry a permanent 4xx, and keeps the body from the message and details', async () => {
    routes.set('/bad', (_q, res) => {
      res.writeHead(422, { 'content-type': 'application/json' })
      res.end('{"message":"sku invalid","secret":"internal-thing"}')
    })
    const err = await client({}, { egressAllow: '' }, base.replace('127.0.0.1', 'localhost'))
      .post('/bad', { a: 1 })
      .catch((e) => e)
    // localhost is not allow-listed by name: refused before any socket
    expect(err.code).toBe('EGRESS_REFUSED')
    const refused = await client()
      .post('/bad', { a: 1 })
      .catch((e) => e)
    expect(refused).toBeInstanceOf(CrossdockError)
    expect(refused.code).toBe('CONNECTOR_REJECTED')
    expect(refused.retryable).toBe(false)
    expect(hits.get('/bad')).toHaveLength(1)
    // 127.0.0.1 is allow-listed (the operator's own host): its body may be shown
    expect(refused.details.body).toContain('sku invalid')
    expect(remoteResponse(refused)?.data).toEqual({ message: 'sku invalid', secret: 'internal-thing' })
    expect(JSON.stringify(refused)).not.toContain('[object Object]')
  })

  it('reports a refused connection as a network error', async () => {
    const err = await client({}, { retries: { retries: 0 } }, 'http://127.0.0.1:9')
      .get('/')
      .catch((e) => e)
    expect(err.code).toBe('CONNECTOR_NETWORK')
  })

  it('paces to the declared bucket: 5 calls at 2 per second with a burst of 1 take about 2 seconds', async () => {
    routes.set('/paced', ok)
    const c = client({ limits: () => ({ buckets: { op: { capacity: 1, refillPerSecond: 2 } } }) })
    await Promise.all([1, 2, 3, 4, 5].map(() => c.get('/paced', { bucket: 'op' })))
    const t = hits.get('/paced')!
    expect(t[4]! - t[0]!).toBeGreaterThanOrEqual(1800)
  })

  it('fails retryable at once, with the wait as Retry-After, when the limit has no room within the bound', async () => {
    routes.set('/rare', ok)
    const c = client(
      { limits: () => ({ buckets: { op: { capacity: 1, refillPerSecond: 0.01 } } }) },
      { maxLimitWaitMs: 1_000 },
    )
    await c.get('/rare', { bucket: 'op' })
    const started = Date.now()
    const err = await c.get('/rare', { bucket: 'op' }).catch((e) => e)
    expect(Date.now() - started).toBeLessThan(500)
    expect(err).toMatchObject({ code: 'CONNECTOR_RATE_LIMITED', retryable: true })
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(90)
    expect(hits.get('/rare')).toHaveLength(1)
  })

  it('exchanges a token once for concurrent callers, and again once when the remote says it expired', async () => {
    let issued = 0
    let valid = ''
    routes.set('/token', (_q, res) => {
      valid = `tok-${++issued}`
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ access_token: valid, expires_in: 3600 }))
      }, 50)
    })
    routes.set('/api', (q, res) => {
      const good = q.headers['x-token'] === valid
      res.writeHead(good ? 200 : 401, { 'content-type': 'application/json' })
      res.end(good ? '{}' : '{"message":"token expired"}')
    })
    const c = client({
      auth: {
        exchange: async (send) => {
          const r = await send<{ access_token: string; expires_in: number }>({ method: 'POST', url: '/token' })
          return { token: r.data.access_token, expiresInSeconds: r.data.expires_in }
        },
        authorize: (req, _conn, token) => {
          req.headers = { ...(req.headers as object), 'x-token': token ?? '' } as never
        },
        isTokenExpired: (err) => /expired/.test(JSON.stringify(remoteResponse(err)?.data)),
      },
    })
    // the first caller gives up while the exchange runs: the others still get the token
    const impatient = new AbortController()
    const first = c
      .withSignal(impatient.signal)
      .get('/api')
      .catch((e: Error) => e)
    impatient.abort()
    const rest = await Promise.all([c.get('/api'), c.get('/api'), c.get('/api')])
    expect(((await first) as Error).name).toBe('AbortError')
    expect(rest.every((r) => r.status === 200)).toBe(true)
    expect(c.stats.authExchanges).toBe(1)
    valid = 'rotated-by-the-remote'
    expect((await c.get('/api')).status).toBe(200)
    expect(c.stats.authExchanges).toBe(2)
    // the token went only to the API's own origin
    expect(hits.get('/token')).toHaveLength(2)
  })

  it('never sends declared headers or tokens to another origin (a URL a remote handed out)', async () => {
    const seen: (string | undefined)[] = []
    const other = http.createServer((q, res) => {
      seen.push(q.headers['x-secret'] as string | undefined)
      res.end('{}')
    })
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r))
    try {
      routes.set('/own', (q, res) => {
        seen.push(q.headers['x-secret'] as string | undefined)
        res.end('{}')
      })
      const c = client({ headers: () => ({ 'x-secret': 's3cr3t' }) })
      await c.get('/own')
      await c.get(`http://127.0.0.1:${(other.address() as AddressInfo).port}/file`)
      expect(seen).toEqual(['s3cr3t', undefined])
    } finally {
      other.close()
    }
  })

  it('lets a remote correct the shared bucket from its headers', async () => {
    routes.set('/hdr', (_q, res) => {
      res.writeHead(200, { 'x-rate': '0.5' })
      res.end('{}')
    })
    const c = client({
      limits: () => ({ buckets: { op: { capacity: 5, refillPerSecond: 10 } } }),
      onResponse: async (res, io) => {
        const v = Number(res.headers['x-rate'])
        if (v > 0) await io.limit.correct({ refillPerSecond: v })
      },
    })
    await c.get('/hdr', { bucket: 'op' })
    expect(await c.limit('op')).toMatchObject({ refillPerSecond: 0.5, capacity: 5 })
  })

  it('refuses to follow a redirect', async () => {
    routes.set('/moved', (_q, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' })
      res.end()
    })
    const err = await client()
      .get('/moved')
      .catch((e) => e)
    expect(err).toMatchObject({ code: 'CONNECTOR_BAD_RESPONSE' })
    expect(err.message).toMatch(/redirect/)
  })
})

describe('slow remotes (issue 12.15)', () => {
  it('gives up on a remote that holds the connection open without answering (first byte)', async () => {
    routes.set('/hold', () => undefined)
    const started = Date.now()
    const err = await client({}, { firstByteTimeoutMs: 300, retries: { retries: 0 } })
      .get('/hold')
      .catch((e) => e)
    expect(err).toMatchObject({ code: 'CONNECTOR_TIMEOUT', retryable: true })
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('gives up on a remote that trickles its answer forever (total time)', async () => {
    routes.set('/trickle', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      const t = setInterval(() => res.write('x'), 50)
      res.on('close', () => clearInterval(t))
    })
    const started = Date.now()
    const err = await client({}, { firstByteTimeoutMs: 300, totalTimeoutMs: 800, retries: { retries: 0 } })
      .get('/trickle')
      .catch((e) => e)
    expect(err).toMatchObject({ code: 'CONNECTOR_TIMEOUT', retryable: true })
    expect(Date.now() - started).toBeLessThan(3_000)
  })
})

describe('answer size (issue 12.2)', () => {
  it('cuts a buffered answer at the cap', async () => {
    routes.set('/big', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(`"${'a'.repeat(200_000)}"`)
    })
    const err = await client({}, { maxResponseBytes: 100_000 })
      .get('/big')
      .catch((e) => e)
    expect(err).toMatchObject({ code: 'CONNECTOR_RESPONSE_TOO_LARGE', retryable: false })
    expect(hits.get('/big')).toHaveLength(1)
  })

  it('streams a document line by line, and cuts it at the stream cap', async () => {
    routes.set('/jsonl', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/jsonl' })
      for (let i = 0; i < 100_000; i++) res.write(`{"i":${i}}\n`)
      res.end()
    })
    const lines: string[] = []
    for await (const l of client().lines({ url: '/jsonl' })) lines.push(l)
    expect(lines).toHaveLength(100_000)
    expect(JSON.parse(lines[99_999]!)).toEqual({ i: 99_999 })

    const small = client({}, { maxStreamBytes: 200_000 })
    const got: string[] = []
    const err = await (async () => {
      for await (const l of small.lines({ url: '/jsonl' })) got.push(l)
    })().catch((e) => e)
    expect(err).toMatchObject({ code: 'CONNECTOR_RESPONSE_TOO_LARGE' })
    expect(got.length).toBeGreaterThan(0)
    expect(got.length).toBeLessThan(20_000)
  })
})

describe('the breaker', () => {
  it('opens after repeated failures, fails fast while open, and a probe closes it once the remote heals', async () => {
    let healthy = false
    routes.set('/down', (_q, res) => {
      res.writeHead(healthy ? 200 : 500)
      res.end('{}')
    })
    const c = client({}, { retries: { retries: 0 }, breaker: { failureThreshold: 3 }, breakerOpenMs: 300 })
    for (let i = 0; i < 3; i++) await c.get('/down').catch(() => undefined)
    const before = hits.get('/down')!.length
    const err = await c.get('/down').catch((e) => e)
    expect(err.code).toBe('CIRCUIT_OPEN')
    expect(hits.get('/down')!.length).toBe(before)
    healthy = true
    await new Promise((r) => setTimeout(r, 350))
    expect((await c.get('/down')).status).toBe(200)
    expect((await c.get('/down')).status).toBe(200)
  })

  it('lets a probe (test connection) through while open', async () => {
    routes.set('/sick', (_q, res) => {
      res.writeHead(500)
      res.end('{}')
    })
    const c = client({}, { retries: { retries: 0 }, breaker: { failureThreshold: 2 }, breakerOpenMs: 60_000 })
    for (let i = 0; i < 2; i++) await c.get('/sick').catch(() => undefined)
    expect((await c.get('/sick').catch((e) => e)).code).toBe('CIRCUIT_OPEN')
    const before = hits.get('/sick')!.length
    const probe = await c
      .asProbe()
      .get('/sick')
      .catch((e) => e)
    expect(probe.code).toBe('CONNECTOR_UNAVAILABLE')
    expect(hits.get('/sick')!.length).toBe(before + 1)
  })
})
