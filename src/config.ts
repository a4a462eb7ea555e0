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
  }
}
