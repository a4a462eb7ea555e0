// What a running hub process holds: the database, the queue, the secret box, the logger and the
// settings. Passed explicitly to the server and the engines (no module-level singletons), so
// tests can run several hubs side by side.
import type { PgBoss } from 'pg-boss'
import type { Logger } from 'pino'
import type { HubConfig } from './config.ts'
import type { ConnectorRuntime } from './connectors/runtime.ts'
import type { Db } from './db/knex.ts'
import type { SecretBox } from './secrets/crypto.ts'

export interface HubServices {
  config: HubConfig
  db: Db
  boss: PgBoss
  box: SecretBox
  log: Logger
  /** builds every connection's HTTP client (egress policy, caps, shared limits and breakers) */
  runtime: ConnectorRuntime
  /** true once the queue has started and until shutdown begins */
  isQueueRunning(): boolean
}
