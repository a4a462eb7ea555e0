// A minimal connector for testing the hub's generic paths (webhook intake, processing, jobs)
// without any real channel: HMAC-signed JSON webhooks that carry products or a status change.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { Type } from 'typebox'
import type { Connector } from '../../src/connectors/types.ts'
import { CrossdockError } from '../../src/errors.ts'

export function toySign(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex')
}

export const toyConnector: Connector<{ baseUrl?: string }, { secret: string }> = {
  description: {
    kind: 'toy',
    title: 'Toy (tests only)',
    configSchema: Type.Object({ baseUrl: Type.Optional(Type.String()) }),
    credentialsSchema: Type.Object({ secret: Type.String() }),
    capabilities: { catalog: 'pull' },
    batchSizes: {},
    http: {
      baseUrl: (s: { baseUrl?: string }) => s.baseUrl ?? 'http://127.0.0.1:9',
      limits: () => ({ buckets: { default: { capacity: 10, refillPerSecond: 10 } } }),
    },
  },
  async testConnection() {
    return { ok: true, message: 'toy is always fine' }
  },
  // a pull that reaches nothing remote: one empty page, so schedules and runs can be observed
  async *pull(_ctx, stream, cursor) {
    yield { items: [], nextCursor: `${stream}:${Number(cursor?.split(':')[1] ?? 0) + 1}` }
  },
  webhooks: {
    verify(req, conn) {
      const given = req.headers['x-toy-signature'] ?? ''
      const want = toySign(conn.credentials.secret, req.rawBody)
      const a = Buffer.from(given),
        b = Buffer.from(want)
      if (a.length !== b.length || !timingSafeEqual(a, b)) throw new CrossdockError('WEBHOOK_SIGNATURE_INVALID')
    },
    parse(req) {
      let body: { id?: string; topic?: string; data?: unknown }
      try {
        body = JSON.parse(req.rawBody.toString('utf8'))
      } catch {
        throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'body is not JSON')
      }
      if (!body.id || !body.topic) throw new CrossdockError('WEBHOOK_PAYLOAD_INVALID', 'id and topic are required')
      return [{ eventId: body.id, topic: body.topic, payload: body.data ?? null }]
    },
    async process(_ctx, event) {
      if (event.topic === 'uninstalled') return [{ kind: 'connection_status', status: 'disconnected' }]
      if (event.topic === 'product') {
        const p = event.payload as { handle: string; sku: string; title: string }
        return [
          {
            kind: 'records',
            items: [
              {
                externalId: p.handle,
                raw: p,
                records: [
                  {
                    type: 'product',
                    value: {
                      handle: p.handle,
                      title: { 'en-US': p.title },
                      status: 'active',
                      variants: [{ sku: p.sku }],
                    },
                  },
                ],
                bindings: [{ entity: 'variant', canonicalKey: p.sku, externalId: `toy-${p.sku}`, externalSku: p.sku }],
              },
            ],
          },
        ]
      }
      if (event.topic === 'boom') throw new Error('toy processing failed')
      return [{ kind: 'ignored', reason: `topic ${event.topic}` }]
    },
  },
}
