// Listings Items 2021-08-01: patchListingsItem and getListingsItem, and the one piece of logic
// they share with the JSON_LISTINGS_FEED processor: applying a submission to a listing.
// Semantics [facts §4, models]: only top-level attributes can be patched; `merge` updates the
// given fields of the matching entry (fulfillment_availability by channel code) and keeps the
// rest (lead_time_to_ship_max_days survives), `replace` swaps the whole attribute, `add` appends,
// `delete` removes. A patch for a SKU the seller does not list yet is accepted, as Amazon does
// (it creates an offer-only listing) [GH amzn/selling-partner-api-models#4402, #2797].
// Problems come back as 200 + status INVALID + issues, not as HTTP errors.
// Issue codes marked "sandbox" are this sandbox's own: Amazon's numeric codes are not documented.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { marketplaceById } from './marketplaces.ts'
import { registerOperation, SpApiError, invalid, type SpApiContext } from './http.ts'
import { SandboxState, type Listing, type ListingIssue } from './state.ts'

export interface Submission {
  marketplaceId: string
  sku: string
  productType?: string
  patches?: { op: string; path: string; value?: Record<string, unknown>[] }[]
  attributes?: Record<string, Record<string, unknown>[]>
  operationType: 'PATCH' | 'PARTIAL_UPDATE' | 'UPDATE' | 'DELETE'
  via: 'patch' | 'feed'
  reference: string
  /** VALIDATION_PREVIEW: check, do not apply */
  preview?: boolean
}

/** Amazon seller SKUs are at most 40 characters (Seller Central rule). */
export const MAX_SKU_LENGTH = 40

const issue = (code: string, message: string, attributeNames?: string[]): ListingIssue => ({
  code,
  message,
  severity: 'ERROR',
  categories: ['INVALID_ATTRIBUTE'],
  ...(attributeNames ? { attributeNames } : {}),
})

function identity(entry: Record<string, unknown>): string {
  if (typeof entry.fulfillment_channel_code === 'string') return `channel:${entry.fulfillment_channel_code}`
  return `mkt:${String(entry.marketplace_id ?? '')}:${String(entry.language_tag ?? '')}`
}

function checkValues(name: string, values: Record<string, unknown>[] | undefined): ListingIssue[] {
  if (name !== 'fulfillment_availability' || !values) return []
  const out: ListingIssue[] = []
  for (const v of values) {
    if (typeof v.fulfillment_channel_code !== 'string' || v.fulfillment_channel_code === '') {
      out.push(
        issue('INVALID_ATTRIBUTE_VALUE', "'fulfillment_channel_code' is required but not supplied. (sandbox)", [name]),
      )
    }
    if (v.quantity !== undefined && (!Number.isInteger(v.quantity) || (v.quantity as number) < 0)) {
      out.push(
        issue(
          'INVALID_ATTRIBUTE_VALUE',
          `'quantity' must be a whole number of at least 0, got ${JSON.stringify(v.quantity)}. (sandbox)`,
          [name],
        ),
      )
    }
  }
  return out
}

function patchAttribute(
  current: Record<string, unknown>[] | undefined,
  op: string,
  value: Record<string, unknown>[] | undefined,
): Record<string, unknown>[] | undefined {
  const values = value ?? []
  if (op === 'replace') return values.map((v) => ({ ...v }))
  if (op === 'delete') {
    if (!value) return undefined
    const gone = new Set(values.map(identity))
    return (current ?? []).filter((e) => !gone.has(identity(e)))
  }
  const next = (current ?? []).map((e) => ({ ...e }))
  for (const v of values) {
    const i = next.findIndex((e) => identity(e) === identity(v))
    if (op === 'merge' && i >= 0) next[i] = { ...next[i], ...v }
    else if (op === 'add' && i >= 0) next[i] = { ...v }
    else next.push({ ...v })
  }
  return next
}

/** Apply (or preview) one submission; the issues say why it was refused, none when accepted. */
export function applySubmission(state: SandboxState, sub: Submission, now: string): ListingIssue[] {
  const issues: ListingIssue[] = []
  if (sub.sku.length > MAX_SKU_LENGTH)
    issues.push(issue('INVALID_SKU', `The SKU must be ${MAX_SKU_LENGTH} characters or less. (sandbox)`))
  if (!marketplaceById(sub.marketplaceId))
    issues.push(issue('INVALID_MARKETPLACE', `Marketplace ${sub.marketplaceId} is not supported. (sandbox)`))
  const existing = state.listing(sub.marketplaceId, sub.sku)
  if (existing?.restriction) issues.push(issue(existing.restriction.code, existing.restriction.message))
  for (const p of sub.patches ?? []) {
    const m = /^\/attributes\/([a-z0-9_]+)$/.exec(p.path)
    if (!m) issues.push(issue('INVALID_PATCH_PATH', `Only top-level attributes can be patched: ${p.path}. (sandbox)`))
    else issues.push(...checkValues(m[1]!, p.value))
  }
  for (const [name, values] of Object.entries(sub.attributes ?? {})) issues.push(...checkValues(name, values))
  if (issues.length > 0 || sub.preview) return issues
  const key = SandboxState.listingKey(sub.marketplaceId, sub.sku)
  if (sub.operationType === 'DELETE') {
    state.listings.delete(key)
    return []
  }
  const listing: Listing = existing ?? {
    marketplaceId: sub.marketplaceId,
    sku: sub.sku,
    productType: sub.productType ?? 'PRODUCT',
    asin: SandboxState.asin(sub.sku),
    itemName: sub.sku,
    attributes: {},
    createdDate: now,
    lastUpdatedDate: now,
  }
  const before = quantityOf(listing)
  if (sub.operationType === 'UPDATE') listing.attributes = {}
  for (const [name, values] of Object.entries(sub.attributes ?? {}))
    listing.attributes[name] = values.map((v) => ({ ...v }))
  for (const p of sub.patches ?? []) {
    const name = p.path.slice('/attributes/'.length)
    const next = patchAttribute(listing.attributes[name], p.op, p.value)
    if (next === undefined || next.length === 0) delete listing.attributes[name]
    else listing.attributes[name] = next
  }
  listing.lastUpdatedDate = now
  state.listings.set(key, listing)
  const after = quantityOf(listing)
  if (after !== undefined && after !== before) {
    state.pushes.push({
      at: now,
      via: sub.via,
      marketplaceId: sub.marketplaceId,
      sku: sub.sku,
      quantity: after,
      reference: sub.reference,
    })
  }
  return []
}

/** The merchant-fulfilled (DEFAULT channel) quantity of a listing. */
export function quantityOf(l: Listing): number | undefined {
  const fa = l.attributes.fulfillment_availability?.find((e) => e.fulfillment_channel_code === 'DEFAULT')
  return typeof fa?.quantity === 'number' ? fa.quantity : undefined
}

function renderListing(l: Listing, included: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { sku: l.sku }
  if (included.includes('summaries')) {
    const buyable = quantityOf(l) !== undefined && l.attributes.item_name !== undefined
    out.summaries = [
      {
        marketplaceId: l.marketplaceId,
        asin: l.asin,
        productType: l.productType,
        conditionType: 'new_new',
        status: buyable ? ['BUYABLE', 'DISCOVERABLE'] : ['DISCOVERABLE'],
        itemName: l.itemName,
        createdDate: l.createdDate,
        lastUpdatedDate: l.lastUpdatedDate,
      },
    ]
  }
  if (included.includes('attributes')) out.attributes = l.attributes
  if (included.includes('issues')) out.issues = []
  if (included.includes('fulfillmentAvailability')) {
    out.fulfillmentAvailability = (l.attributes.fulfillment_availability ?? []).map((e) => ({
      fulfillmentChannelCode: String(e.fulfillment_channel_code),
      ...(typeof e.quantity === 'number' ? { quantity: e.quantity } : {}),
    }))
  }
  return out
}

export function registerListings(app: FastifyInstance, c: SpApiContext): void {
  const sellerOnly = (sellerId: string) => {
    if (sellerId !== c.state.sellerId)
      throw new SpApiError(
        403,
        'Unauthorized',
        'Access to requested resource is denied.',
        `The seller ${sellerId} did not authorize this application.`,
      )
  }
  registerOperation(app, c, 'patchListingsItem', (req) => {
    sellerOnly(req.params.sellerId!)
    const marketplaceIds = req.query.marketplaceIds as string[]
    if (marketplaceIds.length !== 1) throw invalid('marketplaceIds must name exactly one marketplace (sandbox)')
    const submissionId = randomBytes(16).toString('hex')
    const issues = applySubmission(
      c.state,
      {
        marketplaceId: marketplaceIds[0]!,
        sku: req.params.sku!,
        productType: req.body.productType,
        patches: req.body.patches,
        operationType: 'PATCH',
        via: 'patch',
        reference: submissionId,
        preview: req.query.mode === 'VALIDATION_PREVIEW',
      },
      new Date(c.now()).toISOString(),
    )
    const status = issues.some((i) => i.severity === 'ERROR')
      ? 'INVALID'
      : req.query.mode === 'VALIDATION_PREVIEW'
        ? 'VALID'
        : 'ACCEPTED'
    return { status: 200, body: { sku: req.params.sku, status, submissionId, issues } }
  })
  registerOperation(app, c, 'getListingsItem', (req) => {
    sellerOnly(req.params.sellerId!)
    const mid = (req.query.marketplaceIds as string[])[0]!
    const l = c.state.listing(mid, req.params.sku!)
    if (!l) throw new SpApiError(404, 'NOT_FOUND', `SKU '${req.params.sku}' not found in marketplace ${mid}`)
    return { status: 200, body: renderListing(l, (req.query.includedData as string[] | undefined) ?? ['summaries']) }
  })
}
