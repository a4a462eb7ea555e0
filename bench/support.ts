// What every benchmark stands on: the command-line sizes, a fresh database (an embedded
// PostgreSQL in a temporary folder, or a new database on the server DATABASE_URL names, dropped
// afterwards), and a hub with API and workers on it — by default in a child process (what
// `crossdock start` runs, see bench/hub-child.ts), so the hub does not share an event loop with
// the sandboxes and load generators of this process (`--in-process`: startHub here, as tests do).
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { ROOT_DIR } from '../src/config.ts'
import { freePort, scratchServer, withDatabase } from '../src/db/embedded.ts'
import { startHub } from '../src/hub.ts'
import { createLogger, silentLogger } from '../src/log.ts'

export interface BenchArgs {
  skus: number
  changes: number
  /** single changes in flight at once (1 = one after the other, each on an idle system) */
  changeConcurrency: number
  orders: number
  webhooks: number
  webhookConcurrency: number
  pgbenchSeconds: number
  pgbenchClients: number
  /** Amazon usage plans × this (1 = Amazon's real plans) */
  amazonRateScale: number
  amazonFeedMs: { queue: number; processing: number; perMessage: number }
  /** the Amazon connection's getFeed polling (min, max ms); undefined = the connector's own defaults */
  amazonFeedPollMs: [number, number] | undefined
  /** Shopify cost bucket × this (1 = the Standard plan: 2000 points, 100/s) */
  shopifyRateScale: number
  /** ERP documents of at most this many items (0 = one document, as the sandbox sends by default) */
  erpBatch: number
  inProcess: boolean
  /** set up with stock in both warehouses (an ERP snapshot in the setup) instead of none */
  seedStock: boolean
  /** leave every default pull schedule on (some only fail in this set-up; see world.ts) */
  keepSchedules: boolean
  logLevel: string
  only: Set<string> | undefined
  out: string
}

const USAGE = `usage: npm run bench -- [options]
  --skus N                fan-out size (default 10000)
  --changes N             single stock changes measured (default 200)
  --change-concurrency N  single changes in flight at once (default 1)
  --orders N              orders placed for the orders benchmark (default 200)
  --webhooks N            signed webhooks sent by the intake load generator (default 4000)
  --webhook-concurrency N requests in flight (default 16)
  --pgbench-seconds N     pgbench duration (default 10)
  --pgbench-clients N     pgbench clients (default 10, the hub's pool size)
  --amazon-rate-scale X   Amazon usage plans × X (default 1: real)
  --amazon-feed-ms Q,P,M  sandbox feed latency: queue ms, processing ms, ms per message (default 30000,15000,3)
  --amazon-feed-poll-ms A,B  getFeed polling from A ms growing ×1.5 to B ms (default 2000,5000;
                          "default": the connector's 5000,60000; connectStack's tests use 100,500)
  --shopify-rate-scale X  Shopify bucket size and restore rate × X (default 1: Standard plan)
  --erp-batch N           ERP documents of at most N items (default 0: one document)
  --only a,b              run only these: fanout,single,orders,pgbench,webhooks
  --seed-stock            stock in both warehouses before the fan-out (an extra ERP snapshot in
                          the setup; default: the warehouses start empty and the fan-out stocks US-EAST)
  --keep-schedules        leave on the default pulls that only fail in this set-up (3PL and Shopify
                          inventory every 10 min, Shopify catalog hourly)
  --in-process            run the hub in this process (default: a child process)
  --log-level L           the hub's log level (default warn)
  --out FILE              results file (default bench/results/latest.json)`

export function parseArgs(argv: string[]): BenchArgs {
  const flags = new Map<string, string>()
  const bare = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--help' || a === '-h') {
      console.log(USAGE)
      process.exit(0)
    }
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}\n${USAGE}`)
    const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined]
    if (['in-process', 'seed-stock', 'keep-schedules'].includes(k)) {
      bare.add(k)
      continue
    }
    const v = inline ?? argv[++i]
    if (v === undefined) throw new Error(`--${k} needs a value\n${USAGE}`)
    flags.set(k, v)
  }
  const known = [
    'skus',
    'changes',
    'change-concurrency',
    'orders',
    'webhooks',
    'webhook-concurrency',
    'pgbench-seconds',
    'pgbench-clients',
    'amazon-rate-scale',
    'amazon-feed-ms',
    'amazon-feed-poll-ms',
    'shopify-rate-scale',
    'erp-batch',
    'only',
    'log-level',
    'out',
  ]
  for (const k of flags.keys()) if (!known.includes(k)) throw new Error(`unknown option --${k}\n${USAGE}`)
  const num = (k: string, d: number, min = 0) => {
    const v = flags.has(k) ? Number(flags.get(k)) : d
    if (!Number.isFinite(v) || v < min) throw new Error(`--${k} must be a number ≥ ${min}`)
    return v
  }
  const feed = (flags.get('amazon-feed-ms') ?? '30000,15000,3').split(',').map(Number)
  if (feed.length !== 3 || feed.some((n) => !Number.isFinite(n) || n < 0))
    throw new Error('--amazon-feed-ms takes queue,processing,perMessage (ms)')
  const pollFlag = flags.get('amazon-feed-poll-ms') ?? '2000,5000'
  const poll = pollFlag === 'default' ? undefined : pollFlag.split(',').map(Number)
  if (poll && (poll.length !== 2 || poll.some((n) => !Number.isFinite(n) || n < 1)))
    throw new Error('--amazon-feed-poll-ms takes min,max (ms)')
  const only = flags
    .get('only')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return {
    skus: Math.floor(num('skus', 10_000, 2)),
    changes: Math.floor(num('changes', 200, 1)),
    changeConcurrency: Math.floor(num('change-concurrency', 1, 1)),
    orders: Math.floor(num('orders', 200, 4)),
    webhooks: Math.floor(num('webhooks', 4000, 1)),
    webhookConcurrency: Math.floor(num('webhook-concurrency', 16, 1)),
    pgbenchSeconds: num('pgbench-seconds', 10, 1),
    pgbenchClients: Math.floor(num('pgbench-clients', 10, 1)),
    amazonRateScale: num('amazon-rate-scale', 1, 0.001),
    amazonFeedMs: { queue: feed[0]!, processing: feed[1]!, perMessage: feed[2]! },
    amazonFeedPollMs: poll ? [poll[0]!, poll[1]!] : undefined,
    shopifyRateScale: num('shopify-rate-scale', 1, 0.001),
    erpBatch: Math.floor(num('erp-batch', 0, 0)),
    inProcess: bare.has('in-process'),
    seedStock: bare.has('seed-stock'),
    keepSchedules: bare.has('keep-schedules'),
    logLevel: flags.get('log-level') ?? 'warn',
    only: only ? new Set(only) : undefined,
    out: path.resolve(flags.get('out') ?? path.join(ROOT_DIR, 'bench', 'results', 'latest.json')),
  }
}

// ---- the database ---------------------------------------------------------------------------

export interface BenchDatabase {
  /** the fresh database the hub runs on */
  url: string
  name: string
  embedded: boolean
  drop(): Promise<void>
}

export async function freshDatabase(): Promise<BenchDatabase> {
  const server = await scratchServer('crossdock-bench-', silentLogger)
  const adminUrl = server.adminUrl
  const name = `crossdock_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`create database "${name}"`)
  } finally {
    await admin.end()
  }
  return {
    url: withDatabase(adminUrl, name),
    name,
    embedded: !process.env.DATABASE_URL,
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl })
      await a.connect()
      await a.query(`drop database if exists "${name}" with (force)`).catch(() => undefined)
      await a.end()
      await server.stop()
    },
  }
}

// ---- the hub ----------------------------------------------------------------------------------

export interface BenchHub {
  url: string
  /** the hub process's peak resident set (VmHWM), MB */
  peakRssMb(): number | undefined
  mode: 'child' | 'in-process'
  /** the last lines the hub wrote (child mode) */
  tail(): string[]
  stop(): Promise<void>
}

const SECRET_KEY = randomBytes(32).toString('base64')

function vmHwmMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Math.round(Number(m[1]) / 1024) : undefined
  } catch {
    return undefined
  }
}

async function waitReady(
  url: string,
  child: ChildProcess | undefined,
  tail: () => string[],
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`the hub exited with ${child.exitCode}:\n${tail().join('\n')}`)
    try {
      const r = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) })
      if (r.status === 200) return
    } catch {}
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`the hub at ${url} was not ready within ${timeoutMs} ms:\n${tail().join('\n')}`)
}

export async function startBenchHub(
  database: BenchDatabase,
  args: Pick<BenchArgs, 'inProcess' | 'logLevel'>,
): Promise<BenchHub> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'crossdock-bench-hub-'))
  if (args.inProcess) {
    const hub = await startHub({
      config: { databaseUrl: database.url, port: 0, host: '127.0.0.1', secretKey: SECRET_KEY, dataDir },
      roles: { api: true, worker: true },
      log: createLogger({ level: args.logLevel }),
    })
    return {
      url: hub.url!,
      mode: 'in-process',
      tail: () => [],
      peakRssMb: () => Math.round(process.resourceUsage().maxRSS / 1024),
      stop: async () => {
        await hub.stop()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  }
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  // bench/hub-child.ts is `crossdock start` on a leash: it exits when this process goes away
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'bench', 'hub-child.ts')], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: args.logLevel,
      CROSSDOCK_SECRET_KEY: SECRET_KEY,
      CROSSDOCK_DATA_DIR: dataDir,
      CROSSDOCK_PUBLIC_URL: url,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const keep = (buf: Buffer) => {
    for (const l of buf.toString('utf8').split('\n')) if (l) lines.push(l)
    if (lines.length > 200) lines.splice(0, lines.length - 200)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const tail = () => lines.slice(-40)
  let peak: number | undefined
  const sample = () => {
    const v = child.pid ? vmHwmMb(child.pid) : undefined
    if (v !== undefined) peak = Math.max(peak ?? 0, v)
    return peak
  }
  const sampler = setInterval(sample, 1000)
  sampler.unref()
  try {
    await waitReady(url, child, tail)
  } catch (err) {
    child.kill('SIGKILL')
    clearInterval(sampler)
    throw err
  }
  return {
    url,
    mode: 'child',
    tail,
    peakRssMb: sample,
    stop: async () => {
      clearInterval(sampler)
      sample()
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000)
        await exited
        clearTimeout(killer)
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

// ---- small shared tools -----------------------------------------------------------------------

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Poll until `fn` returns a truthy value or the time is up (then undefined). */
export async function until<T>(
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  opts: { timeoutMs: number; intervalMs?: number },
): Promise<T | undefined> {
  const deadline = Date.now() + opts.timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > deadline) return undefined
    await sleep(opts.intervalMs ?? 100)
  }
}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits

export function log(msg: string): void {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`)
}
