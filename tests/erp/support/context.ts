// A connector context as the hub builds one, with the shared HTTP client pointed at a sandbox and
// short backoffs so retries are quick in tests.
import type { ErpCredentials, ErpSettings } from '../../../src/connectors/erp/index.ts'
import { erpConnector } from '../../../src/connectors/erp/index.ts'
import type { ConnectorContext } from '../../../src/connectors/types.ts'
import { runtimeContext, testRuntime } from '../../support/runtime.ts'

export function erpContext(
  settings: ErpSettings,
  credentials: ErpCredentials,
  opts: { timeoutMs?: number; retries?: number } = {},
): ConnectorContext<ErpSettings, ErpCredentials> {
  const runtime = testRuntime({
    retries: { retries: opts.retries ?? 3, minBackoffMs: 5, maxBackoffMs: 20 },
    firstByteTimeoutMs: opts.timeoutMs ?? 5_000,
  })
  return runtimeContext(erpConnector, { settings, credentials, tenantId: 't-1', connectionId: 'c-1' }, { runtime })
}
