// Rate limits shared by every process (issue 14): three connector runtimes on one database, as
// three hub processes would be, spend one seller's bucket once. A test server counts what it saw
// per second; a 429 it answers pauses the bucket for all three.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpRuntimeConfig } from '../../src/config.ts'
import type { ConnectorRuntime } from '../../src/connectors/runtime.ts'
import type { Connector, RateLimitSpec } from '../../src/connectors/types.ts'
import { listBuckets } from '../../src/db/rate-limits.ts'
import { silentLogger } from '../../src/log.ts'
import { createHubRuntime } from '../../src/sync/context.ts'
import { warehouseConnector } from '../../src/connectors/warehouse/index.ts'
import { createTestDatabase, type TestDatabase } from '../support/db.ts'
import { collect } from '../shopify/helpers.ts'
import { context, startSandbox as startWarehouseSandbox, TOKEN } from '../warehouse/support.ts'

let t: TestDatabase
let server: http.Server
let base = ''
let tenantId = ''
const seen = new Map<string, number[]>()
let answer: (path: string, res: http.ServerResponse) => boolean = () => false

beforeAll(async () => {
  t = await createTestDatabase()
  const [row] = await t
    .db('tenants')
    .insert({ name: 'shared limits', base_currency: 'USD', time_zone: 'UTC' })
    .returning('id')
  tenantId = row.id
  server = http.createServer((req, res) => {
    const path = req.url!.split('?')[0]!
    seen.set(path, [...(seen.get(path) ?? []), Date.now()])
    if (answer(path, res)) return
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{}')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()))
  await t.drop()
})

function connectorWith(limits: RateLimitSpec): Connector {
  return {
    description: {
      kind: 'metered',
      http: { baseUrl: () => base, limits: () => limits, limitAccount: () => 'metered:seller-1' },
    },
  } as unknown as Connector
}

/** Three processes' runtimes, each with its own connection to the same remote account. */
function threeRuntimes(): ConnectorRuntime[] {
  return [1, 2, 3].map(() =>
    createHubRuntime(t.db, httpRuntimeConfig(), { retries: { minBackoffMs: 20, maxBackoffMs: 200 } }),
  )
}

function clients(runtimes: ConnectorRuntime[], connector: Connector) {
  return runtimes.map((r) =>
    r.client(connector, { tenantId, connectionId: randomUUID(), settings: {}, credentials: {} }, silentLogger),
  )
}

/** Most requests the server saw in any window of `ms` starting at a request. */
function busiestWindow(times: number[], ms: number): number {
  const s = [...times].sort((a, b) => a - b)
  let best = 0
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i]! - s[j]! >= ms) j++
    best = Math.max(best, i - j + 1)
  }
  return best
}

describe('one bucket, three processes', () => {
  it('a token bucket of 2 + 10/s is never exceeded, whoever sends', async () => {
    const runtimes = threeRuntimes()
    const cs = clients(runtimes, connectorWith({ buckets: { op: { capacity: 2, refillPerSecond: 10 } } }))
    const started = Date.now()
    await Promise.all(cs.flatMap((c) => Array.from({ length: 15 }, () => c.get('/bucket', { bucket: 'op' }))))
    const took = Date.now() - started
    const times = seen.get('/bucket')!
    expect(times).toHaveLength(45)
    // 45 requests at 10/s after a burst of 2: at least 4.3 s, whichever process sends them
    expect(took).toBeGreaterThanOrEqual(4_000)
    // per second, never more than the burst + one second of refill (+1 for timer jitter)
    expect(busiestWindow(times, 1_000)).toBeLessThanOrEqual(13)
    for (const r of runtimes) r.close()
  })

  it('a sliding window of 10 per 2 s is never exceeded, whoever sends', async () => {
    const runtimes = threeRuntimes()
    // declared with the margin the 3PL connector adds: the remote counts arrivals, we count sends
    const cs = clients(
      runtimes,
      connectorWith({ buckets: { default: { kind: 'window', limit: 10, windowSeconds: 2.25 } } }),
    )
    await Promise.all(cs.flatMap((c) => Array.from({ length: 10 }, () => c.get('/window'))))
    const times = seen.get('/window')!
    expect(times).toHaveLength(30)
    expect(busiestWindow(times, 2_000)).toBeLessThanOrEqual(10)
    const last = Math.max(...times) - Math.min(...times)
    expect(last).toBeGreaterThanOrEqual(3_900)
    for (const r of runtimes) r.close()
  })

  it("a 429's Retry-After pauses the bucket in every process", async () => {
    let first = true
    answer = (path, res) => {
      if (path !== '/busy' || !first) return false
      first = false
      res.writeHead(429, { 'retry-after': '2', 'content-type': 'application/json' })
      res.end('{"errors":[{"code":"QuotaExceeded"}]}')
      return true
    }
    const runtimes = threeRuntimes()
    const [a, b, c] = clients(runtimes, connectorWith({ buckets: { op: { capacity: 100, refillPerSecond: 100 } } }))
    const paused = a!.get('/busy', { bucket: 'op' })
    // b and c start once a has been told to wait
    while ((seen.get('/busy') ?? []).length === 0) await new Promise((r) => setTimeout(r, 10))
    await new Promise((r) => setTimeout(r, 100))
    await Promise.all([paused, b!.get('/busy', { bucket: 'op' }), c!.get('/busy', { bucket: 'op' })])
    const [refused, ...after] = seen.get('/busy')!
    expect(after).toHaveLength(3)
    for (const at of after) expect(at - refused!).toBeGreaterThanOrEqual(1_900)
    answer = () => false
    for (const r of runtimes) r.close()
  })

  it("three processes pulling from one ShipBob account stay inside the sandbox's window: no 429", async () => {
    const sb = await startWarehouseSandbox({ rateLimit: { limit: 10, windowSeconds: 2 } })
    try {
      const runtimes = threeRuntimes()
      const settings = { ...context(sb.url).settings, rateLimit: { limit: 10, windowSeconds: 2 } }
      const pulls = runtimes.flatMap((r) => {
        const ctx = r.context(
          warehouseConnector,
          { tenantId, connectionId: randomUUID(), settings, credentials: { apiToken: TOKEN } },
          { log: silentLogger },
        )
        return Array.from({ length: 8 }, () => collect(warehouseConnector.pull!(ctx, 'locations', null)))
      })
      await Promise.all(pulls)
      // 24 calls through a 10-per-2-s window: the last ones wait for room instead of being refused
      expect(sb.control.stats()).toMatchObject({ requests: 24, rateLimited: 0 })
      for (const r of runtimes) r.close()
    } finally {
      await sb.close()
    }
  })

  it('keeps one row per bucket, scoped by tenant and remote account', async () => {
    const rows = await listBuckets(t.db, tenantId)
    expect(rows.map((r) => r.key)).toEqual([
      'metered:seller-1||default',
      'metered:seller-1||op',
      expect.stringMatching(/^shipbob:[0-9a-f]{24}\|\|default$/),
    ])
    expect(rows.find((r) => r.key.endsWith('|default'))).toMatchObject({ kind: 'window', capacity: 10 })
    expect(rows.find((r) => r.key.endsWith('|op'))).toMatchObject({ kind: 'bucket', capacity: 100 })
  })
})
