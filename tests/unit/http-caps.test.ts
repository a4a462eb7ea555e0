// Issue 12.2: a 300 MB answer to one test-connection grew the hub by 1.2 GB. Here a remote streams
// 300 MB (one 64 KiB chunk written again and again, never allocated whole) to a connection test;
// the call is cut at the response cap with a clear error, and the process grows by less than
// twice the cap. (Receiving costs memory of its own: each socket read is a fresh 64 KiB buffer that
// lives until V8's next collection, which external memory triggers every few tens of MiB — so a
// bare client that keeps nothing still grows by ~30–40 MiB over a transfer. The cap here, 64 MiB,
// is large enough that "twice the cap" measures what the runtime keeps, not that noise.) With a
// Content-Length the answer is refused before its body is read.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { erpConnector, type ErpCredentials, type ErpSettings } from '../../src/connectors/erp/index.ts'
import { runtimeContext, testRuntime } from '../support/runtime.ts'

const CAP = 64 * 1024 * 1024
const TOTAL = 300 * 1024 * 1024
let server: http.Server
let base = ''
let sent = 0

beforeAll(async () => {
  const chunk = Buffer.alloc(64 * 1024, 'a')
  server = http.createServer((req, res) => {
    if (!req.url!.startsWith('/huge')) return void res.end('{}')
    const declared = req.url === '/huge-declared'
    res.writeHead(200, { 'content-type': 'text/plain', ...(declared ? { 'content-length': String(TOTAL) } : {}) })
    let closed = false
    res.on('close', () => (closed = true))
    const pump = () => {
      while (!closed && sent < TOTAL) {
        sent += chunk.length
        if (!res.write(chunk)) return void res.once('drain', pump)
      }
      if (!closed) res.end()
    }
    pump()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
})

const credentials: ErpCredentials = { inboundSecret: 'inbound-secret-0123456789' }
const settings = (healthPath: string): ErpSettings => ({
  preset: 'sap-b1',
  outbound: { url: base, format: 'json', healthPath },
})

/** Peak RSS growth while `fn` runs. */
async function growth(fn: () => Promise<unknown>): Promise<number> {
  const baseline = process.memoryUsage().rss
  let peak = baseline
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
  try {
    await fn()
  } finally {
    clearInterval(sample)
  }
  return Math.max(peak, process.memoryUsage().rss) - baseline
}

async function testAgainst(path: string) {
  const ctx = runtimeContext(
    erpConnector,
    { settings: settings(path), credentials },
    { runtime: testRuntime({ maxResponseBytes: CAP }), probe: true },
  )
  return erpConnector.testConnection(ctx)
}

describe('a remote answering 300 MB to a connection test', () => {
  it('is cut off at the cap with a clear error; the process grows by less than twice the cap', async () => {
    // warm up (code paths, sockets) on a small answer: what is measured is what the answer costs
    expect((await testAgainst('/small')).ok).toBe(true)
    sent = 0
    let result: Awaited<ReturnType<typeof testAgainst>> | undefined
    const ours = await growth(async () => (result = await testAgainst('/huge')))
    expect(result!.ok).toBe(false)
    expect(result!.message).toMatch(new RegExp(`larger than ${CAP} bytes`))
    expect(sent).toBeLessThan(TOTAL / 2)
    console.log(`300 MB answer, cap ${CAP >> 20} MiB: the process grew ${(ours / 2 ** 20).toFixed(1)} MiB`)
    expect(ours).toBeLessThan(2 * CAP)
  })

  it('is refused at its headers when it declares its length', async () => {
    sent = 0
    const result = await testAgainst('/huge-declared')
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(new RegExp(`larger than ${CAP} bytes`))
    expect(sent).toBeLessThan(CAP)
  })
})
