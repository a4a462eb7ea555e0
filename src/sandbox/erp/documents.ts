// The documents the ERP sandbox sends, in the real shapes of the two ERPs the presets cover:
//   SAP Business One — Service Layer entity sets as GET answers them: {"odata.metadata": …#Items,
//     "value": [Items…]}, InventoryGenEntries/Exits for movements, Orders for acknowledgements;
//     as JSON, or as XML with one element per property (what an XML export of the same answer is).
//   Odoo — search_read answers (product.product, product.pricelist.item, stock.quant, stock.move,
//     sale.order): an XML-RPC methodResponse, or the same array as JSON (Odoo 19 JSON-2).
// Shapes: specs/erp-3pl.md B1 and B3.
import type { ErpSandboxState, SandboxItem } from './state.ts'
import { encodeMethodResponse, NumericText, toJsonText, toXmlText } from './wire.ts'

export type Flavor = 'sap-b1' | 'odoo'
/** The documents an ERP sends the hub (the X-Crossdock-Document-Type values the hub documents) */
export type DocumentType = 'item_master' | 'price_list' | 'stock_snapshot' | 'stock_delta' | 'order_ack'
export type DocumentFormat = 'json' | 'xml'

export interface Movement {
  sku: string
  warehouse: string
  /** positive: goods receipt; negative: goods issue */
  quantity: number
}

export interface BuildOptions {
  flavor: Flavor
  type: DocumentType
  format: DocumentFormat
  /** which items (default: all) */
  skus?: string[]
  /** stock_delta documents: the movements to report */
  movements?: Movement[]
  /** B1: the Service Layer base the odata.metadata URL names */
  serviceLayerUrl?: string
  now?: Date
}

const num = (text: string | number) => new NumericText(String(text))
const float = (n: number) => new NumericText(Number.isInteger(n) ? `${n}.0` : String(n))

/** Odoo's stock locations for the sandbox's warehouses (display names as search_read gives them). */
export const ODOO_LOCATIONS: Record<string, [number, string]> = { '01': [8, 'WH/Stock'], JP1: [21, 'JP/Stock'] }
const ODOO_CURRENCIES: Record<string, [number, string]> = {
  $: [2, 'USD'],
  USD: [2, 'USD'],
  EUR: [1, 'EUR'],
  JPY: [25, 'JPY'],
}

function pick(state: ErpSandboxState, skus: string[] | undefined): SandboxItem[] {
  if (!skus) return [...state.items.values()]
  return skus.map((s) => state.items.get(s)).filter((x): x is SandboxItem => x !== undefined)
}

// ---- SAP Business One ----------------------------------------------------------------------

function b1Item(it: SandboxItem, type: DocumentType, today: string): Record<string, unknown> {
  const stock = it.stock.map((s) => ({
    ItemCode: it.itemCode,
    WarehouseCode: s.warehouse,
    InStock: float(s.inStock),
    Committed: float(s.committed),
    Ordered: float(0),
  }))
  if (type === 'stock_snapshot') return { ItemCode: it.itemCode, ItemWarehouseInfoCollection: stock } // $select=ItemCode,ItemWarehouseInfoCollection
  const prices = it.prices.map((p) => ({ PriceList: num(p.priceList), Price: num(p.price), Currency: p.currency }))
  if (type === 'price_list') return { ItemCode: it.itemCode, ItemPrices: prices }
  return {
    ItemCode: it.itemCode,
    ItemName: it.name,
    ForeignName: it.foreignName ?? null,
    ItemType: 'itItems',
    BarCode: it.barcode ?? null,
    Valid: it.valid ? 'tYES' : 'tNO',
    Frozen: 'tNO',
    InventoryItem: 'tYES',
    QuantityOnStock: float(it.stock.reduce((s, x) => s + x.inStock, 0)),
    // unit code 2 = kg in the preset's example unit table (B1 unit codes are per company)
    SalesUnitWeight: it.weightKg ? num(it.weightKg) : float(0),
    SalesWeightUnit: it.weightKg ? num(2) : null,
    U_HS_Code: it.hsCode ?? null,
    U_Country: it.country ?? null,
    UpdateDate: today,
    ItemPrices: prices,
    ItemWarehouseInfoCollection: stock,
  }
}

function b1Document(state: ErpSandboxState, o: BuildOptions): { entitySet: string; value: unknown[] } {
  const today = (o.now ?? new Date()).toISOString().slice(0, 10)
  if (o.type === 'stock_delta') {
    const movements = o.movements ?? []
    const entitySet = movements.every((m) => m.quantity >= 0) ? 'InventoryGenEntries' : 'InventoryGenExits'
    const docEntry = state.nextDocEntry++
    return {
      entitySet,
      value: [
        {
          DocEntry: num(docEntry),
          DocNum: num(docEntry - 9_000),
          DocDate: today,
          DocumentLines: movements.map((m, i) => ({
            LineNum: num(i),
            ItemCode: m.sku,
            Quantity: float(Math.abs(m.quantity)),
            WarehouseCode: m.warehouse,
          })),
        },
      ],
    }
  }
  if (o.type === 'order_ack') {
    const orders = state.received.filter((r) => r.kind === 'orders')
    return {
      entitySet: 'Orders',
      value: orders.map((r) => {
        const d = r.document as Record<string, unknown>
        return {
          DocEntry: num(r.docEntry),
          DocNum: num(r.docNum),
          CardCode: d.CardCode ?? null,
          NumAtCard: d.NumAtCard ?? d.client_order_ref ?? r.key ?? null,
          DocumentStatus: 'bost_Open',
          Cancelled: 'tNO',
        }
      }),
    }
  }
  return { entitySet: 'Items', value: pick(state, o.skus).map((it) => b1Item(it, o.type, today)) }
}

// ---- Odoo ----------------------------------------------------------------------------------

const many2one = (id: number, name: string) => [num(id), name]
const productRef = (it: SandboxItem) => many2one(it.odooId, `[${it.itemCode}] ${it.name}`)

function odooRecords(state: ErpSandboxState, o: BuildOptions): unknown[] {
  const items = pick(state, o.skus)
  switch (o.type) {
    case 'item_master':
      return items.map((it) => ({
        id: num(it.odooId),
        default_code: it.itemCode,
        name: it.name,
        barcode: it.barcode ?? false,
        weight: it.weightKg ? num(it.weightKg) : float(0),
        hs_code: it.hsCode ?? false,
        active: it.valid,
      }))
    case 'price_list':
      return items.flatMap((it) =>
        it.prices.map((p, i) => {
          const [cid, code] = ODOO_CURRENCIES[p.currency] ?? [0, p.currency]
          return {
            id: num(it.odooId * 10 + i),
            pricelist_id: many2one(p.priceList, `Pricelist ${p.priceList} (${code})`),
            product_id: productRef(it),
            fixed_price: num(p.price),
            currency_id: many2one(cid, code),
          }
        }),
      )
    case 'stock_snapshot':
      return items.flatMap((it) =>
        it.stock.map((s, i) => {
          const [lid, lname] = ODOO_LOCATIONS[s.warehouse] ?? [99, `${s.warehouse}/Stock`]
          return {
            id: num(it.odooId * 10 + i),
            product_id: productRef(it),
            location_id: many2one(lid, lname),
            lot_id: false,
            quantity: float(s.inStock),
            reserved_quantity: float(s.committed),
          }
        }),
      )
    case 'stock_delta':
      return (o.movements ?? []).map((m) => {
        const it = state.items.get(m.sku)
        const here = ODOO_LOCATIONS[m.warehouse] ?? [99, `${m.warehouse}/Stock`]
        const incoming = m.quantity >= 0
        const partner = incoming ? many2one(4, 'Partners/Vendors') : many2one(5, 'Partners/Customers')
        const id = state.nextDocEntry++
        return {
          id: num(id),
          reference: `WH/${incoming ? 'IN' : 'OUT'}/${String(id).padStart(5, '0')}`,
          product_id: it ? productRef(it) : false,
          location_id: incoming ? partner : many2one(...here),
          location_dest_id: incoming ? many2one(...here) : partner,
          quantity: float(Math.abs(m.quantity)),
          picking_code: incoming ? 'incoming' : 'outgoing',
          state: 'done',
        }
      })
    case 'order_ack':
      return state.received
        .filter((r) => r.kind === 'orders')
        .map((r) => {
          const vals = (((r.document as { params?: unknown[] }).params?.[5] as unknown[] | undefined)?.[0] ??
            r.document) as Record<string, unknown>
          return {
            id: num(r.docEntry),
            name: `S${String(r.docNum).padStart(5, '0')}`,
            client_order_ref: vals.client_order_ref ?? vals.NumAtCard ?? r.key ?? false,
            state: 'sale',
          }
        })
  }
}

/** Build one document for the hub; `records` says how many records it holds. */
export function buildDocument(
  state: ErpSandboxState,
  o: BuildOptions,
): { body: string; contentType: string; records: number } {
  if (o.flavor === 'odoo') {
    const records = odooRecords(state, o)
    return o.format === 'xml'
      ? { body: encodeMethodResponse(records), contentType: 'text/xml; charset=utf-8', records: records.length }
      : { body: toJsonText(records), contentType: 'application/json; charset=utf-8', records: records.length }
  }
  const { entitySet, value } = b1Document(state, o)
  const doc = {
    'odata.metadata': `${o.serviceLayerUrl ?? 'https://b1.example.com:50000'}/b1s/v1/$metadata#${entitySet}`,
    value,
  }
  const nested = {
    stock_snapshot: 'ItemWarehouseInfoCollection',
    price_list: 'ItemPrices',
    stock_delta: 'DocumentLines',
  }[o.type as string]
  const records = nested
    ? value.reduce<number>((n, v) => n + ((v as Record<string, unknown[]>)[nested]?.length ?? 0), 0)
    : value.length
  return o.format === 'xml'
    ? { body: toXmlText(entitySet, doc), contentType: 'application/xml; charset=utf-8', records }
    : { body: toJsonText(doc), contentType: 'application/json; charset=utf-8', records }
}
