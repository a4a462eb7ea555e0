// Which canonical SKU an Amazon listing is. The seller SKU of a listing often differs from the
// canonical SKU (a marketplace prefix, an FBA label SKU, an old naming scheme): an explicit alias
// the seller set binds it; a seller SKU that is itself a canonical SKU binds as it is; anything
// else is unmatched, with matches to suggest by barcode or ASIN — suggestions the seller confirms
// on the SKU-mapping page, never bindings made behind their back.
import type { SkuSource } from '../../model/index.ts'

export interface ListingIdentity {
  sellerSku: string
  /** from the listing's summaries for the marketplace */
  asin?: string
  /** the product's GTIN-family codes (EAN, UPC, JAN, GTIN), as the caller found them */
  barcodes?: string[]
}

/** What the hub knows of its catalog, asked by the matcher (the engine backs it with SQL). */
export interface CatalogIndex {
  hasSku(sku: string): boolean
  /** canonical SKUs whose barcode has this gtinKey */
  skusByBarcode(key: string): string[]
  /** canonical SKUs already bound to this ASIN elsewhere (another marketplace, another connection) */
  skusByAsin?(asin: string): string[]
}

export type ListingMatch =
  | { status: 'bound'; sku: string; skuSource: Extract<SkuSource, 'alias' | 'remote'> }
  | { status: 'unmatched'; reason: string; suggestions: { sku: string; by: 'barcode' | 'asin' }[] }

/**
 * One key for the GTIN family: UPC-A (12), EAN-13 / JAN (13) and GTIN-14 name the same product
 * once left-padded with zeros to 14 digits. Anything that is not 8 to 14 digits has no key.
 */
export function gtinKey(code: string): string | undefined {
  const digits = code.trim()
  return /^\d{8,14}$/.test(digits) ? digits.padStart(14, '0') : undefined
}

export function matchListing(
  l: ListingIdentity,
  aliasFor: (sellerSku: string) => string | undefined,
  catalog: CatalogIndex,
): ListingMatch {
  const alias = aliasFor(l.sellerSku)
  if (alias !== undefined) {
    if (catalog.hasSku(alias)) return { status: 'bound', sku: alias, skuSource: 'alias' }
    return {
      status: 'unmatched',
      reason: `the alias for seller SKU ${l.sellerSku} names ${alias}, which the catalog does not have`,
      suggestions: [],
    }
  }
  if (catalog.hasSku(l.sellerSku)) return { status: 'bound', sku: l.sellerSku, skuSource: 'remote' }
  const suggestions: { sku: string; by: 'barcode' | 'asin' }[] = []
  const add = (sku: string, by: 'barcode' | 'asin') => {
    if (!suggestions.some((s) => s.sku === sku)) suggestions.push({ sku, by })
  }
  for (const b of l.barcodes ?? []) {
    const key = gtinKey(b)
    if (key) for (const sku of catalog.skusByBarcode(key)) add(sku, 'barcode')
  }
  if (l.asin && catalog.skusByAsin) for (const sku of catalog.skusByAsin(l.asin)) add(sku, 'asin')
  return {
    status: 'unmatched',
    reason: `seller SKU ${l.sellerSku} is not a canonical SKU and no alias names it`,
    suggestions,
  }
}
