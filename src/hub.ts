// Starting and stopping one hub process. A process is an API server, a worker, or both; processes
// meet only in Postgres, so any number of them can share one database. Everything a process holds
// is created here and passed on in its services: the connector registry, the job table, the
// database, the queue, the secret box.
import type { FastifyInstance } from 'fastify'
import type { PgBoss } from 'pg-boss'
import type { Logger } from 'pino'
import { loadConfig, type HubConfig } from './config.ts'
import { builtinRegistry } from './connectors/builtin.ts'
import type { Connector } from './connectors/types.ts'
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts'
import { createDb, migrateLatest, type Db } from './db/knex.ts'
import { createLogger } from './log.ts'
import { startBoss } from './queue/boss.ts'
import { createSecretBox, loadOrCreateKey } from './secrets/crypto.ts'
import { buildApp, type RouteGroup } from './server/app.ts'
import type { HubServices } from './services.ts'
import { createHubRuntime } from './sync/context.ts'
import { jobTable } from './sync/job-table.ts'
import { registerWorkers } from './sync/workers.ts'

export interface HubRoles {
  api: boolean
  worker: boolean
}

export interface RunningHub {
  services: HubServices
  app: FastifyInstance | undefined
  /** the address the API listens on, when it does */
  url: string | undefined
  stop(): Promise<void>
}

export interface StartOptions {
  config?: Partial<HubConfig>
  roles?: HubRoles
  log?: Logger
  routes?: RouteGroup[]
  /** run migrations before starting (default true; `crossdock migrate` runs them alone) */
  migrate?: boolean
  /** connectors beside the shipped ones (a test's toy) */
  connectors?: Connector[]
}

export async function resolveDatabase(
  config: HubConfig,
  log: Logger,
): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (config.databaseUrl) return { url: config.databaseUrl }
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log })
  return { url: embedded.url, embedded }
}

export async function startHub(opts: StartOptions = {}): Promise<RunningHub> {
  const config = { ...loadConfig(), ...opts.config }
  const roles = opts.roles ?? { api: true, worker: true }
  const log = opts.log ?? createLogger({ level: config.logLevel })
  const connectors = builtinRegistry(opts.connectors)
  const jobs = jobTable()

  const started = performance.now()
  const { url, embedded } = await resolveDatabase(config, log)
  const db: Db = createDb(url, { applicationName: roles.api ? 'crossdock-api' : 'crossdock-worker' })
  let boss: PgBoss | undefined
  let app: FastifyInstance | undefined
  let queueRunning = false
  try {
    if (opts.migrate !== false) {
      const applied = await migrateLatest(db)
      if (applied.length) log.info({ applied }, 'migrations applied')
    }
    const box = createSecretBox(loadOrCreateKey({ secretKey: config.secretKey, dataDir: config.dataDir }))
    boss = await startBoss({
      url,
      schema: config.bossSchema,
      log,
      queues: jobs.map((j) => j.queue),
      schedule: roles.worker,
    })
    queueRunning = true
    const runtime = createHubRuntime(db, config.http)
    const services: HubServices = {
      config,
      db,
      boss,
      box,
      log,
      runtime,
      connectors,
      jobs,
      isQueueRunning: () => queueRunning,
    }
    if (roles.worker) await registerWorkers(services)

    let listenUrl: string | undefined
    if (roles.api) {
      app = await buildApp(services, opts.routes)
      listenUrl = await app.listen({ host: config.host, port: config.port })
      // remote systems call back on the address we really listen on, unless told another (a proxy)
      if (!process.env.CROSSDOCK_PUBLIC_URL && !opts.config?.publicUrl) config.publicUrl = listenUrl
    }
    log.info(
      { roles, url: listenUrl, ms: Math.round(performance.now() - started), embedded: Boolean(embedded) },
      'crossdock ready',
    )

    let stopping: Promise<void> | undefined
    const stop = () => {
      stopping ??= (async () => {
        log.info('shutting down: no new requests, draining workers')
        if (app) await app.close()
        queueRunning = false
        await boss?.stop({ graceful: true, timeout: 20_000, close: true })
        runtime.close()
        await db.destroy()
        await embedded?.stop()
        log.info('stopped')
      })()
      return stopping
    }
    return { services, app, url: listenUrl, stop }
  } catch (err) {
    await app?.close().catch(() => undefined)
    await boss?.stop({ graceful: false, close: true }).catch(() => undefined)
    await db.destroy().catch(() => undefined)
    await embedded?.stop().catch(() => undefined)
    throw err
  }
}
