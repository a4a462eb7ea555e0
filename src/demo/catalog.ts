// The demo's small catalog, as the ERP knows it (item master with prices, stock in two
// warehouses), and the buyers who order from it. Data only.
import type { SandboxItem } from '../sandbox/erp/index.ts'

export interface DemoArticle {
  sku: string
  name: string
  barcode: string
  /** US dollars, decimal text (the ERP's price list 1) */
  usd: string
  /** euros, decimal text (price list 2, used on Amazon DE) */
  eur: string
  /** the ERP's warehouse codes, mapped to the 3PLs' location codes by the mapping's lookup table */
  stock: { US1: number; EU1: number }
}

// Some articles are short or absent in one warehouse on purpose: tea ships only from the EU,
// chopsticks only from the US, so an order with both is split across the two warehouses.
export const ARTICLES: DemoArticle[] = [
  {
    sku: 'MUG-BLUE-350',
    name: 'Enamel mug, blue, 350 ml',
    barcode: '4006381333931',
    usd: '12.50',
    eur: '11.90',
    stock: { US1: 60, EU1: 40 },
  },
  {
    sku: 'MUG-RED-350',
    name: 'Enamel mug, red, 350 ml',
    barcode: '4006381333948',
    usd: '12.50',
    eur: '11.90',
    stock: { US1: 50, EU1: 30 },
  },
  {
    sku: 'TEAPOT-1L',
    name: 'Cast-iron teapot, 1 l',
    barcode: '4006381333955',
    usd: '89.00',
    eur: '84.00',
    stock: { US1: 6, EU1: 25 },
  },
  {
    sku: 'SENCHA-100G',
    name: 'Sencha green tea, 100 g',
    barcode: '4006381333962',
    usd: '14.90',
    eur: '13.50',
    stock: { US1: 0, EU1: 150 },
  },
  {
    sku: 'BOWL-SET-4',
    name: 'Stoneware bowls, set of 4',
    barcode: '4006381333979',
    usd: '42.00',
    eur: '39.00',
    stock: { US1: 15, EU1: 3 },
  },
  {
    sku: 'CHOPSTICKS-5',
    name: 'Walnut chopsticks, 5 pairs',
    barcode: '4006381333986',
    usd: '19.00',
    eur: '17.50',
    stock: { US1: 120, EU1: 0 },
  },
]

export function erpItems(): SandboxItem[] {
  return ARTICLES.map((a, i) => ({
    itemCode: a.sku,
    name: a.name,
    barcode: a.barcode,
    weightKg: '0.5',
    hsCode: '6912.00',
    country: 'DE',
    valid: true,
    odooId: 500 + i,
    prices: [
      { priceList: 1, price: a.usd, currency: '$' },
      { priceList: 2, price: a.eur, currency: 'EUR' },
    ],
    stock: [
      { warehouse: 'US1', inStock: a.stock.US1, committed: 0 },
      { warehouse: 'EU1', inStock: a.stock.EU1, committed: 0 },
    ],
  }))
}

export interface Buyer {
  name: string
  line1: string
  city: string
  region?: string
  postalCode: string
  country: string
}

export const US_BUYERS: Buyer[] = [
  { name: 'Avery Brooks', line1: '12 Elm Street', city: 'Portland', region: 'OR', postalCode: '97205', country: 'US' },
  {
    name: 'Jordan Lee',
    line1: '480 Market St',
    city: 'San Francisco',
    region: 'CA',
    postalCode: '94105',
    country: 'US',
  },
  { name: 'Sam Rivera', line1: '77 Maple Ave', city: 'Austin', region: 'TX', postalCode: '73301', country: 'US' },
  { name: 'Casey Morgan', line1: '5 Harbor Rd', city: 'Boston', region: 'MA', postalCode: '02110', country: 'US' },
]

export const EU_BUYERS: Buyer[] = [
  { name: 'Lena Fischer', line1: 'Lindenstraße 4', city: 'Berlin', postalCode: '10969', country: 'DE' },
  { name: 'Tom Becker', line1: 'Hafenweg 12', city: 'Hamburg', postalCode: '20457', country: 'DE' },
  { name: 'Marie Dubois', line1: '8 rue Oberkampf', city: 'Paris', postalCode: '75011', country: 'FR' },
  { name: 'Luca Rossi', line1: 'Via Roma 21', city: 'Milano', postalCode: '20121', country: 'IT' },
]
