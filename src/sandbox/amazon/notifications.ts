// SP-API notifications as the sandbox sends them: the notification documents of Amazon's schemas
// (ORDER_CHANGE, FBA_INVENTORY_AVAILABILITY_CHANGES, LISTINGS_ITEM_MFN_QUANTITY_CHANGE), wrapped
// in an EventBridge event (the notification in `detail` [UNVERIFIED, facts §8]) and POSTed to an
// HTTPS target with the API-key header an EventBridge API destination's connection adds.
import { randomUUID } from 'node:crypto'
import type { FbaStock, Listing, SandboxOrder } from './state.ts'

export const APPLICATION_ID = 'amzn1.sp.solution.sandbox-crossdock'

function metadata(now: string) {
  return { ApplicationId: APPLICATION_ID, SubscriptionId: randomUUID(), PublishTime: now, NotificationId: randomUUID() }
}

export function orderChangeNotification(
  sellerId: string,
  o: SandboxOrder,
  now: string,
  changeType: 'OrderStatusChange' | 'BuyerRequestedChange' = 'OrderStatusChange',
) {
  const shipped = o.items.reduce((s, i) => s + i.quantityShipped, 0)
  const ordered = o.items.reduce((s, i) => s + i.quantity, 0)
  return {
    NotificationVersion: '1.0',
    NotificationType: 'ORDER_CHANGE',
    PayloadVersion: '1.0',
    EventTime: now,
    Payload: {
      OrderChangeNotification: {
        NotificationLevel: 'OrderLevel',
        SellerId: sellerId,
        AmazonOrderId: o.orderId,
        OrderChangeType: changeType,
        OrderChangeTrigger: { TimeOfOrderChange: o.lastUpdated, ChangeReason: 'Order status changed' },
        Summary: {
          MarketplaceId: o.marketplace.id,
          OrderStatus: o.status,
          PurchaseDate: o.purchaseDate,
          DestinationPostalCode: o.address?.postalCode ?? null,
          FulfillmentType: o.channel,
          OrderType: 'StandardOrder',
          NumberOfItemsShipped: shipped,
          NumberOfItemsUnshipped: ordered - shipped,
          EarliestShipDate: o.purchaseDate,
          LatestShipDate: o.latestShipDate,
          OrderItems: o.items.map((i) => ({
            OrderItemId: i.orderItemId,
            SellerSKU: i.sku,
            SupplySourceId: null,
            OrderItemStatus: i.quantityShipped >= i.quantity ? 'Shipped' : 'Unshipped',
            Quantity: i.quantity,
            QuantityShipped: i.quantityShipped,
          })),
        },
      },
    },
    NotificationMetadata: metadata(now),
  }
}

export function fbaInventoryNotification(sellerId: string, f: FbaStock, itemName: string, now: string) {
  return {
    NotificationVersion: '1.0',
    NotificationType: 'FBA_INVENTORY_AVAILABILITY_CHANGES',
    PayloadVersion: '1.0',
    EventTime: now,
    Payload: {
      SellerId: sellerId,
      FNSKU: f.fnSku,
      ASIN: f.asin,
      SKU: f.sku,
      FulfillmentInventoryByMarketplace: [
        {
          MarketplaceId: f.marketplaceId,
          ItemName: itemName,
          FulfillmentInventory: {
            InboundQuantityBreakdown: {
              Working: f.inboundWorking,
              Shipped: f.inboundShipped,
              Receiving: f.inboundReceiving,
            },
            Fulfillable: f.fulfillable,
            Unfulfillable: f.unfulfillable,
            Researching: 0,
            ReservedQuantityBreakdown: {
              WarehouseProcessing: f.reservedFcProcessing,
              WarehouseTransfer: 0,
              PendingCustomerOrder: f.reservedPendingOrders,
            },
            FutureSupplyBuyable: 0,
            PendingCustomerOrderInTransit: 0,
          },
        },
      ],
    },
    NotificationMetadata: metadata(now),
  }
}

export function mfnQuantityNotification(sellerId: string, l: Listing, quantity: number, now: string) {
  return {
    NotificationVersion: '1.0',
    NotificationType: 'LISTINGS_ITEM_MFN_QUANTITY_CHANGE',
    PayloadVersion: '1.0',
    EventTime: now,
    Payload: { SellerId: sellerId, FulfillmentChannelCode: 'DEFAULT', Sku: l.sku, Quantity: quantity },
    NotificationMetadata: metadata(now),
  }
}

/** An EventBridge event carrying a notification, as an API destination POSTs it. */
export function eventBridgeEvent(
  notification: { NotificationType: string },
  now: string,
  o: { account?: string; region?: string } = {},
) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': notification.NotificationType,
    source: `aws.partner/sellingpartnerapi.amazon/${APPLICATION_ID}`,
    account: o.account ?? '123456789012',
    time: now,
    region: o.region ?? 'us-east-1',
    resources: [],
    detail: notification,
  }
}

/** POST an event to a webhook URL with the secret header; answers the target's status. */
export async function deliver(url: string, secret: string, event: unknown, header = 'x-api-key'): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [header]: secret },
    body: JSON.stringify(event),
  })
  return res.status
}
