// Shared test wiring: a sandbox on 127.0.0.1:0 and a connector context pointed at it.
import { amazonConnector } from '../../src/connectors/amazon/index.ts'
import type { AmazonContext } from '../../src/connectors/amazon/client.ts'
import type { AmazonCredentials, AmazonSettings } from '../../src/connectors/amazon/settings.ts'
import { listenAmazonSandbox, SANDBOX_DEFAULTS, type AmazonSandboxOptions } from '../../src/sandbox/amazon/index.ts'
import { runtimeContext } from '../support/runtime.ts'

export const US = 'ATVPDKIKX0DER'
export const DE = 'A1PA6795UKMFR9'
export const JP = 'A1VC38T7YXB528'
export const UK = 'A1F83G8C2ARO7P'
export const SECRET = 'notification-secret-0123456789'

export type Sandbox = Awaited<ReturnType<typeof listenAmazonSandbox>>

/** Fast feeds, a journal, real usage plans unless the test says otherwise. */
export function startSandbox(opts: AmazonSandboxOptions = {}): Promise<Sandbox> {
  return listenAmazonSandbox({
    feedQueueMs: 30,
    feedProcessingMs: 30,
    feedProcessingMsPerMessage: 0,
    journal: true,
    ...opts,
  })
}

export function contextFor(
  sb: Sandbox,
  settings: Partial<AmazonSettings> = {},
  credentials: Partial<AmazonCredentials> = {},
): AmazonContext {
  const full: AmazonSettings = {
    sellerId: SANDBOX_DEFAULTS.sellerId,
    marketplaceIds: [US],
    endpoint: sb.url,
    lwaTokenUrl: `${sb.url}/auth/o2/token`,
    feedPollMinMs: 20,
    feedPollMaxMs: 100,
    ...settings,
  }
  return runtimeContext(amazonConnector, {
    settings: full,
    credentials: { ...SANDBOX_DEFAULTS.app, notificationSecret: SECRET, ...credentials },
  })
}

/** An LWA access token for the sandbox seller, as a client gets one (refresh_token grant, form-encoded). */
export async function lwaToken(sb: Sandbox): Promise<string> {
  const a = SANDBOX_DEFAULTS.app
  const res = await fetch(`${sb.url}/auth/o2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: a.refreshToken,
      client_id: a.clientId,
      client_secret: a.clientSecret,
    }).toString(),
  })
  return ((await res.json()) as { access_token: string }).access_token
}

export function minutesAgo(n: number): string {
  return new Date(Date.now() - n * 60_000).toISOString()
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}
