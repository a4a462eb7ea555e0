// The first full catalog import through a bulk operation: bulkOperationRunQuery, poll until it
// completes, then stream the JSONL result line by line (memory stays flat: one page of products
// at a time). groupObjects:true puts each product's variants (lines with __parentId) right after
// it; without grouping Shopify promises no order, and a product could not be emitted before the
// whole file was read. The file lives on a storage host: it is fetched without the shop token.
import { setTimeout as sleep } from 'node:timers/promises'
import { CrossdockError } from '../../errors.ts'
import type { GqlProduct, GqlVariant, MapContext } from '../../mappers/shopify/index.ts'
import type { Page, PulledItem } from '../types.ts'
import type { ShopifyContext, ShopifyGraphql } from './client.ts'
import { BULK_CATALOG_QUERY, BULK_POLL, BULK_RUN } from './documents.ts'
import { encodeCursor } from './paging.ts'
import { productItem } from './items.ts'

export const BULK_PAGE_SIZE = 250

interface BulkOperation {
  id: string
  status: string
  errorCode: string | null
  objectCount: string
  url: string | null
  partialDataUrl: string | null
}

export async function runBulkQuery(ctx: ShopifyContext, client: ShopifyGraphql, query: string): Promise<BulkOperation> {
  const { data } = await client.call<{
    bulkOperationRunQuery: {
      bulkOperation: { id: string; status: string } | null
      userErrors: { field: string[] | null; message: string; code: string | null }[]
    }
  }>('bulkOperationRunQuery', BULK_RUN, { query }, { estimate: 10 })
  const r = data.bulkOperationRunQuery
  if (!r.bulkOperation) {
    const busy = r.userErrors.some((e) => e.code === 'OPERATION_IN_PROGRESS')
    throw new CrossdockError(
      busy ? 'CONNECTOR_CONFLICT' : 'CONNECTOR_REJECTED',
      `Shopify refused the bulk query: ${r.userErrors.map((e) => e.message).join('; ')}`,
      {
        details: { userErrors: r.userErrors },
        ...(busy ? { retryable: true, retryAfterSeconds: 30 } : {}),
      },
    )
  }
  let wait = 200
  for (;;) {
    const { data: polled } = await client.call<{ node: BulkOperation | null }>(
      'bulkOperationPoll',
      BULK_POLL,
      { id: r.bulkOperation.id },
      { estimate: 1 },
    )
    const op = polled.node
    if (!op) throw new CrossdockError('CONNECTOR_BAD_RESPONSE', `bulk operation ${r.bulkOperation.id} vanished`)
    if (op.status === 'COMPLETED') return op
    if (op.status === 'FAILED' || op.status === 'CANCELED' || op.status === 'EXPIRED') {
      throw new CrossdockError(
        'CONNECTOR_UNAVAILABLE',
        `bulk operation ${op.id} ended ${op.status}${op.errorCode ? ` (${op.errorCode})` : ''}`,
        { details: { operation: op } },
      )
    }
    await sleep(wait, undefined, ctx.signal ? { signal: ctx.signal } : undefined)
    wait = Math.min(5_000, Math.round(wait * 1.5))
  }
}

/**
 * Lines of a JSONL file, streamed under the runtime's stream caps. The file is on a storage host,
 * not the shop: the runtime sends it no token (credentials go to the API's origin only).
 */
export async function* jsonLines(
  client: ShopifyGraphql,
  url: string,
  signal?: AbortSignal,
): AsyncGenerator<Record<string, unknown>> {
  const lines = client.http.lines({
    method: 'GET',
    url,
    bucket: 'download',
    timeout: 120_000,
    ...(signal ? { signal } : {}),
  })
  for await (const line of lines) {
    if (line.trim()) yield JSON.parse(line) as Record<string, unknown>
  }
}

type ProductLine = Omit<GqlProduct, 'variants'> & { __parentId?: string }

export async function* bulkCatalog(ctx: ShopifyContext, client: ShopifyGraphql, m: MapContext): AsyncGenerator<Page> {
  const startedAt = ctx.now().toISOString()
  const op = await runBulkQuery(ctx, client, BULK_CATALOG_QUERY)
  const finalCursor = encodeCursor({ since: startedAt })
  if (!op.url) {
    yield { items: [], nextCursor: finalCursor }
    return
  }
  let current: { product: ProductLine; variants: GqlVariant[] } | null = null
  let page: PulledItem[] = []
  const flush = () => {
    if (current) page.push(productItem({ ...current.product, variants: current.variants }, m))
    current = null
  }
  for await (const line of jsonLines(client, op.url, ctx.signal)) {
    const parentId = line.__parentId as string | undefined
    if (!parentId) {
      flush()
      current = { product: line as unknown as ProductLine, variants: [] }
      if (page.length >= BULK_PAGE_SIZE) {
        yield { items: page, nextCursor: null }
        page = []
      }
      continue
    }
    if (!current || (current as { product: ProductLine }).product.id !== parentId) {
      throw new CrossdockError(
        'CONNECTOR_BAD_RESPONSE',
        `bulk result is not grouped: variant ${String(line.id)} came after a different product than ${parentId}`,
        { details: { operation: op.id } },
      )
    }
    const { __parentId: _p, ...variant } = line
    ;(current as { variants: GqlVariant[] }).variants.push(variant as unknown as GqlVariant)
  }
  flush()
  yield { items: page, nextCursor: finalCursor }
}
