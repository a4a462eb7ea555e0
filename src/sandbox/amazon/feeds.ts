// Feeds 2021-06-30 and the S3 side of feed documents [facts §6]:
//   createFeedDocument → 201 {feedDocumentId, url}; url is a presigned PUT, 5 minutes, bound to the
//   contentType given (another Content-Type is 403 SignatureDoesNotMatch, as S3 does)
//   createFeed → 202 {feedId}, then asynchronously IN_QUEUE → IN_PROGRESS → DONE with a processing
//   report (validated against Amazon's report schema), or FATAL: the retired XML/flat-file listings
//   feeds end FATAL since 2025-07-31, as do feed types this sandbox does not process
//   getFeed, cancelFeed (IN_QUEUE only), getFeedDocument → {url, compressionAlgorithm: GZIP}
// JSON_LISTINGS_FEED has its own limit of 5 submissions per 5 minutes per region (429).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { Bucket, registerOperation, SpApiError, invalid, type SpApiContext } from './http.ts'
import { applySubmission } from './listings.ts'
import { documentId, type FeedRecord } from './state.ts'

export interface FeedOptions {
  /** time a feed waits IN_QUEUE */
  feedQueueMs: number
  /** time IN_PROGRESS: base plus per message */
  feedProcessingMs: number
  feedProcessingMsPerMessage: number
  /** GZIP the processing reports (getFeedDocument then says compressionAlgorithm GZIP) */
  compressReports: boolean
  /** JSON_LISTINGS_FEED submissions per 5 minutes (5 [facts §6]); scaled with the rates */
  jsonListingsFeedPer5Min: number
  rateScale: number
}

const URL_TTL_MS = 5 * 60_000

export const RETIRED_FEED_TYPES = new Set([
  'POST_PRODUCT_DATA',
  'POST_INVENTORY_AVAILABILITY_DATA',
  'POST_PRODUCT_PRICING_DATA',
  'POST_PRODUCT_OVERRIDES_DATA',
  'POST_PRODUCT_IMAGE_DATA',
  'POST_PRODUCT_RELATIONSHIP_DATA',
  'POST_FLAT_FILE_INVLOADER_DATA',
  'POST_FLAT_FILE_LISTINGS_DATA',
  'POST_FLAT_FILE_PRICEANDQUANTITYONLY_UPDATE_DATA',
  'POST_FLAT_FILE_BOOKLOADER_DATA',
  'POST_UIEE_BOOKLOADER_DATA',
])

const SIGNING_KEY = randomBytes(32)

function normalizeType(t: string | undefined): string {
  return (t ?? '').toLowerCase().replace(/\s+/g, '')
}

function sign(method: string, id: string, amzDate: string, contentType: string): string {
  return createHmac('sha256', SIGNING_KEY)
    .update(`${method}\n${id}\n${amzDate}\n${normalizeType(contentType)}`)
    .digest('hex')
}

function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

function presign(origin: string, method: 'PUT' | 'GET', id: string, contentType: string, now: number): string {
  const date = amzDate(now)
  const q = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Date': date,
    'X-Amz-Expires': String(URL_TTL_MS / 1000),
    'X-Amz-SignedHeaders': method === 'PUT' ? 'content-type;host' : 'host',
    'X-Amz-Signature': sign(method, id, date, contentType),
  })
  return `${origin}/__s3/documents/${encodeURIComponent(id)}?${q}`
}

function s3Error(reply: FastifyReply, status: number, code: string, message: string) {
  return reply
    .code(status)
    .header('content-type', 'application/xml')
    .send(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>`,
    )
}

export class FeedProcessor {
  private timers = new Set<NodeJS.Timeout>()
  private feedLimit: Bucket

  constructor(
    private readonly c: SpApiContext,
    private readonly o: FeedOptions,
  ) {
    this.feedLimit = new Bucket((o.jsonListingsFeedPer5Min / 300) * o.rateScale, o.jsonListingsFeedPer5Min, c.now)
  }

  register(app: FastifyInstance): void {
    const { c, o } = this
    const s = c.state
    registerOperation(app, c, 'createFeedDocument', (req) => {
      const id = documentId()
      s.documents.set(id, { feedDocumentId: id, contentType: req.body.contentType })
      return {
        status: 201,
        body: { feedDocumentId: id, url: presign(req.origin, 'PUT', id, req.body.contentType, c.now()) },
      }
    })
    registerOperation(app, c, 'createFeed', (req) => {
      const { feedType, marketplaceIds, inputFeedDocumentId } = req.body as {
        feedType: string
        marketplaceIds: string[]
        inputFeedDocumentId: string
      }
      if (!s.documents.has(inputFeedDocumentId))
        throw invalid(`inputFeedDocumentId ${inputFeedDocumentId} does not exist.`)
      if (feedType === 'JSON_LISTINGS_FEED' && c.throttle.enabled && !this.feedLimit.take()) {
        s.throttled['createFeed:JSON_LISTINGS_FEED'] = (s.throttled['createFeed:JSON_LISTINGS_FEED'] ?? 0) + 1
        throw new SpApiError(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.', '')
      }
      const feed: FeedRecord = {
        feedId: s.nextFeedId(),
        feedType,
        marketplaceIds,
        createdTime: new Date(c.now()).toISOString(),
        processingStatus: 'IN_QUEUE',
        inputFeedDocumentId,
      }
      s.feeds.set(feed.feedId, feed)
      this.later(o.feedQueueMs, () => this.start(feed))
      return { status: 202, body: { feedId: feed.feedId } }
    })
    registerOperation(app, c, 'getFeed', (req) => {
      const { inputFeedDocumentId: _input, ...feed } = this.feed(req.params.feedId!)
      return { status: 200, body: feed }
    })
    registerOperation(app, c, 'cancelFeed', (req) => {
      const feed = this.feed(req.params.feedId!)
      if (feed.processingStatus !== 'IN_QUEUE')
        throw invalid(`Feed ${feed.feedId} is ${feed.processingStatus}; only IN_QUEUE feeds can be cancelled.`)
      feed.processingStatus = 'CANCELLED'
      return { status: 200 }
    })
    registerOperation(app, c, 'getFeedDocument', (req) => {
      const doc = s.documents.get(req.params.feedDocumentId!)
      if (!doc) throw new SpApiError(404, 'NotFound', `Feed document ${req.params.feedDocumentId} was not found.`)
      return {
        status: 200,
        body: {
          feedDocumentId: doc.feedDocumentId,
          url: presign(req.origin, 'GET', doc.feedDocumentId, '', c.now()),
          ...(doc.compressionAlgorithm ? { compressionAlgorithm: doc.compressionAlgorithm } : {}),
        },
      }
    })
    app.register(async (s3) => {
      s3.removeAllContentTypeParsers()
      s3.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 100 * 1024 * 1024 }, (_req, body, done) =>
        done(null, body),
      )
      s3.put('/__s3/documents/:id', async (req, reply) =>
        this.s3Put(
          req.params as { id: string },
          req.query as Record<string, string>,
          req.headers['content-type'],
          req.body as Buffer,
          reply,
        ),
      )
      s3.get('/__s3/documents/:id', async (req, reply) =>
        this.s3Get(req.params as { id: string }, req.query as Record<string, string>, reply),
      )
    })
    app.addHook('onClose', async () => this.stop())
  }

  private checkUrl(
    method: string,
    id: string,
    q: Record<string, string>,
    contentType: string,
  ): [number, string, string] | undefined {
    const date = q['X-Amz-Date'] ?? ''
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date)
    const signature = Buffer.from(q['X-Amz-Signature'] ?? '', 'hex')
    const expected = Buffer.from(sign(method, id, date, contentType), 'hex')
    if (!m || signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      return [
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      ]
    }
    const issued = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)
    if (issued + Number(q['X-Amz-Expires'] ?? 0) * 1000 < this.c.now())
      return [403, 'AccessDenied', 'Request has expired']
    return undefined
  }

  private s3Put(
    p: { id: string },
    q: Record<string, string>,
    contentType: string | undefined,
    body: Buffer,
    reply: FastifyReply,
  ) {
    const doc = this.c.state.documents.get(p.id)
    const bad = this.checkUrl('PUT', p.id, q, contentType ?? '')
    if (bad || !doc)
      return s3Error(
        reply,
        ...(bad ?? ([404, 'NoSuchKey', 'The specified key does not exist.'] as [number, string, string])),
      )
    doc.bytes = body
    this.c.state.documentTransfers++
    return reply
      .code(200)
      .header('ETag', `"${randomBytes(16).toString('hex')}"`)
      .send()
  }

  private s3Get(p: { id: string }, q: Record<string, string>, reply: FastifyReply) {
    const doc = this.c.state.documents.get(p.id)
    const bad = this.checkUrl('GET', p.id, q, '')
    if (bad || !doc?.bytes)
      return s3Error(
        reply,
        ...(bad ?? ([404, 'NoSuchKey', 'The specified key does not exist.'] as [number, string, string])),
      )
    this.c.state.documentTransfers++
    return reply
      .code(200)
      .header('content-type', doc.compressionAlgorithm ? 'application/octet-stream' : 'application/json')
      .send(doc.bytes)
  }

  private feed(id: string): FeedRecord {
    const f = this.c.state.feeds.get(id)
    if (!f) throw new SpApiError(404, 'NotFound', `Feed ${id} was not found.`)
    return f
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t)
      fn()
    }, ms)
    this.timers.add(t)
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }

  private start(feed: FeedRecord): void {
    if (feed.processingStatus !== 'IN_QUEUE') return
    feed.processingStatus = 'IN_PROGRESS'
    feed.processingStartTime = new Date(this.c.now()).toISOString()
    const input = this.c.state.documents.get(feed.inputFeedDocumentId)
    const count = input?.bytes ? Math.max(0, (input.bytes.toString('utf8').match(/"messageId"/g) ?? []).length) : 0
    this.later(this.o.feedProcessingMs + count * this.o.feedProcessingMsPerMessage, () => this.finish(feed))
  }

  private finish(feed: FeedRecord): void {
    const input = this.c.state.documents.get(feed.inputFeedDocumentId)
    feed.processingEndTime = new Date(this.c.now()).toISOString()
    if (feed.feedType !== 'JSON_LISTINGS_FEED' || !input?.bytes) {
      if (!RETIRED_FEED_TYPES.has(feed.feedType)) this.c.log(`sandbox does not process ${feed.feedType}; it ends FATAL`)
      feed.processingStatus = 'FATAL'
      return
    }
    const report = this.processListingsFeed(feed, input.bytes)
    const errors = this.c.models.validateSchema('processingReport', report)
    if (errors.length > 0)
      this.c.state.violations.push({ at: feed.processingEndTime, operation: 'processingReport', status: 200, errors })
    const id = documentId()
    const json = Buffer.from(JSON.stringify(report), 'utf8')
    this.c.state.documents.set(id, {
      feedDocumentId: id,
      contentType: 'application/json',
      ...(this.o.compressReports ? { bytes: gzipSync(json), compressionAlgorithm: 'GZIP' as const } : { bytes: json }),
    })
    feed.resultFeedDocumentId = id
    feed.processingStatus = 'DONE'
  }

  /** One issue list per message; schema-invalid messages are BAD_REQUEST [GH amzn/selling-partner-api-models#4815]. */
  processListingsFeed(feed: FeedRecord, bytes: Buffer): Record<string, unknown> {
    const s = this.c.state
    const header = { sellerId: s.sellerId, version: '2.0', feedId: feed.feedId }
    const issues: Record<string, unknown>[] = []
    let doc: any
    try {
      doc = JSON.parse(bytes.toString('utf8'))
    } catch {}
    const headerErrors =
      doc && typeof doc === 'object'
        ? this.c.models.validateSchema('listingsFeed', {
            header: doc.header,
            messages: [{ messageId: 1, sku: 'x', operationType: 'DELETE' }],
          })
        : ['not JSON']
    if (
      headerErrors.length > 0 ||
      !Array.isArray(doc.messages) ||
      doc.messages.length === 0 ||
      doc.messages.length > 25_000 ||
      doc.header.sellerId !== s.sellerId
    ) {
      // what Amazon answers to a feed it cannot read [GH amzn/selling-partner-api-docs#2201]
      return {
        header,
        issues: [{ code: '4002001', severity: 'ERROR', message: "Item 'Feed' cannot be parsed." }],
        summary: { errors: 1, warnings: 0, messagesProcessed: 0, messagesAccepted: 0, messagesInvalid: 0 },
      }
    }
    const now = new Date(this.c.now()).toISOString()
    const seen = new Set<number>()
    let accepted = 0
    for (const msg of doc.messages as any[]) {
      const id = Number.isInteger(msg?.messageId) && msg.messageId >= 1 ? (msg.messageId as number) : undefined
      const sku = typeof msg?.sku === 'string' && msg.sku !== '' ? (msg.sku as string) : undefined
      const at = { ...(id !== undefined ? { messageId: id } : {}), ...(sku ? { sku } : {}) }
      const schemaErrors = this.c.models.validateSchema('listingsFeedMessage', msg)
      if (schemaErrors.length > 0 || id === undefined || seen.has(id)) {
        issues.push({
          ...at,
          code: 'BAD_REQUEST',
          severity: 'ERROR',
          message:
            id !== undefined && seen.has(id)
              ? `messageId ${id} is not unique in this feed.`
              : 'The provided payload is invalid.',
        })
        continue
      }
      seen.add(id)
      const found = feed.marketplaceIds.flatMap((marketplaceId) =>
        applySubmission(
          s,
          {
            marketplaceId,
            sku: sku!,
            productType: msg.productType,
            patches: msg.patches,
            attributes: msg.attributes,
            operationType: msg.operationType,
            via: 'feed',
            reference: feed.feedId,
          },
          now,
        ),
      )
      for (const i of found)
        issues.push({
          ...at,
          code: i.code,
          severity: i.severity,
          message: i.message,
          ...(i.attributeNames?.[0] ? { attributeName: i.attributeNames[0] } : {}),
        })
      if (!found.some((i) => i.severity === 'ERROR')) accepted++
    }
    const errors = issues.filter((i) => i.severity === 'ERROR').length
    return {
      header,
      issues,
      summary: {
        errors,
        warnings: issues.length - errors,
        messagesProcessed: doc.messages.length,
        messagesAccepted: accepted,
        messagesInvalid: doc.messages.length - accepted,
      },
    }
  }
}
