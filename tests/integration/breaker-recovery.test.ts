// A breaker that recovers (issue 12.10), across processes: a 3PL sandbox answers 500 for a while
// (its fault knob), then heals. Two connector runtimes on one database — two hub processes —
// call it the way jobs do (retried a little later after each failure). The circuit opens for
// both, the panel's state (PostgreSQL) says so, and both resume within seconds of the healing.
// "Test connection" is a probe: it really calls the remote, even while the circuit is open.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpRuntimeConfig } from '../../src/config.ts'
import type { ConnectorRuntime } from '../../src/connectors/runtime.ts'
import type { ConnectorContext } from '../../src/connectors/types.ts'
import { warehouseConnector } from '../../src/connectors/warehouse/index.ts'
import { breakerStates } from '../../src/db/breakers.ts'
import { silentLogger } from '../../src/log.ts'
import { createHubRuntime } from '../../src/sync/context.ts'
import { createTestDatabase, type TestDatabase } from '../support/db.ts'
import { collect } from '../shopify/helpers.ts'
import { context, startSandbox, TOKEN, type Running } from '../warehouse/support.ts'

const OPEN_MS = 1_500

let t: TestDatabase
let sb: Running
let tenantId = ''

beforeAll(async () => {
  t = await createTestDatabase()
  const [row] = await t
    .db('tenants')
    .insert({ name: 'breakers', base_currency: 'USD', time_zone: 'UTC' })
    .returning('id')
  tenantId = row.id
  sb = await startSandbox()
})
afterAll(async () => {
  await sb.close()
  await t.drop()
})

function processes(): ConnectorRuntime[] {
  return [1, 2].map(() =>
    createHubRuntime(t.db, httpRuntimeConfig(), {
      breakerOpenMs: OPEN_MS,
      breaker: { failureThreshold: 4 },
      retries: { retries: 1, minBackoffMs: 20, maxBackoffMs: 50 },
    }),
  )
}

type Ctx = ConnectorContext<any, any>

/** A pull job: ok, or the error code it failed with. */
async function job(ctx: Ctx): Promise<string> {
  try {
    await collect(warehouseConnector.pull!(ctx, 'locations', null))
    return 'ok'
  } catch (err) {
    return (err as { code?: string }).code ?? 'error'
  }
}

/** Jobs run again every 200 ms (as pg-boss retries would) until one succeeds; when it did. */
async function untilOk(ctx: Ctx, deadline: number): Promise<number> {
  for (;;) {
    if ((await job(ctx)) === 'ok') return Date.now()
    if (Date.now() > deadline) throw new Error('no success before the deadline')
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe('a remote that fails for a while, then heals', () => {
  it('opens for every process, shows open in the panel, and both resume within seconds of healing', async () => {
    const connectionId = randomUUID()
    const settings = context(sb.url).settings
    const runtimes = processes()
    const [a, b] = runtimes.map((r) =>
      r.context(
        warehouseConnector,
        { tenantId, connectionId, settings, credentials: { apiToken: TOKEN } },
        { log: silentLogger },
      ),
    ) as [Ctx, Ctx]
    sb.control.setFaults({ api: { fail: 1_000_000, status: 500 } })
    // process A's jobs fail until the circuit opens
    const codes: string[] = []
    for (let i = 0; i < 4 && !codes.includes('CIRCUIT_OPEN'); i++) codes.push(await job(a))
    expect(codes).toContain('CONNECTOR_UNAVAILABLE')
    expect(await job(a)).toBe('CIRCUIT_OPEN')
    // process B has never failed itself, and still leaves the remote alone
    const before = sb.control.stats().requests
    expect(await job(b)).toBe('CIRCUIT_OPEN')
    expect(sb.control.stats().requests).toBe(before)
    expect((await breakerStates(t.db, tenantId))[connectionId]).toBe('open')

    // while it stays sick, at most one probe per open period reaches it
    const sick = Date.now()
    const probesBefore = sb.control.stats().requests
    while (Date.now() - sick < 3 * OPEN_MS) {
      await Promise.all([job(a), job(b)])
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(sb.control.stats().requests - probesBefore).toBeLessThanOrEqual(2 * 4)

    sb.control.setFaults({ api: {} })
    const healed = Date.now()
    const [okA, okB] = await Promise.all([untilOk(a, healed + 15_000), untilOk(b, healed + 15_000)])
    expect(okA - healed).toBeLessThan(OPEN_MS + 2_000)
    expect(okB - healed).toBeLessThan(OPEN_MS + 2_000)
    expect((await breakerStates(t.db, tenantId))[connectionId]).toBe('closed')
    for (const r of runtimes) r.close()
  })

  it('a connection test calls the remote while the circuit is open, and its success closes it for everyone', async () => {
    const connectionId = randomUUID()
    const settings = context(sb.url).settings
    const [a, b] = processes()
    const conn = { tenantId, connectionId, settings, credentials: { apiToken: TOKEN } }
    const jobs = a!.context(warehouseConnector, conn, { log: silentLogger })
    sb.control.setFaults({ api: { fail: 1_000_000, status: 500 } })
    while ((await job(jobs)) !== 'CIRCUIT_OPEN') await new Promise((r) => setTimeout(r, 20))
    sb.control.setFaults({ api: {} })
    const before = sb.control.stats().requests
    const probe = b!.context(warehouseConnector, conn, { log: silentLogger, probe: true })
    const result = await warehouseConnector.testConnection(probe)
    expect(result.ok).toBe(true)
    expect(sb.control.stats().requests).toBeGreaterThan(before)
    expect((await breakerStates(t.db, tenantId))[connectionId]).toBe('closed')
    // process A learns it at its next look at the shared state (when its remembered open period ends)
    await new Promise((r) => setTimeout(r, OPEN_MS + 200))
    expect(await job(jobs)).toBe('ok')
    a!.close()
    b!.close()
  })
})
