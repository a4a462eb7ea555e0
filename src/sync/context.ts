// Builds the context a connector runs in for one connection: decrypted credentials, and the
// connection's HTTP client from the hub's connector runtime (one per hub process, created in
// hub.ts), whose rate-limit buckets and breakers live in PostgreSQL so that every process spends
// one seller's budget once and agrees on a failing remote. The engine also holds each push to
// the connector's declared batch size here, so no connector is sent more than it said it takes.
import type { Logger } from 'pino'
import type { HttpRuntimeConfig } from '../config.ts'
import { recordOutcome, type BreakerStore } from '../connectors/http/breaker.ts'
import { declaredOf, type LimitSpec, type LimitStore } from '../connectors/http/limiter.ts'
import { ConnectorRuntime, type RuntimeOptions } from '../connectors/runtime.ts'
import type { Connector, ConnectorContext, PushStream } from '../connectors/types.ts'
import { claimProbe, readBreaker, recordBreaker } from '../db/breakers.ts'
import { openCredentials, type ConnectionRow } from '../db/connections.ts'
import type { Db } from '../db/knex.ts'
import { correctTokens, peekBucket, takeTokens, type LimitShape } from '../db/rate-limits.ts'
import type { HubServices } from '../services.ts'

function shapeOf(spec: LimitSpec): LimitShape {
  return spec.kind === 'window'
    ? {
        kind: 'window',
        declared: declaredOf(spec),
        capacity: spec.limit,
        refillPerSecond: spec.limit / spec.windowSeconds,
        windowMs: spec.windowSeconds * 1000,
      }
    : {
        kind: 'bucket',
        declared: declaredOf(spec),
        capacity: spec.capacity,
        refillPerSecond: spec.refillPerSecond,
        windowMs: 0,
      }
}

/** Rate-limit buckets in PostgreSQL: one row per bucket, one statement per take. */
export function pgLimitStore(db: Db): LimitStore {
  return {
    take: (ref, spec, cost, maxWaitMs) => takeTokens(db, ref.tenantId, ref.key, shapeOf(spec), cost, maxWaitMs),
    correct: (ref, spec, c) => correctTokens(db, ref.tenantId, ref.key, shapeOf(spec), c),
    peek: (ref) => peekBucket(db, ref.tenantId, ref.key),
  }
}

/** Circuit breakers in PostgreSQL, with the state machine of connectors/http/breaker.ts. */
export function pgBreakerStore(db: Db): BreakerStore {
  return {
    read: (ref) => readBreaker(db, ref),
    claimProbe: (ref, policy, force) => claimProbe(db, ref, policy.probeTimeoutMs, force),
    record: (ref, outcome, probe, policy, error) =>
      recordBreaker(db, ref, (cur, now) => recordOutcome(cur, outcome, probe, policy, now), error),
  }
}

/** The hub's connector runtime: shared state in this database, policy and caps from the config. */
export function createHubRuntime(
  db: Db,
  http: HttpRuntimeConfig,
  extra: Partial<RuntimeOptions> = {},
): ConnectorRuntime {
  return new ConnectorRuntime({ ...http, limits: pgLimitStore(db), breakers: pgBreakerStore(db), ...extra })
}

/** A push split into the connector's declared batch size (description.batchSizes). */
export function withDeclaredBatches(connector: Connector): Connector {
  const push = connector.push
  if (!push) return connector
  return {
    ...connector,
    push: async (ctx, stream: PushStream, batch: unknown[]) => {
      const size = Math.max(1, connector.description.batchSizes[stream] ?? batch.length)
      if (batch.length <= size) return push.call(connector, ctx, stream, batch as never)
      const out = []
      for (let i = 0; i < batch.length; i += size)
        out.push(...(await push.call(connector, ctx, stream, batch.slice(i, i + size) as never)))
      return out
    },
  } as Connector
}

export interface ContextOptions {
  /** the calls are a probe (Test connection): they go out even while the breaker is open */
  probe?: boolean
}

export function connectorContext(
  hub: HubServices,
  conn: ConnectionRow,
  signal?: AbortSignal,
  o: ContextOptions = {},
): { connector: Connector; ctx: ConnectorContext } {
  const connector = hub.connectors.get(conn.kind)
  const log: Logger = hub.log.child({ tenantId: conn.tenant_id, connectionId: conn.id, kind: conn.kind })
  const ctx = hub.runtime.context(
    connector,
    {
      tenantId: conn.tenant_id,
      connectionId: conn.id,
      settings: conn.settings,
      credentials: openCredentials(hub.box, conn),
    },
    { log, signal, ...(o.probe ? { probe: true } : {}) },
  )
  return { connector: withDeclaredBatches(connector), ctx }
}
