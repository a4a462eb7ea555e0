// The seam between the generic 3PL connector (index.ts: settings, facility map, idempotent order
// creation, cursors, push results) and one provider. An adapter owns everything that differs
// between warehouses: auth and request signing, paths, field names (through its mapper in
// src/mappers/warehouse/), error codes, rate-limit headers, webhook signatures. Adding a provider
// is one more file here plus its mapper, and one line in adapterFor().
import type { Logger } from 'pino'
import type { AxiosResponse } from 'axios'
import type { HttpClient, RequestOptions, ResponseIO } from '../http/client.ts'
import type { RateLimitSpec } from '../http/limiter.ts'
import type {
  InboundEvent,
  OrderPushItem,
  PulledItem,
  RawWebhook,
  RecordError,
  TestResult,
  WebhookEffect,
} from '../types.ts'
import type { FacilityMap } from '../../mappers/warehouse/facilities.ts'
import type { WarehouseConn } from './settings.ts'

/** What an adapter call gets: the connection, its HTTP client, and a per-connection memo. */
export interface AdapterCall extends WarehouseConn {
  http: HttpClient
  log: Logger
  now(): Date
  facilities: FacilityMap
  /** survives between calls for one connection in this process (ShipBob's channel id) */
  memo: Map<string, unknown>
}

/** The provider's part of the connection's HTTP description (see client.ts). */
export interface AdapterHttp {
  headers?: Record<string, string>
  authorize?: (req: RequestOptions) => void
  onResponse?: (res: AxiosResponse, io: ResponseIO) => void | Promise<void>
}

/** A page of pulled items and the newest remote change time among them (the cursor candidate). */
export interface TimedPage {
  items: PulledItem[]
  /** UTC ISO; null when the page says nothing about time */
  watermark: string | null
}

export type CreateOrderOutcome =
  | { kind: 'created'; externalId: string; remoteStatus?: string }
  /** the provider already holds an order with this reference (ShipBob 422) */
  | { kind: 'duplicate'; message: string }
  /** the provider (or our mapping) refused the data: fix and resend */
  | { kind: 'invalid'; errors: RecordError[] }

export type CancelOutcome =
  | { kind: 'cancelled' }
  /** shipped (or partly): a cancellation can no longer stop it */
  | { kind: 'shipped'; message: string }
  | { kind: 'not_found'; message: string }
  | { kind: 'refused'; message: string }

export interface WarehouseWebhookAdapter {
  /** throw WEBHOOK_SIGNATURE_INVALID / WEBHOOK_TIMESTAMP_STALE */
  verify(req: RawWebhook, conn: WarehouseConn): void
  parse(req: RawWebhook): InboundEvent[]
  /** pure: a stored event → records, through the same mapper a pull uses */
  effects(event: InboundEvent, facilities: FacilityMap): WebhookEffect[]
}

export interface WarehouseAdapter {
  provider: string
  title: string
  defaultBaseUrl: string
  defaultApiVersion: string
  /** the provider's documented limit, as data */
  limits: RateLimitSpec
  /** per-request auth or signing, and reading the provider's rate-limit response headers */
  httpOptions(conn: WarehouseConn): AdapterHttp
  testConnection(c: AdapterCall): Promise<TestResult>
  facilities(c: AdapterCall): AsyncIterable<PulledItem[]>
  /** a full snapshot of stock per facility */
  inventory(c: AdapterCall): AsyncIterable<PulledItem[]>
  /** shipments with tracking changed since `since` (UTC ISO) */
  shipments(c: AdapterCall, since: string): AsyncIterable<TimedPage>
  /** order statuses (document_status records) changed since `since` */
  orderStatuses(c: AdapterCall, since: string): AsyncIterable<TimedPage>
  createOrder(c: AdapterCall, item: OrderPushItem): Promise<CreateOrderOutcome>
  findOrderByReference(c: AdapterCall, reference: string): Promise<{ externalId: string; remoteStatus?: string } | null>
  cancelOrder(c: AdapterCall, externalId: string, reason?: string): Promise<CancelOutcome>
  webhooks?: WarehouseWebhookAdapter
  subscribeWebhooks?(
    c: AdapterCall,
    callbackUrl: string,
  ): Promise<{ topic: string; status: 'created' | 'exists' | 'repaired' }[]>
}
