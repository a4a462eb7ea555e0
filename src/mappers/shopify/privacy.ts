// The mandatory compliance topics (customers/data_request, customers/redact, shop/redact) →
// what the hub must find and erase or report. The buyer is named by customer id as well as by
// email: an order may carry either (a guest checkout has no customer id; an email can change).
import { gidOf, nonEmpty } from './common.ts'

export interface ShopifyPrivacyRequest {
  action: 'customer_redact' | 'customer_data_request' | 'shop_redact'
  email?: string
  externalCustomerId?: string
  /** the orders Shopify names (none for shop/redact: every order of the shop goes) */
  orderExternalIds?: string[]
}

interface ComplianceBody {
  customer?: { id?: number | string | null; email?: string | null } | null
  orders_to_redact?: (number | string)[] | null
  orders_requested?: (number | string)[] | null
}

const ACTIONS: Record<string, ShopifyPrivacyRequest['action']> = {
  'customers/redact': 'customer_redact',
  'customers/data_request': 'customer_data_request',
  'shop/redact': 'shop_redact',
}

export function privacyRequestFromShopify(topic: string, body: unknown): ShopifyPrivacyRequest | undefined {
  const action = ACTIONS[topic]
  if (!action) return undefined
  if (action === 'shop_redact') return { action }
  const b = (body ?? {}) as ComplianceBody
  const email = nonEmpty(b.customer?.email)
  const customerId = gidOf('Customer', b.customer?.id ?? null)
  const orders = (action === 'customer_redact' ? b.orders_to_redact : b.orders_requested) ?? []
  return {
    action,
    ...(email ? { email } : {}),
    ...(customerId ? { externalCustomerId: customerId } : {}),
    orderExternalIds: orders.map((id) => gidOf('Order', id)!),
  }
}
