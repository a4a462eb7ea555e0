// What a channel's privacy webhooks do here (Shopify's mandatory compliance topics, shopify.md
// §webhooks): customers/redact erases that buyer (by email and the order ids Shopify names),
// shop/redact erases every buyer of the connection, customers/data_request is recorded in the
// audit trail (the seller answers it with GET /privacy/buyers/export). Each is audited with the
// email's hash, never the email.
import type { WebhookEffect } from '../connectors/types.ts'
import type { ConnectionRow } from '../db/connections.ts'
import type { HubServices } from '../services.ts'
import { audit } from '../db/audit.ts'
import { eraseBuyer, eraseConnectionBuyers, type ErasureCounts } from './erase.ts'
import { buyerFootprint, hashEmail } from './footprint.ts'

export type PrivacyEffect = Extract<WebhookEffect, { kind: 'privacy' }>

export interface PrivacyOutcome {
  action: PrivacyEffect['action']
  orders: number
  counts?: ErasureCounts
}

export async function applyPrivacyEffect(
  hub: HubServices,
  conn: Pick<ConnectionRow, 'id' | 'tenant_id'>,
  effect: PrivacyEffect,
): Promise<PrivacyOutcome> {
  const actor = `connection:${conn.id}`
  const tenantId = conn.tenant_id
  switch (effect.action) {
    case 'customer_redact': {
      const r = await eraseBuyer(
        hub.db,
        tenantId,
        {
          ...(effect.email ? { email: effect.email } : {}),
          connectionId: conn.id,
          orderExternalIds: effect.orderExternalIds ?? [],
        },
        actor,
      )
      return { action: effect.action, orders: r.orderIds.length, counts: r.counts }
    }
    case 'shop_redact': {
      const r = await eraseConnectionBuyers(hub.db, tenantId, conn.id, actor)
      return { action: effect.action, orders: r.orderIds.length, counts: r.counts }
    }
    case 'customer_data_request': {
      const fp = await buyerFootprint(hub.db, tenantId, {
        ...(effect.email ? { email: effect.email } : {}),
        connectionId: conn.id,
        orderExternalIds: effect.orderExternalIds ?? [],
      })
      await audit(hub.db, tenantId, {
        actor,
        action: 'privacy.data_requested',
        entity: 'buyer',
        ...(fp.emailHashes[0] ? { entityId: fp.emailHashes[0] } : {}),
        data: {
          emailHashes: effect.email ? [hashEmail(effect.email)] : fp.emailHashes,
          orderIds: fp.orders.map((o) => o.id),
          held: {
            orders: fp.orders.length,
            webhookPayloads: fp.webhookIds.length,
            syncFailures: fp.failureIds.length,
            eventDeliveries: fp.deliveryIds.length,
          },
          answerWith: 'GET /api/v1/privacy/buyers/export',
        },
      })
      return { action: effect.action, orders: fp.orders.length }
    }
  }
}
