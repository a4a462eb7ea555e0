// A connector context as the hub builds one, with the shared HTTP client pointed at a sandbox and
// short backoffs so retries are quick in tests.
import { randomUUID } from 'node:crypto'
import type { ErpCredentials, ErpSettings } from '../../../src/connectors/erp/index.ts'
import { erpConnector } from '../../../src/connectors/erp/index.ts'
import { createHttpClient } from '../../../src/connectors/http/client.ts'
import type { ConnectorContext } from '../../../src/connectors/types.ts'
import { silentLogger } from '../../../src/log.ts'

export function erpContext(
  settings: ErpSettings,
  credentials: ErpCredentials,
  opts: { timeoutMs?: number; retries?: number } = {},
): ConnectorContext<ErpSettings, ErpCredentials> {
  const http = createHttpClient({
    baseURL: erpConnector.description.baseUrl(settings),
    limits: erpConnector.description.limits,
    log: silentLogger,
    breakerKey: `erp-test-${randomUUID()}`,
    minBackoffMs: 5,
    maxBackoffMs: 20,
    retries: opts.retries ?? 3,
    timeoutMs: opts.timeoutMs ?? 5_000,
  })
  return { tenantId: 't-1', connectionId: 'c-1', settings, credentials, http, log: silentLogger, now: () => new Date() }
}
