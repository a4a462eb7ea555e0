// The ERP sandbox's books: an item master with prices and stock per warehouse, and what the hub
// has sent it (sales orders and deliveries), keyed by Idempotency-Key like a real idempotent
// endpoint. In memory: the demo and the tests start from a seed.

export interface SandboxItem {
  itemCode: string
  name: string
  foreignName?: string
  barcode?: string
  /** in kilograms (B1 sends it with a unit code, Odoo in kg) */
  weightKg?: string
  hsCode?: string
  country?: string
  valid: boolean
  /** Odoo product.product id */
  odooId: number
  /** decimal text prices */
  prices: { priceList: number; price: string; currency: string }[]
  stock: { warehouse: string; inStock: number; committed: number }[]
}

export interface ReceivedDocument {
  kind: 'orders' | 'shipments'
  /** the Idempotency-Key it came with (absent: not de-duplicated) */
  key?: string
  /** B1 DocEntry, or the Odoo record id */
  docEntry: number
  docNum: number
  contentType: string
  /** the document as parsed (JSON tree, or XML-RPC values) */
  document: unknown
  /** times it was sent (retries with the same key count here, not as new documents) */
  deliveries: number
  receivedAt: string
}

export interface ErpSandboxState {
  items: Map<string, SandboxItem>
  received: ReceivedDocument[]
  /** Idempotency-Key → the first answer, replayed to retries */
  answers: Map<string, { status: number; contentType: string; body: string; bodyHash: string }>
  nextDocEntry: number
}

const WAREHOUSES = ['01', 'JP1']

/** The two items the fixtures and the demo talk about, then `count − 2` generated ones. */
export function seedItems(count = 2): SandboxItem[] {
  const items: SandboxItem[] = [
    {
      itemCode: 'MUG-BLUE-350',
      name: 'Enamel mug, blue, 350 ml',
      foreignName: 'Emaillebecher, blau, 350 ml',
      barcode: '4006381333931',
      weightKg: '0.34',
      hsCode: '7323.94',
      country: 'DE',
      valid: true,
      odooId: 41,
      prices: [
        { priceList: 1, price: '12.50', currency: '$' },
        { priceList: 2, price: '11.90', currency: 'EUR' },
      ],
      stock: [
        { warehouse: '01', inStock: 66, committed: 4 },
        { warehouse: 'JP1', inStock: 12, committed: 0 },
      ],
    },
    {
      itemCode: 'TEAPOT-1L',
      name: 'Cast-iron teapot 1 l',
      weightKg: '1.2',
      hsCode: '7323.93',
      country: 'JP',
      valid: true,
      odooId: 42,
      prices: [{ priceList: 1, price: '89.00', currency: '$' }],
      stock: [{ warehouse: '01', inStock: 5, committed: 5 }],
    },
  ]
  for (let i = items.length; i < count; i++) {
    const n = String(i).padStart(5, '0')
    const cents = 500 + ((i * 7919) % 20_000)
    items.push({
      itemCode: `SKU-${n}`,
      name: `Sample article ${n}`,
      barcode: `20${String(1_000_000_000 + i).slice(-10)}0`.slice(0, 13),
      weightKg: (0.1 + (i % 50) / 10).toFixed(3),
      hsCode: '6912.00',
      country: i % 3 === 0 ? 'JP' : 'DE',
      valid: true,
      odooId: 1000 + i,
      prices: [
        { priceList: 1, price: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`, currency: '$' },
      ],
      stock: WAREHOUSES.map((warehouse, w) => {
        const inStock = (i * 13 + w * 7) % 500
        return { warehouse, inStock, committed: Math.min((i + w) % 5, inStock) }
      }),
    })
  }
  return items
}

export function createState(items: SandboxItem[]): ErpSandboxState {
  return {
    items: new Map(items.map((it) => [it.itemCode, it])),
    received: [],
    answers: new Map(),
    nextDocEntry: 10_000,
  }
}
