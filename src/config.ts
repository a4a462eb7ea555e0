// Settings come from the environment (12-factor), with defaults from config/default.json.
// Nothing here opens a connection; it only says where things are.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface HubConfig {
  /** postgres://… when set; otherwise the hub runs an embedded PostgreSQL in dataDir */
  databaseUrl: string | undefined
  dataDir: string
  host: string
  port: number
  /** the URL remote systems reach this hub at (webhook registration) */
  publicUrl: string
  logLevel: string
  /** 32-byte key, base64 or hex; when absent one is generated once into dataDir (mode 0600) */
  secretKey: string | undefined
  bodyLimitBytes: number
  webhookBodyLimitBytes: number
  bossSchema: string
  /** load ECB rates from the network on a schedule (off by default: no network at run time) */
  fxFetchUrl: string | undefined
  /** outbound calls: where they may go and how much of the hub one call may take */
  http: HttpRuntimeConfig
}

export interface HttpRuntimeConfig {
  /** CROSSDOCK_EGRESS_ALLOW: host names, addresses and CIDR ranges the operator lets the hub call
   *  although they are loopback, private or reserved (a sandbox, an on-premises ERP); empty by default */
  egressAllow: string
  connectTimeoutMs: number
  /** until the answer's headers, then the longest silence between two chunks */
  firstByteTimeoutMs: number
  totalTimeoutMs: number
  /** total time for a streamed document (bulk JSONL, reports) */
  streamTimeoutMs: number
  maxResponseBytes: number
  maxStreamBytes: number
  /** longest wait for rate-limit room inside a job; past it the call fails retryable with Retry-After */
  maxLimitWaitMs: number
  /** seconds a failing connection's circuit stays open before one probe goes out */
  breakerOpenMs: number
}

function num(v: string | undefined, fallback: number): number {
  const n = v === undefined || v.trim() === '' ? NaN : Number(v)
  return Number.isFinite(n) && n > 0 ? n : fallback
}

export function httpRuntimeConfig(env: NodeJS.ProcessEnv = process.env): HttpRuntimeConfig {
  return {
    egressAllow: env.CROSSDOCK_EGRESS_ALLOW ?? '',
    connectTimeoutMs: num(env.CROSSDOCK_HTTP_CONNECT_TIMEOUT_MS, 10_000),
    firstByteTimeoutMs: num(env.CROSSDOCK_HTTP_FIRST_BYTE_TIMEOUT_MS, 20_000),
    totalTimeoutMs: num(env.CROSSDOCK_HTTP_TOTAL_TIMEOUT_MS, 60_000),
    streamTimeoutMs: num(env.CROSSDOCK_HTTP_STREAM_TIMEOUT_MS, 30 * 60_000),
    maxResponseBytes: num(env.CROSSDOCK_HTTP_MAX_RESPONSE_BYTES, 20 * 1024 * 1024),
    maxStreamBytes: num(env.CROSSDOCK_HTTP_MAX_STREAM_BYTES, 2 * 1024 * 1024 * 1024),
    maxLimitWaitMs: num(env.CROSSDOCK_HTTP_MAX_LIMIT_WAIT_MS, 20_000),
    breakerOpenMs: num(env.CROSSDOCK_BREAKER_OPEN_MS, 5_000),
  }
}

interface FileDefaults {
  host?: string
  port?: number
  bodyLimitBytes?: number
  webhookBodyLimitBytes?: number
  bossSchema?: string
}

function fileDefaults(): FileDefaults {
  try {
    return JSON.parse(readFileSync(path.join(ROOT_DIR, 'config', 'default.json'), 'utf8')) as FileDefaults
  } catch {
    return {}
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const d = fileDefaults()
  const port = Number(env.PORT ?? d.port ?? 3000)
  const host = env.HOST ?? d.host ?? '127.0.0.1'
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.CROSSDOCK_DATA_DIR ?? path.join(process.cwd(), '.crossdock')),
    host,
    port,
    publicUrl: env.CROSSDOCK_PUBLIC_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    logLevel: env.LOG_LEVEL ?? 'info',
    secretKey: env.CROSSDOCK_SECRET_KEY || undefined,
    bodyLimitBytes: Number(env.CROSSDOCK_BODY_LIMIT ?? d.bodyLimitBytes ?? 1_048_576),
    webhookBodyLimitBytes: Number(env.CROSSDOCK_WEBHOOK_BODY_LIMIT ?? d.webhookBodyLimitBytes ?? 26_214_400),
    bossSchema: env.CROSSDOCK_BOSS_SCHEMA ?? d.bossSchema ?? 'pgboss',
    fxFetchUrl: env.CROSSDOCK_FX_URL || undefined,
    http: httpRuntimeConfig(env),
  }
}
