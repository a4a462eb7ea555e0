// The sync engine's queues and the data their jobs carry. Each job carries its tenant id, and
// each handler checks it against what it loads.
import type { Stream } from '../connectors/types.ts'
import { defineQueue } from '../queue/boss.ts'

/** Process one stored webhook event (the inbox row names its connection). */
export interface WebhookJob {
  tenantId: string
  inboxId: string
}

export interface PullJob {
  tenantId: string
  connectionId: string
  stream: Stream
  trigger: string
  /** replay: start from this cursor instead of the stored one */
  fromCursor?: string | null
}

export interface InventoryPushJob {
  tenantId: string
  connectionId: string
}

export interface AllocationJob {
  tenantId: string
  allocationId: string
}

export interface OrderJob {
  tenantId: string
  orderId: string
}

export interface ShipmentJob {
  tenantId: string
  shipmentId: string
}

export interface BackorderJob {
  tenantId: string
  skus: string[]
}

export const SYNC_QUEUES = {
  /** turn one stored webhook event into canonical changes */
  webhookProcess: defineQueue<WebhookJob>({
    name: 'webhook-process',
    retryLimit: 8,
    retryDelay: 2,
    retryBackoff: true,
    expireInSeconds: 300,
  }),
  /** pull one stream of one connection (scheduled, manual, or hinted by a webhook) */
  pull: defineQueue<PullJob>({
    name: 'sync-pull',
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 1800,
    policy: 'stately',
  }),
  /** push changed quantities of one channel connection (debounced per connection) */
  inventoryPush: defineQueue<InventoryPushJob>({
    name: 'inventory-push',
    retryLimit: 10,
    retryDelay: 2,
    retryBackoff: true,
    expireInSeconds: 1800,
    policy: 'stately',
  }),
  /** send one allocation to its warehouse (3PL outbound order) */
  allocationSend: defineQueue<AllocationJob>({
    name: 'allocation-send',
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
  }),
  /** cancel one allocation at its warehouse */
  allocationCancel: defineQueue<AllocationJob>({
    name: 'allocation-cancel',
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
  }),
  /** send a shipment's tracking to the order's channel and to the ERP */
  shipmentPropagate: defineQueue<ShipmentJob>({
    name: 'shipment-propagate',
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
  }),
  /** post an order to the ERP */
  erpOrderPost: defineQueue<OrderJob>({
    name: 'erp-order-post',
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
  }),
  /** try backordered lines again after stock arrived */
  backorderRetry: defineQueue<BackorderJob>({
    name: 'backorder-retry',
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
  }),
}
