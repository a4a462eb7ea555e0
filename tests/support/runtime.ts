// A connector runtime for connector tests that run without a database: the same runtime the hub
// uses (egress policy from the test env, caps, breaker, limits), with its shared state in memory.
import { randomUUID } from 'node:crypto'
import { httpRuntimeConfig } from '../../src/config.ts'
import { ConnectorRuntime, type RuntimeOptions } from '../../src/connectors/runtime.ts'
import type { Connector, ConnectorContext } from '../../src/connectors/types.ts'
import { silentLogger } from '../../src/log.ts'

export function testRuntime(extra: Partial<RuntimeOptions> = {}): ConnectorRuntime {
  return new ConnectorRuntime({ ...httpRuntimeConfig(), ...extra })
}

let shared: ConnectorRuntime | undefined

/** A connector context as the hub builds one (a fresh connection unless one is named). */
export function runtimeContext<S, C>(
  connector: Connector<S, C>,
  conn: { settings: S; credentials: C; tenantId?: string; connectionId?: string },
  o: { runtime?: ConnectorRuntime; signal?: AbortSignal; probe?: boolean } = {},
): ConnectorContext<S, C> {
  const runtime = o.runtime ?? (shared ??= testRuntime())
  return runtime.context(
    connector,
    {
      tenantId: conn.tenantId ?? randomUUID(),
      connectionId: conn.connectionId ?? randomUUID(),
      settings: conn.settings,
      credentials: conn.credentials,
    },
    { log: silentLogger, ...(o.signal ? { signal: o.signal } : {}), ...(o.probe ? { probe: true } : {}) },
  )
}
