// A stand-in for the hub's generic webhook intake (src/server/webhooks.ts) without a database:
// raw body → connector verify → parse → inbox unique by event id → 202 with a receipt id. Lets the
// ERP connector be tested over real HTTP against the sandbox; the inbox shows what was stored.
import Fastify from 'fastify'
import { randomUUID } from 'node:crypto'
import type { Connector, InboundEvent, RawWebhook } from '../../../src/connectors/types.ts'
import { CrossdockError } from '../../../src/errors.ts'

export interface TestIntake {
  url: string
  inbox: Map<string, InboundEvent & { receiptId: string }>
  refused: { status: number; code: string; message: string }[]
  close(): Promise<void>
}

export async function startIntake(
  connector: Connector,
  conn: { settings: unknown; credentials: unknown },
  bodyLimit = 25 * 1024 * 1024,
): Promise<TestIntake> {
  const inbox = new Map<string, InboundEvent & { receiptId: string }>()
  const refused: TestIntake['refused'] = []
  const app = Fastify({ bodyLimit })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
  app.setErrorHandler((err, _req, reply) => {
    const e = err instanceof CrossdockError ? err : undefined
    const status = e?.status ?? (err as { statusCode?: number }).statusCode ?? 500
    const code = e?.code ?? (status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL')
    refused.push({ status, code, message: err instanceof Error ? err.message : String(err) })
    void reply.code(status).send({ code, message: err instanceof Error ? err.message : String(err) })
  })
  app.post('/webhooks/erp/:connectionId', async (req, reply) => {
    const headers: Record<string, string | undefined> = {}
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
    const raw: RawWebhook = {
      headers,
      rawBody: req.body as Buffer,
      contentType: String(req.headers['content-type'] ?? ''),
      receivedAt: new Date(),
    }
    const spec = connector.webhooks!
    spec.verify(raw, conn as never)
    const events = spec.parse(raw, conn as never)
    const receipts = events.map((e) => {
      const existing = inbox.get(e.eventId)
      if (existing) return { id: existing.receiptId, duplicate: true }
      const receiptId = randomUUID()
      inbox.set(e.eventId, { ...e, receiptId })
      return { id: receiptId, duplicate: false }
    })
    void reply.code(spec.ackStatus ?? 200)
    return {
      accepted: events.length,
      duplicates: receipts.filter((r) => r.duplicate).length,
      receiptId: receipts[0]?.id,
    }
  })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { url, inbox, refused, close: () => app.close() }
}
