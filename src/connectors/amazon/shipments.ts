// Shipment confirmation for merchant-fulfilled orders: v0 confirmShipment (not deprecated, unlike
// the v0 reads) answers 204 on success [M-ord0]. Body {marketplaceId, packageDetail{packageReferenceId,
// carrierCode, carrierName?, shippingMethod?, trackingNumber, shipDate, orderItems[]}}.
// packageReferenceId must be a positive numeric string: it is derived from our shipment id, so a
// retry confirms (or edits) the same package instead of adding another. FBA orders are shipped
// by Amazon and are refused here.
import type { PushResult, ShipmentPushItem } from '../types.ts'
import { amazonMessage, spApiFor, type AmazonContext } from './client.ts'
import { CrossdockError, type ErrorCode } from '../../errors.ts'

/**
 * Amazon's carrier codes for common carriers; anything else goes as "Other" with carrierName
 * (required then [M-ord0 PackageDetail]). The code list lives in Amazon's docs and is partly
 * [UNVERIFIED] here beyond the big carriers.
 */
const CARRIER_CODES: Record<string, string> = {
  ups: 'UPS',
  usps: 'USPS',
  fedex: 'FedEx',
  dhl: 'DHL',
  'dhl express': 'DHL',
  'dhl ecommerce': 'DHL eCommerce',
  'royal mail': 'Royal Mail',
  dpd: 'DPD',
  hermes: 'Hermes',
  evri: 'Evri',
  gls: 'GLS',
  'deutsche post': 'Deutsche Post',
  'la poste': 'La Poste',
  colissimo: 'Colissimo',
  chronopost: 'Chronopost',
  'poste italiane': 'Poste Italiane',
  brt: 'BRT',
  correos: 'Correos',
  seur: 'SEUR',
  'canada post': 'Canada Post',
  purolator: 'Purolator',
  'yamato transport': 'Yamato Transport',
  yamato: 'Yamato Transport',
  'sagawa express': 'Sagawa Express',
  sagawa: 'Sagawa Express',
  'japan post': 'Japan Post',
  'nippon express': 'Nippon Express',
}

export function carrierFields(carrier: string): { carrierCode: string; carrierName?: string } {
  const code = CARRIER_CODES[carrier.trim().toLowerCase()]
  return code ? { carrierCode: code } : { carrierCode: 'Other', carrierName: carrier.trim() }
}

/** A stable positive number (as a string) for a shipment id: FNV-1a 32-bit, never 0. */
export function packageReferenceId(shipmentKey: string): string {
  let h = 0x811c9dc5
  for (const ch of Buffer.from(shipmentKey, 'utf8')) {
    h ^= ch
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return String((h % 2_147_483_646) + 1)
}

export function marketplaceOfOrder(channel: string): string | undefined {
  return /^amazon:(\w+)$/.exec(channel)?.[1]
}

export async function pushShipments(ctx: AmazonContext, batch: ShipmentPushItem[]): Promise<PushResult[]> {
  const api = spApiFor(ctx)
  const s = api.settings
  const out: PushResult[] = []
  for (const item of batch) {
    const fail = (status: PushResult['status'], code: ErrorCode, message: string, field?: string): void => {
      out.push({ key: item.key, status, error: { code, message, ...(field ? { field } : {}) } })
    }
    if (item.order.fulfilledByChannel) {
      fail(
        'rejected',
        'VALIDATION_FAILED',
        `order ${item.orderExternalId} is fulfilled by Amazon: Amazon confirms its shipment`,
      )
      continue
    }
    const mid =
      marketplaceOfOrder(item.order.channel) ?? (s.marketplaces.length === 1 ? s.marketplaces[0]!.id : undefined)
    const marketplace = s.marketplaces.find((m) => m.id === mid)
    if (!marketplace) {
      fail(
        'rejected',
        'VALIDATION_FAILED',
        `order channel ${item.order.channel} is not a marketplace of this connection`,
        'order.channel',
      )
      continue
    }
    const missing = item.lines.find((l) => !l.externalLineId)
    if (missing) {
      fail(
        'rejected',
        'MAPPING_FIELD_MISSING',
        `line ${missing.sku} has no Amazon order item id`,
        'lines.externalLineId',
      )
      continue
    }
    const refId = packageReferenceId(item.shipment.externalId || item.key)
    const body = {
      marketplaceId: marketplace.id,
      packageDetail: {
        packageReferenceId: refId,
        ...carrierFields(item.shipment.carrier),
        ...(item.shipment.service ? { shippingMethod: item.shipment.service } : {}),
        trackingNumber: item.shipment.trackingNumber,
        shipDate: new Date(item.shipment.shippedAt).toISOString(),
        orderItems: item.lines.map((l) => ({ orderItemId: l.externalLineId!, quantity: l.quantity })),
      },
    }
    try {
      await api.call(marketplace.region, 'confirmShipment', {
        method: 'POST',
        url: `/orders/v0/orders/${encodeURIComponent(item.orderExternalId)}/shipmentConfirmation`,
        data: body,
        headers: { 'content-type': 'application/json' },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      })
      out.push({ key: item.key, status: 'ok', externalId: `${item.orderExternalId}:${refId}` })
    } catch (err) {
      const e = err instanceof CrossdockError ? err : new CrossdockError('CONNECTOR_NETWORK', String(err))
      fail(e.retryable ? 'retryable' : 'rejected', e.code, amazonMessage(e))
    }
  }
  return out
}
