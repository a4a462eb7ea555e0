// The ERP connector: driven by a mapping, not by code, because every seller's ERP is different.
// Inbound, the ERP posts signed JSON or XML documents (item master, price lists, stock snapshots
// and deltas, order acknowledgements) to the hub's webhook intake; outbound, the hub sends sales
// orders and shipments to the ERP's HTTP endpoint as JSON, XML or XML-RPC.
//
//   body.ts      safe JSON/XML reading with size, depth and element limits; no DTDs
//   auth.ts      HMAC-SHA256 signature scheme and replay window (the contract for ERP teams)
//   webhooks.ts  verify / parse (one event per document) / process (records with field errors)
//   client.ts    outbound documents (adapter: HTTP through the shared client)
//   settings.ts  settings and credentials schemas; the connection's mapping
//   dry-run.ts   a sample through a mapping, nothing written
//   feed.ts      what the ERP may GET from the hub: receipts of its documents, a polling feed
//   mapping-routes.ts  the field-mapping API (read, save a version, dry run) and its editor page
// Imports: model, errors, connectors/http (through ctx.http) and the pure mapper src/mappers/erp.
import { CrossdockError } from '../../errors.ts'
import { encodeMethodCall } from '../../mappers/erp/index.ts'
import type {
  Connector,
  ConnectorContext,
  OrderPushItem,
  PushItems,
  PushResult,
  PushStream,
  ShipmentPushItem,
  TestResult,
} from '../types.ts'
import { pushToErp } from './client.ts'
import {
  validateErpSettings,
  resolveMapping,
  ErpCredentialsSchema,
  ErpSettingsSchema,
  type ErpCredentials,
  type ErpSettings,
} from './settings.ts'
import { erpRemoteRoutes } from './feed.ts'
import { mappingPage, mappingRoutes } from './mapping-routes.ts'
import { erpWebhooks } from './webhooks.ts'

export {
  readErpBody,
  checkErpBody,
  bodyFormat,
  ERP_BODY_LIMITS,
  ERP_MAX_BODY_BYTES,
  ERP_CONTENT_TYPES,
  type BodyLimits,
} from './body.ts'
export {
  signErpBody,
  verifyErpSignature,
  REPLAY_WINDOW_SECONDS,
  HEADER_DOCUMENT_ID,
  HEADER_DOCUMENT_TYPE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
} from './auth.ts'
export { dryRun, type DryRunResult } from './dry-run.ts'
export {
  validateErpSettings,
  resolveMapping,
  ErpSettingsSchema,
  ErpCredentialsSchema,
  type ErpSettings,
  type ErpCredentials,
} from './settings.ts'
export type { ErpEventPayload } from './webhooks.ts'

type Ctx = ConnectorContext<ErpSettings, ErpCredentials>

async function probe(ctx: Ctx): Promise<TestResult> {
  const outbound = ctx.settings.outbound!
  const mapping = resolveMapping(ctx.settings)
  try {
    if (mapping.xmlStyle === 'xmlrpc' && outbound.format === 'xml') {
      // XML-RPC servers answer common.version() without a login (Odoo: /xmlrpc/2/common)
      const res = await ctx.http.post<string>('/xmlrpc/2/common', encodeMethodCall('version', []), {
        headers: { 'Content-Type': 'text/xml' },
        responseType: 'text',
        transformResponse: [(d: unknown) => d],
        retry: false,
        timeout: 10_000,
      })
      const version = /server_version<\/name>\s*<value>(?:<string>)?([^<]+)/.exec(String(res.data))?.[1]
      return {
        ok: true,
        message: `XML-RPC endpoint ${outbound.url} answered${version ? ` (server ${version})` : ''}`,
        details: version ? { version } : {},
      }
    }
    const res = await ctx.http.get(outbound.healthPath ?? '/', { retry: false, timeout: 10_000 })
    return { ok: true, message: `outbound endpoint ${outbound.url} answered ${res.status}` }
  } catch (err) {
    if (!(err instanceof CrossdockError)) throw err
    if (err.code === 'CONNECTOR_NOT_FOUND')
      return { ok: true, message: `outbound endpoint ${outbound.url} is reachable (health path answered 404)` }
    if (err.code === 'CONNECTOR_AUTH_FAILED')
      return {
        ok: false,
        message: `outbound endpoint ${outbound.url} refused our credentials (${err.details?.status ?? '401'})`,
      }
    return { ok: false, message: `outbound endpoint ${outbound.url} did not answer: ${err.message}` }
  }
}

async function testConnection(ctx: Ctx): Promise<TestResult> {
  let mappingVersion: number
  try {
    mappingVersion = resolveMapping(ctx.settings).version
  } catch (err) {
    if (!(err instanceof CrossdockError)) throw err
    return { ok: false, message: `the mapping is not usable: ${err.message}`, details: { code: err.code } }
  }
  if (!ctx.credentials?.inboundSecret)
    return { ok: false, message: 'no inbound secret: the ERP cannot sign its documents' }
  if (!ctx.settings.outbound)
    return {
      ok: true,
      message: `mapping version ${mappingVersion} is valid; no outbound endpoint configured (inbound only)`,
    }
  const r = await probe(ctx)
  return { ...r, message: `mapping version ${mappingVersion} is valid; ${r.message}` }
}

async function push<S extends PushStream>(ctx: Ctx, stream: S, batch: PushItems[S][]): Promise<PushResult[]> {
  if (stream !== 'orders' && stream !== 'shipments') {
    return batch.map((i) => ({
      key: (i as { key: string }).key,
      status: 'rejected' as const,
      error: { code: 'BAD_REQUEST', message: `the ERP connector does not push ${stream}` },
    }))
  }
  return pushToErp(ctx, stream, batch as unknown as (OrderPushItem | ShipmentPushItem)[])
}

export const erpConnector: Connector<ErpSettings, ErpCredentials> = {
  description: {
    kind: 'erp',
    title: 'ERP (signed JSON/XML documents, declarative mapping)',
    configSchema: ErpSettingsSchema,
    credentialsSchema: ErpCredentialsSchema,
    // inbound data arrives by webhook documents (item master, prices, stock, acknowledgements)
    capabilities: { orders: 'push', shipments: 'push' },
    batchSizes: { orders: 50, shipments: 50 },
    http: {
      // an inbound-only ERP has no endpoint: its client is never called
      baseUrl: (settings: ErpSettings) => settings?.outbound?.url ?? 'http://erp.invalid',
      // an ERP endpoint is the seller's own server: pace it gently unless told otherwise
      limits: () => ({ buckets: { default: { capacity: 10, refillPerSecond: 5 } } }),
    },
    validateSettings: (settings: unknown) => {
      validateErpSettings(settings)
    },
  },
  testConnection,
  push,
  webhooks: erpWebhooks,
  // what the server and UI mount for ERP connections (they never check the kind themselves)
  hooks: {
    remoteRoutes: erpRemoteRoutes,
    apiRoutes: mappingRoutes,
    pages: [mappingPage],
    settingsOnOwnPage: ['mapping'],
    webhookSecret: {
      credential: 'inboundSecret',
      note: 'The ERP signs each document with HMAC-SHA256 over the timestamp and the body with it.',
    },
  },
}
