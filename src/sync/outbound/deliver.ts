// Sending one delivery: load it (for the job's tenant only), open the subscription's secret,
// sign, POST, and append the attempt (time, HTTP status, duration, error) to the delivery row.
// A non-2xx answer or a network error throws, so pg-boss retries with backoff; the last failed
// attempt marks the delivery failed (and pg-boss moves the job to the dead letter queue).
// The secret is opened in memory for the signature only: it is never logged nor stored in clear.
import axios from 'axios'
import type { JobWithMetadata } from 'pg-boss'
import { CrossdockError } from '../../errors.ts'
import { appendAttempt, deliveryToSend, type Attempt, type DeliveryToSend } from '../../db/event-deliveries.ts'
import type { HubServices } from '../../services.ts'
import type { DeliveryJob } from './events.ts'
import { signatureHeader } from './signature.ts'

export const DELIVERY_TIMEOUT_MS = 10_000
const USER_AGENT = 'crossdock-events/1'

export type { Attempt }

/** The body a subscriber receives: the same bytes on every attempt, so it can dedupe by id. */
export function deliveryBody(d: { id: string; event: string; created_at: Date | string; payload: unknown }): string {
  const createdAt = d.created_at instanceof Date ? d.created_at.toISOString() : new Date(d.created_at).toISOString()
  return JSON.stringify({ id: d.id, event: d.event, createdAt, data: d.payload })
}

async function recordAttempt(
  hub: HubServices,
  d: DeliveryToSend,
  attempt: Attempt,
  status: 'pending' | 'delivered' | 'failed',
): Promise<void> {
  await appendAttempt(hub.db, d.tenant_id, d.id, attempt, status)
}

function networkError(err: unknown): { code: 'CONNECTOR_TIMEOUT' | 'CONNECTOR_NETWORK'; message: string } {
  const e = err as { code?: string; message?: string }
  const timeout = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT'
  return {
    code: timeout ? 'CONNECTOR_TIMEOUT' : 'CONNECTOR_NETWORK',
    message: timeout
      ? `no answer within ${DELIVERY_TIMEOUT_MS} ms`
      : `${e.code ?? 'network error'}: ${e.message ?? ''}`.slice(0, 300),
  }
}

export async function deliverEvent(hub: HubServices, job: JobWithMetadata<DeliveryJob>): Promise<void> {
  const { tenantId, deliveryId } = job.data
  // the job's tenant must own the delivery: a forged or stale job sends nothing
  const d = await deliveryToSend(hub.db, tenantId, deliveryId)
  if (!d) {
    hub.log.warn(
      { deliveryId, tenantId },
      'event delivery not found for its tenant (subscription deleted?); nothing sent',
    )
    return
  }
  // a job that runs twice (expiry after a slow success, a crash after commit) sends once
  if (d.status === 'delivered' && !job.data.redeliver) return
  const at = new Date().toISOString()
  if (!d.enabled) {
    await recordAttempt(hub, d, { at, status: null, ms: 0, error: 'subscription disabled; not sent' }, 'failed')
    return
  }
  let secret: string
  try {
    secret = hub.box.open<string>(d.secret_enc, d.subscription_id)
  } catch (err) {
    // retrying cannot help: the key changed or the envelope was copied from another row
    await recordAttempt(
      hub,
      d,
      {
        at,
        status: null,
        ms: 0,
        error: `the subscription secret cannot be opened (${(err as CrossdockError).code ?? 'error'})`,
      },
      'failed',
    )
    return
  }
  const body = deliveryBody(d)
  const timestamp = Math.floor(Date.now() / 1000)
  const started = performance.now()
  let status: number | null = null
  let failure: CrossdockError | undefined
  try {
    const res = await axios.post(d.url, body, {
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'x-crossdock-event': d.event,
        'x-crossdock-delivery': d.id,
        'x-crossdock-timestamp': String(timestamp),
        'x-crossdock-signature': signatureHeader(secret, timestamp, body),
      },
      timeout: DELIVERY_TIMEOUT_MS,
      maxRedirects: 0,
      validateStatus: () => true,
      proxy: false,
      responseType: 'text',
      transformResponse: [(x: unknown) => x],
      maxContentLength: 64 * 1024,
    })
    status = res.status
    if (status < 200 || status >= 300)
      failure = new CrossdockError('CONNECTOR_UNAVAILABLE', `subscriber answered HTTP ${status}`)
  } catch (err) {
    const n = networkError(err)
    failure = new CrossdockError(n.code, `subscriber not reached: ${n.message}`)
  }
  const ms = Math.round(performance.now() - started)
  if (!failure) {
    await recordAttempt(hub, d, { at, status, ms, error: null }, 'delivered')
    return
  }
  const last = job.retryCount >= job.retryLimit
  await recordAttempt(hub, d, { at, status, ms, error: failure.message }, last ? 'failed' : 'pending')
  throw failure
}
