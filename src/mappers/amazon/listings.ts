// MFN quantity out to Amazon, both roads, and what Amazon said back per SKU:
//  - patchListingsItem body: op "merge" on /attributes/fulfillment_availability. `replace` would
//    wipe sibling fields such as lead_time_to_ship_max_days [GH amzn/selling-partner-api-models#4406];
//    `merge` updates quantity alone since 2025-06-16 (facts §4).
//  - JSON_LISTINGS_FEED: the same patch as one PATCH message per SKU [S-lf], messageId = position + 1.
//  - the submission response (ACCEPTED | INVALID + issues) and the feed processing report
//    (issues by messageId [S-lfr]) → one outcome per SKU.
import type { FeedMessage, ListingsFeedDocument, ListingsSubmissionResponse, ProcessingReport } from './types.ts'

export interface QuantityUpdate {
  sku: string
  quantity: number
}

export interface PatchOptions {
  productType: string
  /** DEFAULT = merchant fulfilled; AMAZON_NA… are FBA channels, which we never push */
  channelCode: string
}

export interface SkuOutcome {
  status: 'ok' | 'rejected' | 'retryable'
  error?: { code: string; message: string; field?: string }
}

function quantityPatches(quantity: number, o: PatchOptions): FeedMessage['patches'] {
  return [
    {
      op: 'merge',
      path: '/attributes/fulfillment_availability',
      value: [{ fulfillment_channel_code: o.channelCode, quantity }],
    },
  ]
}

/** Body of patchListingsItem (ListingsItemPatchRequest [M-li]). */
export function quantityPatchRequest(
  quantity: number,
  o: PatchOptions,
): { productType: string; patches: FeedMessage['patches'] } {
  return { productType: o.productType, patches: quantityPatches(quantity, o) }
}

export function listingsFeedDocument(
  sellerId: string,
  updates: QuantityUpdate[],
  o: PatchOptions,
): ListingsFeedDocument {
  return {
    header: { sellerId, version: '2.0', issueLocale: 'en_US' },
    messages: updates.map((u, i) => ({
      messageId: i + 1,
      sku: u.sku,
      operationType: 'PATCH',
      productType: o.productType,
      patches: quantityPatches(u.quantity, o),
    })),
  }
}

function firstError(
  issues: { code?: string; message: string; severity: string; attributeName?: string; attributeNames?: string[] }[],
) {
  const e = issues.find((i) => i.severity === 'ERROR')
  if (!e) return undefined
  const field = e.attributeName ?? e.attributeNames?.[0]
  const more = issues.filter((i) => i.severity === 'ERROR').length - 1
  return {
    code: `AMAZON_${e.code ?? 'ERROR'}`,
    message: more > 0 ? `${e.message} (+${more} more)` : e.message,
    ...(field ? { field } : {}),
  }
}

export function patchOutcome(res: ListingsSubmissionResponse): SkuOutcome {
  const error = firstError(res.issues ?? [])
  if (res.status === 'ACCEPTED' || res.status === 'VALID')
    return error ? { status: 'rejected', error } : { status: 'ok' }
  return {
    status: 'rejected',
    error: error ?? { code: 'SUBMISSION_INVALID', message: `listing submission ${res.submissionId} is INVALID` },
  }
}

/**
 * Outcomes by message position (index = messageId − 1). A message with an ERROR issue is rejected;
 * an ERROR without a messageId concerns the whole feed (e.g. 4002001 "cannot be parsed") and
 * rejects every message; warnings leave a message ok. When the report says fewer messages were
 * processed than sent and a message has no issue, it cannot be known applied: retryable.
 */
export function reportOutcomes(report: ProcessingReport, messageCount: number): SkuOutcome[] {
  const byMessage = new Map<number, ProcessingReport['issues']>()
  const feedLevel: ProcessingReport['issues'] = []
  for (const issue of report.issues ?? []) {
    if (issue.messageId === undefined) feedLevel.push(issue)
    else byMessage.set(issue.messageId, [...(byMessage.get(issue.messageId) ?? []), issue])
  }
  const feedError = firstError(feedLevel)
  const allProcessed = (report.summary?.messagesProcessed ?? messageCount) >= messageCount
  return Array.from({ length: messageCount }, (_, i): SkuOutcome => {
    const error = firstError(byMessage.get(i + 1) ?? [])
    if (error) return { status: 'rejected', error }
    if (feedError) return { status: 'rejected', error: feedError }
    if (!allProcessed)
      return {
        status: 'retryable',
        error: {
          code: 'FEED_INCOMPLETE',
          message: `feed ${report.header?.feedId} processed ${report.summary?.messagesProcessed} of ${messageCount} messages`,
        },
      }
    return { status: 'ok' }
  })
}
