// What the shared rate-limit buckets cost (issue 14): calls per second one process can make on
// one bucket with PostgreSQL in the loop, against the same calls with the bucket in memory.
//   select1  one round trip to the same database (the floor any shared state pays)
//   take     the bare statement (one UPDATE … RETURNING per call), sequential and 8 at a time
//   client   whole calls of the connection client to a local server that answers at once
// The bucket is sized so that it never makes anyone wait: what is measured is the overhead.
// Run: npx tsx bench/shared-limits.ts [--calls 3000]
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { httpRuntimeConfig } from '../src/config.ts'
import { memoryLimitStore, type LimitStore } from '../src/connectors/http/limiter.ts'
import { ConnectorRuntime } from '../src/connectors/runtime.ts'
import type { Connector } from '../src/connectors/types.ts'
import { createDb, migrateLatest } from '../src/db/knex.ts'
import { silentLogger } from '../src/log.ts'
import { createHubRuntime, pgLimitStore } from '../src/sync/context.ts'
import { freshDatabase, round } from './support.ts'

export interface SharedLimitsBench {
  calls: number
  /** the floor: one round trip to the same database, nothing else */
  select1_per_s: number
  take_pg_sequential_per_s: number
  take_pg_concurrent8_per_s: number
  take_memory_per_s: number
  client_pg_per_s: number
  client_memory_per_s: number
}

const SPEC = { capacity: 1e9, refillPerSecond: 1e9 }

async function rate(calls: number, concurrency: number, fn: () => Promise<unknown>): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < calls) await fn()
    }),
  )
  return round(calls / ((performance.now() - started) / 1000), 0)
}

export async function benchSharedLimits(calls = 3000): Promise<SharedLimitsBench> {
  const database = await freshDatabase()
  const db = createDb(database.url)
  const server = http.createServer((_q, res) => res.end('{}'))
  try {
    await migrateLatest(db)
    const [tenant] = await db('tenants')
      .insert({ name: 'bench', base_currency: 'USD', time_zone: 'UTC' })
      .returning('id')
    const ref = { tenantId: tenant.id as string, key: 'bench|op' }
    const take = (store: LimitStore) => () => store.take(ref, SPEC, 1, 1_000)
    const pg = pgLimitStore(db)
    await take(pg)()
    const select1 = await rate(calls, 1, () => db.raw('select 1'))
    const takePgSeq = await rate(calls, 1, take(pg))
    const takePg8 = await rate(calls, 8, take(pg))
    const takeMem = await rate(calls, 1, take(memoryLimitStore()))

    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const connector = {
      description: {
        kind: 'bench',
        http: { baseUrl: () => base, limits: () => ({ buckets: { op: SPEC } }), limitAccount: () => 'bench' },
      },
    } as unknown as Connector
    const conn = {
      tenantId: ref.tenantId,
      connectionId: '00000000-0000-4000-8000-000000000001',
      settings: {},
      credentials: {},
    }
    const config = { ...httpRuntimeConfig(), egressAllow: '127.0.0.1' }
    const viaPg = createHubRuntime(db, config)
    const viaMem = new ConnectorRuntime(config)
    const call = (r: ConnectorRuntime) => {
      const c = r.client(connector, conn, silentLogger)
      return () => c.get('/', { bucket: 'op' })
    }
    await call(viaPg)()
    const clientPg = await rate(calls, 1, call(viaPg))
    const clientMem = await rate(calls, 1, call(viaMem))
    viaPg.close()
    viaMem.close()
    return {
      calls,
      select1_per_s: select1,
      take_pg_sequential_per_s: takePgSeq,
      take_pg_concurrent8_per_s: takePg8,
      take_memory_per_s: takeMem,
      client_pg_per_s: clientPg,
      client_memory_per_s: clientMem,
    }
  } finally {
    server.close()
    await db.destroy()
    await database.drop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--calls')
  const r = await benchSharedLimits(i > 0 ? Number(process.argv[i + 1]) : 3000)
  console.table(r)
}
