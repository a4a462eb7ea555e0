// The bulk road: one JSON_LISTINGS_FEED per marketplace through Feeds 2021-06-30 [facts §6]:
//   createFeedDocument → PUT the document to the presigned URL (same Content-Type) → createFeed →
//   poll getFeed with backoff until DONE / FATAL / CANCELLED → getFeedDocument → download the
//   processing report (maybe GZIP) → one outcome per message, hence per SKU.
// A feed may hold up to 25,000 messages; bigger batches go as several feeds. FATAL means "some,
// none or all operations may have been applied": SKUs without an error are then retryable
// (quantities are absolute, so sending them again is safe), as is a feed still running at timeout.
import { setTimeout as sleep } from 'node:timers/promises'
import { CrossdockError } from '../../errors.ts'
import {
  listingsFeedDocument,
  reportOutcomes,
  type ProcessingReport,
  type QuantityUpdate,
  type SkuOutcome,
} from '../../mappers/amazon/index.ts'
import { outcomeOfError, type AmazonContext, type SpApi } from './client.ts'
import { JSON_LISTINGS_FEED_BUCKET } from './limits.ts'
import type { Marketplace } from './marketplaces.ts'

export const MAX_FEED_MESSAGES = 25_000
export const FEED_CONTENT_TYPE = 'application/json; charset=UTF-8'
/** A processing report lists issues only: 25,000 messages with an issue each stay far under this. */
export const REPORT_MAX_BYTES = 64 * 1024 * 1024

interface Feed {
  feedId: string
  processingStatus: 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED'
  resultFeedDocumentId?: string
}

const all = (n: number, o: SkuOutcome): SkuOutcome[] => Array.from({ length: n }, () => o)

export async function pushByFeed(
  ctx: AmazonContext,
  api: SpApi,
  mp: Marketplace,
  updates: QuantityUpdate[],
): Promise<SkuOutcome[]> {
  const out: SkuOutcome[] = []
  for (let i = 0; i < updates.length; i += MAX_FEED_MESSAGES) {
    const chunk = updates.slice(i, i + MAX_FEED_MESSAGES)
    try {
      out.push(...(await submitFeed(ctx, api, mp, chunk)))
    } catch (err) {
      out.push(...all(chunk.length, outcomeOfError(err)))
    }
  }
  return out
}

async function submitFeed(
  ctx: AmazonContext,
  api: SpApi,
  mp: Marketplace,
  updates: QuantityUpdate[],
): Promise<SkuOutcome[]> {
  const s = api.settings
  const signal = ctx.signal ? { signal: ctx.signal } : {}
  const doc = listingsFeedDocument(s.sellerId, updates, {
    productType: s.productType,
    channelCode: s.fulfillmentChannelCode,
  })
  const created = await api.call<{ feedDocumentId: string; url: string }>(mp.region, 'createFeedDocument', {
    method: 'POST',
    url: '/feeds/2021-06-30/documents',
    data: { contentType: FEED_CONTENT_TYPE },
    ...signal,
  })
  await api.upload(created.url, FEED_CONTENT_TYPE, Buffer.from(JSON.stringify(doc), 'utf8'))
  await api.reserve(mp.region, JSON_LISTINGS_FEED_BUCKET)
  const { feedId } = await api.call<{ feedId: string }>(mp.region, 'createFeed', {
    method: 'POST',
    url: '/feeds/2021-06-30/feeds',
    data: { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [mp.id], inputFeedDocumentId: created.feedDocumentId },
    ...signal,
  })
  ctx.log.info({ feedId, marketplaceId: mp.id, messages: updates.length }, 'amazon listings feed submitted')
  const feed = await waitForFeed(ctx, api, mp, feedId)
  if (!feed) {
    return all(updates.length, {
      status: 'retryable',
      error: { code: 'FEED_PENDING', message: `feed ${feedId} still processing after ${s.feedTimeoutMs} ms` },
    })
  }
  if (feed.processingStatus === 'CANCELLED' || !feed.resultFeedDocumentId) {
    return all(updates.length, {
      status: 'retryable',
      error: {
        code: feed.processingStatus === 'CANCELLED' ? 'FEED_CANCELLED' : 'FEED_INCOMPLETE',
        message: `feed ${feedId} ended ${feed.processingStatus} without a report`,
      },
    })
  }
  const report = await readReport(ctx, api, mp, feed.resultFeedDocumentId)
  const outcomes = reportOutcomes(report, updates.length)
  if (feed.processingStatus === 'FATAL') {
    return outcomes.map((o) =>
      o.status === 'ok'
        ? { status: 'retryable', error: { code: 'FEED_FATAL', message: `feed ${feedId} ended FATAL` } }
        : o,
    )
  }
  return outcomes
}

async function waitForFeed(ctx: AmazonContext, api: SpApi, mp: Marketplace, feedId: string): Promise<Feed | undefined> {
  const s = api.settings
  const deadline = Date.now() + s.feedTimeoutMs
  let delay = s.feedPollMinMs
  for (;;) {
    if (Date.now() + delay > deadline) return undefined
    await sleep(delay, undefined, ctx.signal ? { signal: ctx.signal } : undefined)
    let feed: Feed
    try {
      feed = await api.call<Feed>(mp.region, 'getFeed', {
        method: 'GET',
        url: `/feeds/2021-06-30/feeds/${encodeURIComponent(feedId)}`,
      })
    } catch (err) {
      // the feed was accepted: a throttled (or briefly failing) poll says nothing about it, so keep
      // polling until the deadline instead of calling the feed failed and sending it all again
      if (!(err instanceof CrossdockError) || !err.retryable) throw err
      ctx.log.info({ feedId, code: err.code }, 'amazon getFeed poll refused; polling again')
      // no sooner than the limit said there is room again
      delay = Math.max(Math.min(delay * 2, s.feedPollMaxMs), (err.retryAfterSeconds ?? 0) * 1000)
      continue
    }
    if (feed.processingStatus === 'DONE' || feed.processingStatus === 'FATAL' || feed.processingStatus === 'CANCELLED')
      return feed
    delay = Math.min(Math.round(delay * 1.5), s.feedPollMaxMs)
  }
}

async function readReport(
  ctx: AmazonContext,
  api: SpApi,
  mp: Marketplace,
  documentId: string,
): Promise<ProcessingReport> {
  const doc = await api.call<{ feedDocumentId: string; url: string; compressionAlgorithm?: string }>(
    mp.region,
    'getFeedDocument',
    {
      method: 'GET',
      url: `/feeds/2021-06-30/documents/${encodeURIComponent(documentId)}`,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
  )
  const bytes = await api.download(doc.url, doc.compressionAlgorithm, REPORT_MAX_BYTES)
  let report: ProcessingReport
  try {
    report = JSON.parse(bytes.toString('utf8')) as ProcessingReport
  } catch {
    throw new CrossdockError('CONNECTOR_BAD_RESPONSE', `processing report ${documentId} is not JSON`, {
      retryable: true,
    })
  }
  if (!report || !Array.isArray(report.issues) || typeof report.summary !== 'object') {
    throw new CrossdockError('CONNECTOR_BAD_RESPONSE', `processing report ${documentId} has no issues/summary`, {
      retryable: true,
    })
  }
  return report
}
