// The sync engine's queues. Each job carries its tenant id and checks it against what it loads.
import type { Knex } from 'knex'
import { fromKnex, type PgBoss, type SendOptions } from 'pg-boss'
import { declareQueue } from '../queue/boss.ts'

export const SYNC_QUEUES = {
  /** pull one stream of one connection (scheduled, manual, or hinted by a webhook) */
  pull: declareQueue({
    name: 'sync-pull',
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 1800,
    policy: 'stately',
  }),
  /** push changed quantities of one channel connection (debounced per connection) */
  inventoryPush: declareQueue({
    name: 'inventory-push',
    retryLimit: 10,
    retryDelay: 2,
    retryBackoff: true,
    expireInSeconds: 1800,
    policy: 'stately',
  }),
  /** send one allocation to its warehouse (3PL outbound order) */
  allocationSend: declareQueue({
    name: 'allocation-send',
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
  }),
  /** cancel one allocation at its warehouse */
  allocationCancel: declareQueue({
    name: 'allocation-cancel',
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
  }),
  /** send a shipment's tracking to the order's channel and to the ERP */
  shipmentPropagate: declareQueue({
    name: 'shipment-propagate',
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
  }),
  /** post an order to the ERP */
  erpOrderPost: declareQueue({
    name: 'erp-order-post',
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
  }),
  /** try backordered lines again after stock arrived */
  backorderRetry: declareQueue({
    name: 'backorder-retry',
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
  }),
}

/** Send a job inside the caller's transaction: it exists if and only if the transaction commits. */
export async function enqueue(
  boss: PgBoss,
  trx: Knex.Transaction | undefined,
  queue: { name: string },
  data: object,
  options: SendOptions = {},
): Promise<void> {
  await boss.send(queue.name, data, trx ? { ...options, db: fromKnex(trx) } : options)
}
