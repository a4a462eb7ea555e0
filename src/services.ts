// What a running hub process holds: the database, the queue and its job table, the connectors,
// the secret box, the logger and the settings. Created in hub.ts and passed explicitly to the
// server and the engines (no module-level singletons), so tests can run several hubs side by side.
import type { PgBoss } from 'pg-boss'
import type { Logger } from 'pino'
import type { HubConfig } from './config.ts'
import type { ConnectorRuntime } from './connectors/runtime.ts'
import type { ConnectorRegistry } from './connectors/registry.ts'
import type { Db } from './db/knex.ts'
import type { SecretBox } from './secrets/crypto.ts'
import type { JobDefinition } from './queue/boss.ts'

export interface HubServices {
  config: HubConfig
  db: Db
  boss: PgBoss
  box: SecretBox
  log: Logger
  /** builds every connection's HTTP client (egress policy, caps, shared limits and breakers) */
  runtime: ConnectorRuntime
  /** the connectors this hub knows, by kind */
  connectors: ConnectorRegistry
  /** every queue with its options and handler: the boss creates them, workers run them */
  jobs: readonly JobDefinition<HubServices>[]
  /** true once the queue has started and until shutdown begins */
  isQueueRunning(): boolean
}
