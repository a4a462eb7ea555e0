// The contract every connector implements. A connector is a description (data: kind, schemas,
// capabilities, rate limits, batch sizes) plus a few functions; the sync engine reads the
// description and never imports a connector by name (see registry.ts).
//
// Roles, as in the OCA connector framework: the connector's client does HTTP, its mapper
// (src/mappers/<kind>.ts, pure) converts, the engine (src/sync) binds and persists.
import type { Logger } from 'pino'
import type { TSchema } from 'typebox'
import type { Order, Shipment } from '../model/index.ts'
import type {
  CancelPushItem,
  CatalogPushItem,
  InventoryPushItem,
  OrderPushItem,
  PulledItem,
  PushResult,
  RecordError,
  ShipmentPushItem,
} from '../model/records.ts'
import type { AxiosResponse } from 'axios'
import type { CrossdockError } from '../errors.ts'
import type { HttpClient, RequestOptions, ResponseIO } from './http/client.ts'
import type { RateLimitSpec } from './http/limiter.ts'
import type { ExchangedToken } from './http/token.ts'

export type { RateLimitSpec } from './http/limiter.ts'
export type * from '../model/records.ts'

export type Direction = 'pull' | 'push' | 'both'

/** Pull streams bring remote data in; push streams send canonical data out. */
export type Stream = 'catalog' | 'locations' | 'inventory' | 'orders' | 'shipments'
export type PushStream = 'catalog' | 'inventory' | 'orders' | 'shipments' | 'cancellations'

export interface ConnectorContext<Settings = Record<string, unknown>, Credentials = Record<string, unknown>> {
  tenantId: string
  connectionId: string
  settings: Settings
  /** decrypted; never log them (the logger redacts the usual names anyway) */
  credentials: Credentials
  /** the connection's one HTTP client, built by the runtime from `description.http` */
  http: HttpClient
  log: Logger
  signal?: AbortSignal
  now(): Date
}

export interface Page {
  items: PulledItem[]
  /** cursor to store once this page is committed; null = leave the stored cursor as it is */
  nextCursor: string | null
}

export interface PushItems {
  catalog: CatalogPushItem
  inventory: InventoryPushItem
  orders: OrderPushItem
  shipments: ShipmentPushItem
  cancellations: CancelPushItem
}

// ---- webhooks ------------------------------------------------------------------------------

export interface RawWebhook {
  headers: Record<string, string | undefined>
  rawBody: Buffer
  contentType: string
  receivedAt: Date
}

export interface InboundEvent {
  /** unique per connection: the inbox de-duplicates on it */
  eventId: string
  topic: string
  payload: unknown
}

export type WebhookEffect =
  | { kind: 'records'; items: PulledItem[] }
  /** the event is only a hint (Amazon notifications): pull this stream now */
  | { kind: 'pull'; stream: Stream }
  | { kind: 'connection_status'; status: 'disconnected' | 'connected' }
  | {
      kind: 'privacy'
      action: 'customer_redact' | 'customer_data_request' | 'shop_redact'
      email?: string
      externalCustomerId?: string
      orderExternalIds?: string[]
    }
  | { kind: 'ignored'; reason: string }

export interface WebhookSpec<Settings, Credentials> {
  /** throw CrossdockError WEBHOOK_SIGNATURE_INVALID / WEBHOOK_TIMESTAMP_STALE; nothing is stored then */
  verify(req: RawWebhook, conn: { settings: Settings; credentials: Credentials }): void
  /** split a verified body into events (one, or many for batched ERP documents) */
  parse(req: RawWebhook, conn: { settings: Settings }): InboundEvent[]
  /** turn a stored event into effects, with the same mappers a pull uses */
  process(ctx: ConnectorContext<Settings, Credentials>, event: InboundEvent): Promise<WebhookEffect[]>
  /** HTTP status to acknowledge with (Shopify 200; ERP 202 with a receipt) */
  ackStatus?: number
}

export interface TestResult {
  ok: boolean
  /** specific and plain: "token refused by shop example.myshopify.com (401)" */
  message: string
  details?: Record<string, unknown>
}

export interface ConnectorDescription {
  kind: string
  title: string
  /**
   * What the system is to the seller: a sales channel (orders come from it, stock and tracking go
   * to it), an ERP (gets orders and shipments as documents), or a warehouse (gets allocations,
   * reports stock and shipments). Defaults from capabilities when absent.
   */
  role?: 'channel' | 'erp' | 'warehouse'
  /** non-secret settings a seller fills in */
  configSchema: TSchema
  /** secrets, encrypted at rest and shown only masked */
  credentialsSchema: TSchema
  capabilities: Partial<Record<Stream | PushStream, Direction>>
  /** the biggest batch each push stream accepts in one call (or one feed): the engine never sends more */
  batchSizes: Partial<Record<PushStream, number>>
  /** how the runtime talks to the remote: executed, not just declared (see HttpDescription) */
  http: HttpDescription
  /**
   * Checks beyond configSchema, run when a seller saves settings (an ERP mapping's paths and
   * tables); throw CrossdockError VALIDATION_FAILED / MAPPING_INVALID naming the field.
   */
  validateSettings?(settings: unknown): void
}

export interface ConnectionSecrets<Settings = any, Credentials = any> {
  settings: Settings
  credentials: Credentials
}

/**
 * The connector's HTTP, as data and hooks the runtime executes (as an Airbyte manifest is): the
 * runtime builds the connection's only client from it, with the egress policy, caps, breaker and
 * shared rate limits. Every function gets the connection's settings, so a seller's plan or region
 * decides the limits and hosts.
 */
export interface HttpDescription<Settings = any, Credentials = any, State = any> {
  /** base URL for a connection (settings may point it at a sandbox) */
  baseUrl(settings: Settings): string
  /** origins besides baseUrl's that are the API (Amazon's regions, LWA): only they get credentials */
  apiOrigins?(settings: Settings): string[]
  /** limits per operation; a request names its bucket; undeclared buckets are not paced */
  limits(settings: Settings): RateLimitSpec
  /**
   * The remote account the limits meter: connections naming the same account share buckets (Amazon
   * meters a seller + application per region, Shopify a shop). Default: the connection.
   */
  limitAccount?(conn: ConnectionSecrets<Settings, Credentials>): string
  /** headers on every call to the API's origins (a static token, content type) */
  headers?(conn: ConnectionSecrets<Settings, Credentials>): Record<string, string>
  auth?: AuthDescription<Settings, Credentials>
  /** per-connection state the hooks keep in this process (Shopify's learned query costs) */
  state?(): State
  /** read rate-limit headers or bodies and correct the shared bucket (called on every answer) */
  onResponse?(
    res: AxiosResponse,
    io: ResponseIO<State>,
    conn: ConnectionSecrets<Settings, Credentials>,
  ): void | Promise<void>
  /** turn a 2xx that is really a failure into an error (GraphQL THROTTLED); throw CrossdockError */
  inspect?(res: AxiosResponse, io: ResponseIO<State>, conn: ConnectionSecrets<Settings, Credentials>): void
  /** attempts after the first for a retryable failure (default 5) */
  retries?: number
}

export interface AuthDescription<Settings = any, Credentials = any> {
  /** authorize or sign one attempt: headers, query parameters; `token` is the exchanged one, if any */
  authorize?(req: RequestOptions, conn: ConnectionSecrets<Settings, Credentials>, token: string | undefined): void
  /**
   * Buy an access token (an OAuth refresh exchange). The runtime runs one at a time per connection
   * under its own deadline, caches the token until shortly before it expires, and shares it.
   * `send` is the connection's client without the auth (it is the auth).
   */
  exchange?(
    send: <T>(opts: RequestOptions) => Promise<AxiosResponse<T>>,
    conn: ConnectionSecrets<Settings, Credentials>,
  ): Promise<ExchangedToken>
  /** a refused call that means the token expired: it is exchanged again and the call repeated once */
  isTokenExpired?(err: CrossdockError): boolean
}

// ---- optional hooks: what the server and the UI discover about a connector -----------------------
// The server and the UI never name a kind: whatever one system needs beyond pull, push and webhooks
// (an ERP's receipts and polling feed, its field-mapping editor with a dry run) is declared here by
// the connector and mounted generically.

/** A request a remote system makes beside its webhooks (GET /webhooks/<kind>/:connectionId<path>). */
export interface RemoteRequest {
  params: Record<string, string>
  query: Record<string, string | undefined>
  headers: Record<string, string | undefined>
  receivedAt: Date
}

/** A stored webhook event as its sender may read it back: when it was taken and what each record became. */
export interface Receipt {
  id: string
  eventId: string
  topic: string
  status: 'received' | 'processed' | 'failed' | 'discarded'
  error: string | null
  outcomes: { externalId: string; status: string; error?: RecordError }[]
  receivedAt: Date
  processedAt: Date | null
}

export type Change =
  { type: 'order'; changedAt: Date; order: Order } | { type: 'shipment'; changedAt: Date; shipment: Shipment }

/** What a connector's remote routes may read of the hub, scoped to the calling connection and its tenant. */
export interface HubReader {
  receipt(id: string): Promise<Receipt | undefined>
  /** the tenant's orders and shipments by the time they last changed, oldest first, after a cursor */
  changes(
    cursor: string | undefined,
    limit: number,
  ): Promise<{ items: Change[]; nextCursor: string | null; more: boolean }>
}

export interface RemoteRoute<Settings, Credentials> {
  method: 'GET'
  /** under /webhooks/<kind>/:connectionId, fastify syntax: /receipts/:receiptId */
  path: string
  /** authenticate the caller (throw WEBHOOK_SIGNATURE_INVALID), then answer */
  handle(req: RemoteRequest, conn: { settings: Settings; credentials: Credentials }, hub: HubReader): Promise<unknown>
}

/** An API route of one connection (/api/v1/connections/:connectionId<path>), in the route table like any other. */
export interface ConnectionApiRoute<Settings> {
  method: 'GET' | 'PUT' | 'POST'
  /** e.g. /mapping */
  path: string
  role: 'viewer' | 'ops' | 'admin' | 'owner'
  summary: string
  tags: string[]
  querystring?: TSchema
  body?: TSchema
  /** a valid body (OpenAPI, and the isolation test matrix) */
  example?: unknown
  handle(
    input: { settings: Settings; query: unknown; body: unknown },
    connection: {
      /** replace the connection's settings (the description's validateSettings runs) and audit it */
      saveSettings(settings: Settings, audit: { action: string; data?: unknown }): Promise<void>
    },
  ): Promise<unknown>
}

/** A page of the UI for a connection (/ui/connections/:connectionId<path>), linked from its page. */
export interface ConnectionPage {
  path: string
  title: string
  /** the link to it on the connection's page */
  linkText: string
  /** its module under /ui/assets/pages/ (without .js) */
  script: string
  /** its markup inside <main>, after the heading (the module fills it from the API) */
  body: string
}

export interface ConnectorHooks<Settings, Credentials> {
  remoteRoutes?: RemoteRoute<Settings, Credentials>[]
  apiRoutes?: ConnectionApiRoute<Settings>[]
  pages?: ConnectionPage[]
  /** settings edited on a page of their own: the generic settings form leaves them alone */
  settingsOnOwnPage?: string[]
  /** the credential that signs what the remote sends to the webhook URL, and how it signs */
  webhookSecret?: { credential: string; note?: string }
}

export interface Connector<Settings = any, Credentials = any> {
  description: ConnectorDescription
  testConnection(ctx: ConnectorContext<Settings, Credentials>): Promise<TestResult>
  pull?(ctx: ConnectorContext<Settings, Credentials>, stream: Stream, cursor: string | null): AsyncIterable<Page>
  push?<S extends PushStream>(
    ctx: ConnectorContext<Settings, Credentials>,
    stream: S,
    batch: PushItems[S][],
  ): Promise<PushResult[]>
  webhooks?: WebhookSpec<Settings, Credentials>
  /** subscribe the remote's webhooks to our callback URL (Shopify); list/repair on demand */
  registerWebhooks?(
    ctx: ConnectorContext<Settings, Credentials>,
    callbackUrl: string,
  ): Promise<{ topic: string; status: 'created' | 'exists' | 'repaired' }[]>
  hooks?: ConnectorHooks<Settings, Credentials>
}
