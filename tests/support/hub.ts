// A real hub (API + workers, pg-boss, fastify on a free port) on its own test database.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Connector } from '../../src/connectors/types.ts'
import { startHub, type HubRoles, type RunningHub } from '../../src/hub.ts'
import { createLogger } from '../../src/log.ts'
import type { RouteGroup } from '../../src/server/app.ts'
import { createTestDatabase, type TestDatabase } from './db.ts'

export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64')

export interface TestHub extends RunningHub {
  database: TestDatabase
  close(): Promise<void>
}

export async function startTestHub(
  opts: { roles?: HubRoles; routes?: RouteGroup[]; database?: TestDatabase; connectors?: Connector[] } = {},
): Promise<TestHub> {
  const database = opts.database ?? (await createTestDatabase())
  const hub = await startHub({
    config: {
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
      secretKey: TEST_SECRET_KEY,
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'crossdock-hub-')),
    },
    roles: opts.roles ?? { api: true, worker: true },
    log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    ...(opts.routes ? { routes: opts.routes } : {}),
    ...(opts.connectors ? { connectors: opts.connectors } : {}),
  })
  return {
    ...hub,
    database,
    close: async () => {
      await hub.stop()
      if (!opts.database) await database.drop()
    },
  }
}

export async function createTenant(hub: RunningHub, name = 'Test Seller', baseCurrency = 'USD'): Promise<string> {
  const [row] = await hub.services
    .db('tenants')
    .insert({ name, base_currency: baseCurrency, time_zone: 'UTC' })
    .returning('id')
  return row.id
}

/** Poll until `fn` returns a truthy value (jobs run asynchronously). */
export async function eventually<T>(
  fn: () => Promise<T | undefined | null | false>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000)
  let last: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${opts.what ?? 'condition'}${last ? `: ${(last as Error).message}` : ''}`)
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100))
  }
}
