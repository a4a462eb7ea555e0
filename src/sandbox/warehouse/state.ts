// The sandbox warehouse's memory: facilities with stock, products, outbound orders and their
// shipments, kept in ShipBob's own view-model shapes so the API layer only filters and pages.
// Allocation follows ShipBob: an order reserves ("commits") stock at one facility; without
// enough stock it is still created, in Exception with an out-of-stock status detail (ShipBob
// holds it until stock arrives) unless the sandbox is told to refuse such orders instead.
import type {
  FulfillmentCenter as SbFulfillmentCenter,
  Order as SbOrder,
  Shipment as SbShipment,
  StatusDetail as SbStatusDetail,
} from './types.ts'
import { carrierForCountry, CARRIER_SERVICE, newTrackingNumber, trackingUrl, type SandboxCarrier } from './tracking.ts'

export interface SandboxFacility {
  id: number
  /** ShipBob's naming: "City (ST)" at home, "City (CC)" abroad */
  name: string
  country: string
  state?: string
  city: string
  /** ShipBob gives free text here; the sandbox uses Windows zone names to show it is not IANA [UNVERIFIED] */
  timezone: string
  carrier?: SandboxCarrier
}

export const DEFAULT_FACILITIES: SandboxFacility[] = [
  {
    id: 10,
    name: 'Bethlehem (PA)',
    country: 'US',
    state: 'PA',
    city: 'Bethlehem',
    timezone: 'Eastern Standard Time',
    carrier: 'UPS',
  },
  {
    id: 11,
    name: 'Moreno Valley (CA)',
    country: 'US',
    state: 'CA',
    city: 'Moreno Valley',
    timezone: 'Pacific Standard Time',
    carrier: 'USPS',
  },
  { id: 20, name: 'Hamburg (DE)', country: 'DE', city: 'Hamburg', timezone: 'W. Europe Standard Time' },
  { id: 30, name: 'Coventry (GB)', country: 'GB', city: 'Coventry', timezone: 'GMT Standard Time' },
  { id: 40, name: 'Ichikawa (JP)', country: 'JP', city: 'Ichikawa', timezone: 'Tokyo Standard Time' },
]

export interface Product {
  inventoryId: number
  productId: number
  sku: string
  name: string
}

interface Level {
  onHand: number
  committed: number
}

export interface OrderLine {
  product: Product
  quantity: number
}

export type CreateResult =
  { ok: true; order: SbOrder } | { ok: false; status: 400 | 422; errors: Record<string, string[]> }

export class WarehouseState {
  readonly facilities: SandboxFacility[]
  readonly products = new Map<string, Product>()
  private readonly levels = new Map<string, Level>()
  readonly orders = new Map<number, SbOrder>()
  /** internal: when each order last changed (OrderViewModel has no such field) */
  readonly orderUpdatedAt = new Map<number, string>()
  private nextId = { order: 100_001, shipment: 500_001, inventory: 9_001, product: 7_001 }

  constructor(
    facilities: SandboxFacility[],
    private readonly now: () => Date,
  ) {
    this.facilities = facilities
  }

  facility(id: number): SandboxFacility | undefined {
    return this.facilities.find((f) => f.id === id)
  }

  fulfillmentCenters(): SbFulfillmentCenter[] {
    return this.facilities.map((f) => ({
      id: f.id,
      name: f.name,
      city: f.city,
      state: f.state ?? null,
      country: f.country,
      timezone: f.timezone,
    }))
  }

  product(sku: string, name?: string): Product {
    let p = this.products.get(sku)
    if (!p) {
      p = { inventoryId: this.nextId.inventory++, productId: this.nextId.product++, sku, name: name ?? sku }
      this.products.set(sku, p)
    }
    return p
  }

  private level(facilityId: number, p: Product): Level {
    const k = `${facilityId}:${p.inventoryId}`
    let l = this.levels.get(k)
    if (!l) {
      l = { onHand: 0, committed: 0 }
      this.levels.set(k, l)
    }
    return l
  }

  /** Absolute on-hand at a facility (a count, a receipt): what a seller would see after a stock take. */
  setStock(facilityId: number, sku: string, onHand: number, name?: string): void {
    if (!this.facility(facilityId)) throw new RangeError(`no facility ${facilityId}`)
    this.level(facilityId, this.product(sku, name)).onHand = onHand
  }

  /** per product: its rows at each facility that has ever held it */
  stockRows(): { product: Product; facility: SandboxFacility; onHand: number; committed: number }[] {
    const out: { product: Product; facility: SandboxFacility; onHand: number; committed: number }[] = []
    for (const p of [...this.products.values()].sort((a, b) => a.inventoryId - b.inventoryId)) {
      for (const f of this.facilities) {
        const l = this.levels.get(`${f.id}:${p.inventoryId}`)
        if (l) out.push({ product: p, facility: f, onHand: l.onHand, committed: l.committed })
      }
    }
    return out
  }

  private fulfillable(facilityId: number, p: Product): number {
    const l = this.levels.get(`${facilityId}:${p.inventoryId}`)
    return l ? Math.max(0, l.onHand - l.committed) : 0
  }

  /** The requested facility, else the first that can ship every line, else the first in the destination country. */
  chooseFacility(lines: OrderLine[], country: string, requested?: number): SandboxFacility {
    if (requested !== undefined) return this.facility(requested)!
    const full = this.facilities.find((f) => lines.every((l) => this.fulfillable(f.id, l.product) >= l.quantity))
    return full ?? this.facilities.find((f) => f.country === country) ?? this.facilities[0]!
  }

  /** Shortfalls at a facility: SKU → [wanted, fulfillable]. */
  shortfalls(
    facilityId: number,
    lines: OrderLine[],
  ): { sku: string; wanted: number; have: number; inventoryId: number }[] {
    return lines
      .filter((l) => this.fulfillable(facilityId, l.product) < l.quantity)
      .map((l) => ({
        sku: l.product.sku,
        wanted: l.quantity,
        have: this.fulfillable(facilityId, l.product),
        inventoryId: l.product.inventoryId,
      }))
  }

  /** Create an allocated order. The caller has validated the request. */
  create(
    input: Omit<SbOrder, 'id' | 'status' | 'shipments' | 'created_date'>,
    lines: OrderLine[],
    facility: SandboxFacility,
  ): SbOrder {
    const at = this.now().toISOString()
    const id = this.nextId.order++
    const short = this.shortfalls(facility.id, lines)
    const details: SbStatusDetail[] = short.map((s, i) => ({
      id: i + 1,
      name: 'OutOfStock',
      inventory_id: s.inventoryId,
      exception_fulfillment_center_id: facility.id,
      description: `Out of stock: ${s.sku} needs ${s.wanted}, ${s.have} fulfillable at ${facility.name}`,
    }))
    if (short.length === 0) for (const l of lines) this.level(facility.id, l.product).committed += l.quantity
    const shipment: SbShipment = {
      id: this.nextId.shipment++,
      order_id: id,
      reference_id: input.reference_id ?? null,
      status: short.length ? 'Exception' : 'Processing',
      status_details: details,
      location: { id: facility.id, name: facility.name },
      created_date: at,
      last_update_at: at,
      ship_option: input.shipping_method ?? null,
      products: lines.map((l) => ({
        id: l.product.productId,
        reference_id: l.product.sku,
        sku: l.product.sku,
        name: l.product.name,
        inventory_items: [
          {
            id: l.product.inventoryId,
            name: l.product.name,
            quantity: l.quantity,
            quantity_committed: short.length ? 0 : l.quantity,
          },
        ],
      })),
      is_tracking_uploaded: false,
      recipient: input.recipient ?? null,
    }
    const order: SbOrder = {
      ...input,
      id,
      status: short.length ? 'Exception' : 'Processing',
      created_date: at,
      shipments: [shipment],
    }
    this.orders.set(id, order)
    this.orderUpdatedAt.set(id, at)
    return order
  }

  /**
   * Stock arrived: orders held in Exception for stock at a facility that can now ship them are
   * allocated again, as ShipBob does. Returns the orders that became shippable.
   */
  reallocate(): SbOrder[] {
    const ready: SbOrder[] = []
    for (const o of this.orders.values()) {
      if (o.status !== 'Exception') continue
      const s = o.shipments?.[0]
      const f = s?.location?.id
      if (!s || f === undefined || !(s.status_details ?? []).every((d) => d.name === 'OutOfStock')) continue
      const lines = (s.products ?? []).flatMap((p) => {
        const product = this.products.get(p.sku ?? '')
        const quantity = (p.inventory_items ?? []).reduce((n, i) => n + (i.quantity ?? 0), 0)
        return product ? [{ product, quantity }] : []
      })
      if (this.shortfalls(f, lines).length > 0) continue
      for (const l of lines) this.level(f, l.product).committed += l.quantity
      for (const p of s.products ?? []) for (const i of p.inventory_items ?? []) i.quantity_committed = i.quantity ?? 0
      const at = this.now().toISOString()
      s.status = 'Processing'
      s.status_details = []
      s.last_update_at = at
      o.status = 'Processing'
      this.orderUpdatedAt.set(o.id, at)
      ready.push(o)
    }
    return ready
  }

  findByReference(reference: string): SbOrder | undefined {
    for (const o of this.orders.values()) if (o.reference_id === reference) return o
    return undefined
  }

  shippable(o: SbOrder): boolean {
    return o.status === 'Processing' && (o.shipments ?? []).some((s) => s.status === 'Processing')
  }

  /** Hand the order's shipments to the facility's carrier: tracking, stock out, status Fulfilled. */
  ship(o: SbOrder): SbOrder {
    const at = this.now().toISOString()
    for (const s of o.shipments ?? []) {
      if (s.status !== 'Processing') continue
      const f = this.facility(s.location?.id ?? -1) ?? this.facilities[0]!
      const carrier = f.carrier ?? carrierForCountry(f.country)
      const number = newTrackingNumber(carrier)
      s.status = 'Completed'
      s.status_details = [{ id: 1, name: 'Shipped', description: `Handed to ${carrier}` }]
      s.tracking = {
        carrier,
        carrier_service: CARRIER_SERVICE[carrier],
        tracking_number: number,
        tracking_url: trackingUrl(carrier, number),
        shipping_date: at,
        scac: null,
        bol: null,
        pro_number: null,
      }
      s.actual_fulfillment_date = at
      s.last_update_at = at
      s.last_tracking_update_at = at
      for (const p of s.products ?? []) {
        const product = this.products.get(p.sku ?? '')
        const qty = (p.inventory_items ?? []).reduce((n, i) => n + (i.quantity ?? 0), 0)
        if (!product) continue
        const l = this.level(f.id, product)
        l.onHand -= qty
        l.committed = Math.max(0, l.committed - qty)
      }
    }
    o.status = 'Fulfilled'
    this.orderUpdatedAt.set(o.id, at)
    return o
  }

  /** Cancel an unshipped order and release its stock; shipped shipments stay as they are. */
  cancel(o: SbOrder): { cancelled: SbShipment[]; refused: SbShipment[] } {
    const at = this.now().toISOString()
    const cancelled: SbShipment[] = []
    const refused: SbShipment[] = []
    for (const s of o.shipments ?? []) {
      if (s.status === 'Cancelled') continue
      if (s.status === 'Completed' || s.tracking?.tracking_number) {
        refused.push(s)
        continue
      }
      const f = s.location?.id
      if (s.status === 'Processing' && f !== undefined) {
        for (const p of s.products ?? []) {
          const product = this.products.get(p.sku ?? '')
          if (product)
            this.level(f, product).committed -= (p.inventory_items ?? []).reduce(
              (n, i) => n + (i.quantity_committed ?? 0),
              0,
            )
        }
      }
      s.status = 'Cancelled'
      s.status_details = [{ id: 1, name: 'Cancelled', description: 'Cancelled by merchant' }]
      s.last_update_at = at
      cancelled.push(s)
    }
    if (refused.length === 0) o.status = 'Cancelled'
    this.orderUpdatedAt.set(o.id, at)
    return { cancelled, refused }
  }
}
