// The `crossdock` command: start (API + workers + schedules), worker (workers only), migrate,
// version. Several processes may run against one database.
import './require-node.ts'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { loadConfig, ROOT_DIR } from './config.ts'
import type { Logger } from 'pino'
import { createDb, migrateLatest, type Db } from './db/knex.ts'
import { startHub, resolveDatabase, type RunningHub } from './hub.ts'
import { createLogger } from './log.ts'
import { verifyAuditChain } from './db/audit.ts'
import { allTenantIds } from './db/tenants.ts'

const USAGE = `usage: crossdock <command>

  start     run the API, the workers and the schedules (default)
  worker    run workers and schedules only (scale out with more of these)
  migrate   apply database migrations and exit
  audit-verify [tenant-id]
            check every tenant's (or one tenant's) audit hash chain; exit 1 on a break
  version   print the version

Environment: DATABASE_URL (else an embedded PostgreSQL in CROSSDOCK_DATA_DIR, default ./.crossdock),
PORT, HOST, CROSSDOCK_SECRET_KEY, CROSSDOCK_PUBLIC_URL, LOG_LEVEL. See README.md.`

function version(): string {
  return (JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }).version
}

async function runUntilSignalled(hub: RunningHub): Promise<void> {
  await new Promise<void>((resolve) => {
    const onSignal = (sig: string) => {
      hub.services.log.info({ signal: sig }, 'signal received')
      hub.stop().then(resolve, (err) => {
        hub.services.log.error({ err }, 'shutdown failed')
        process.exitCode = 1
        resolve()
      })
    }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
  })
}

/** A one-off command on the hub's database (embedded or DATABASE_URL), closed afterwards. */
async function withDatabase(fn: (db: Db, log: Logger) => Promise<void>): Promise<void> {
  const config = loadConfig()
  const log = createLogger({ level: config.logLevel })
  const { url, embedded } = await resolveDatabase(config, log)
  const db = createDb(url)
  try {
    await fn(db, log)
  } finally {
    await db.destroy()
    await embedded?.stop()
  }
}

export async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'start'
  switch (command) {
    case 'start':
    case 'worker': {
      const hub = await startHub({ roles: { api: command === 'start', worker: true } })
      await runUntilSignalled(hub)
      return
    }
    case 'migrate':
      await withDatabase(async (db, log) => {
        const applied = await migrateLatest(db)
        log.info({ applied }, applied.length ? 'migrations applied' : 'database already current')
      })
      return
    case 'audit-verify':
      await withDatabase(async (db) => {
        const tenants: string[] = argv[1] ? [argv[1]] : await allTenantIds(db)
        for (const id of tenants) {
          const r = await verifyAuditChain(db, id)
          process.stdout.write(
            `${id}: ${r.ok ? `ok (${r.rows} rows)` : `BROKEN at row ${r.brokenAt!.id}: ${r.brokenAt!.reason}`}\n`,
          )
          if (!r.ok) process.exitCode = 1
        }
      })
      return
    case 'version':
    case '--version':
      process.stdout.write(`crossdock ${version()}\n`)
      return
    case 'help':
    case '--help':
      process.stdout.write(USAGE + '\n')
      return
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}\n`)
      process.exitCode = 2
  }
}

const isMain =
  process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '') === path.resolve(ROOT_DIR, 'src', 'cli')
if (isMain) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`crossdock: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exit(1)
  })
}
