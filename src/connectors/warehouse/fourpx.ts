// 4PX (递四方) FOP adapter: every call is POST {host}/router/api/service?app_key&method&v&
// timestamp&format&sign with a JSON body, signed md5(app_key K format F method M timestamp T v V
// + body + appSecret) in lowercase hex; answers are HTTP 200 envelopes {result "1"|"0", msg,
// errors[{error_code,error_msg}], data}. No webhooks: statuses and shipments are polled. Facts:
// /work/shared/specs/erp-3pl.md §A3 (FOP SDK FopClient.postFop, CommonArgs, fulfillment/*).
import { createHash } from 'node:crypto'
import { CrossdockError } from '../../errors.ts'
import {
  fourPxFacilityItem,
  fourPxInventoryItems,
  fourPxShipmentItem,
  fourPxStatusItem,
  toFourPxOutbound,
  type FpxInventoryRow,
  type FpxOutbound,
  type FpxWarehouse,
} from '../../mappers/warehouse/fourpx.ts'
import type { RequestOptions } from '../http/client.ts'
import type { RecordError } from '../types.ts'
import type { AdapterCall, CancelOutcome, CreateOrderOutcome, TimedPage, WarehouseAdapter } from './adapter.ts'
import { requireCredential, type WarehouseConn } from './settings.ts'

const PATH = '/router/api/service'
const LIST_PAGE = 100 // outbound getlist allows 500; inventory pages kept modest
const WINDOW_MS = 30 * 86_400_000 // list filters take at most a 30-day range
const MAX_PAGES = 10_000

interface Envelope<T> {
  result?: string
  msg?: string
  errors?: { error_code?: string; error_msg?: string; error_data?: unknown; referenceCode?: string }[] | null
  data?: T
}

interface FpxPage<T> {
  page_no?: number
  page_size?: number
  total?: number
  data?: T[] | null
}

/** The FOP signature: sorted key+value pairs with no separators, then the raw body, then the secret. */
export function fourPxSign(
  p: { app_key: string; format: string; method: string; timestamp: string | number; v: string },
  body: string,
  appSecret: string,
): string {
  const text = `app_key${p.app_key}format${p.format}method${p.method}timestamp${p.timestamp}v${p.v}${body}${appSecret}`
  return createHash('md5').update(text, 'utf8').digest('hex')
}

function signRequest(conn: WarehouseConn) {
  const appKey = requireCredential(conn, 'appKey')
  const secret = requireCredential(conn, 'appSecret')
  const v = conn.settings.apiVersion ?? '1.0.0'
  return (config: RequestOptions) => {
    const params = (config.params ?? {}) as Record<string, string | number>
    const body = typeof config.data === 'string' ? config.data : JSON.stringify(config.data ?? {})
    config.data = body
    // a fresh timestamp per attempt: a retried call is signed again
    const common = { app_key: appKey, format: 'json', method: String(params.method), timestamp: Date.now(), v }
    config.params = { ...common, language: 'en', sign: fourPxSign(common, body, secret) }
  }
}

function errorsOf(env: Envelope<unknown>): RecordError[] {
  const list = (env.errors ?? []).map((e): RecordError => ({
    code: 'CONNECTOR_REJECTED',
    ...(e.error_code ? { remoteCode: `4PX_${e.error_code}` } : {}),
    message: e.error_msg ?? env.msg ?? 'refused',
  }))
  return list.length ? list : [{ code: 'CONNECTOR_REJECTED', message: env.msg ?? 'refused' }]
}

/** One FOP call; a result other than "1" is a refusal of this request (HTTP says 200 either way). */
async function fop<T>(c: AdapterCall, method: string, body: unknown): Promise<T> {
  const res = await c.http.post<Envelope<T>>(PATH, JSON.stringify(body ?? {}), { params: { method } })
  const env = res.data
  if (env?.result === '1') return env.data as T
  const errors = errorsOf(env ?? {})
  const text = errors.map((e) => e.message).join('; ')
  // 4PX answers a bad key or signature inside the same envelope; its codes for it are not in
  // the stored sources [UNVERIFIED], so the wording decides: the connection is at fault, not the record
  if (/\b(sign|signature)\b|签名|\bapp_?key\b|\baccess_token\b|unauthori[sz]ed/i.test(text)) {
    throw new CrossdockError('CONNECTOR_AUTH_FAILED', `4PX refused the app key or signature: ${text}`, {
      details: { method, errors },
    })
  }
  throw new CrossdockError('CONNECTOR_REJECTED', `4PX ${method}: ${text}`, { details: { method, errors } })
}

function refusal(err: unknown): RecordError[] | undefined {
  if (!(err instanceof CrossdockError) || err.code !== 'CONNECTOR_REJECTED') return undefined
  const e = err.details?.errors
  return Array.isArray(e) ? (e as RecordError[]) : [{ code: 'CONNECTOR_REJECTED', message: err.message }]
}

/** 4PX's duplicate-ref_no wording is not in the stored sources [UNVERIFIED]: recognise it by meaning. */
function isDuplicateRef(errors: RecordError[]): boolean {
  return errors.some(
    (e) => /(ref_no|reference|参考号)/i.test(e.message) && /(exist|duplicate|already|重复|已存在)/i.test(e.message),
  )
}

async function* pages<T>(c: AdapterCall, method: string, query: Record<string, unknown>): AsyncIterable<T[]> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const data = await fop<FpxPage<T>>(c, method, { ...query, page_no: page, page_size: LIST_PAGE })
    const rows = data?.data ?? []
    yield rows
    if (rows.length < LIST_PAGE || page * LIST_PAGE >= Number(data?.total ?? 0)) return
  }
}

/** [from, to] cut into the ≤30-day windows the list filters accept. */
function windows(from: number, to: number): [number, number][] {
  const out: [number, number][] = []
  for (let start = from; start < to; start += WINDOW_MS) out.push([start, Math.min(to, start + WINDOW_MS)])
  return out
}

function newest(list: FpxOutbound[], pick: (o: FpxOutbound) => number | null | undefined): string | null {
  const t = Math.max(0, ...list.map((o) => pick(o) ?? 0))
  return t > 0 ? new Date(t).toISOString() : null
}

async function byFilter(c: AdapterCall, filter: Record<string, string>): Promise<FpxOutbound | undefined> {
  const now = c.now().getTime()
  // create_time defaults to "today" on 4PX: give a range so an older order is found too
  const data = await fop<FpxPage<FpxOutbound>>(c, 'fu.wms.outbound.getlist', {
    ...filter,
    create_time_start: now - WINDOW_MS,
    create_time_end: now,
    page_no: 1,
    page_size: 10,
  })
  return (data?.data ?? [])[0]
}

export const fourPxAdapter: WarehouseAdapter = {
  provider: '4px',
  title: '4PX',
  defaultBaseUrl: 'https://open.4px.com',
  defaultApiVersion: '1.0.0',
  // no published limit in the stored sources [UNVERIFIED]: 5 calls per second, a burst of 5
  limits: { buckets: { default: { capacity: 5, refillPerSecond: 5 } } },

  httpOptions(conn) {
    return { headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, authorize: signRequest(conn) }
  },

  async testConnection(c) {
    try {
      const list = await fop<FpxWarehouse[]>(c, 'com.basis.warehouse.getlist', { service_code: 'F' })
      const remote = new Set((list ?? []).map((w) => w.warehouse_code))
      const unknown = Object.keys(c.facilities).filter((code) => !remote.has(code))
      return unknown.length === 0
        ? {
            ok: true,
            message: `connected to 4PX: ${remote.size} fulfilment warehouses, ${Object.keys(c.facilities).length} mapped`,
          }
        : {
            ok: false,
            message: `connected to 4PX, but warehouses ${unknown.join(', ')} in the facility map are not offered to this account`,
            details: { unknown },
          }
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) }
    }
  },

  async *facilities(c) {
    const list = await fop<FpxWarehouse[]>(c, 'com.basis.warehouse.getlist', { service_code: 'F' })
    yield (list ?? []).map((w) => fourPxFacilityItem(w, c.facilities))
  },

  async *inventory(c) {
    const asOf = c.now().toISOString()
    for await (const rows of pages<FpxInventoryRow>(c, 'fu.wms.inventory.get', {}))
      yield fourPxInventoryItems(rows, c.facilities, asOf)
  },

  async *shipments(c, since): AsyncIterable<TimedPage> {
    for (const [from, to] of windows(Date.parse(since), c.now().getTime())) {
      for await (const list of pages<FpxOutbound>(c, 'fu.wms.outbound.getlist', {
        status: 'C',
        complete_time_start: from,
        complete_time_end: to,
      })) {
        yield {
          items: list.flatMap((o) => fourPxShipmentItem(o) ?? []),
          watermark: newest(list, (o) => o.complete_time),
        }
      }
    }
  },

  async *orderStatuses(c, since): AsyncIterable<TimedPage> {
    // the list filters by creation, not by change: look at everything created in the last 30 days
    // before the cursor as well, where status changes still happen
    const now = c.now().getTime()
    for (const [from, to] of windows(Math.min(Date.parse(since), now) - WINDOW_MS, now)) {
      for await (const list of pages<FpxOutbound>(c, 'fu.wms.outbound.getlist', {
        create_time_start: from,
        create_time_end: to,
      })) {
        yield { items: list.map(fourPxStatusItem), watermark: newest(list, (o) => o.update_time ?? o.create_time) }
      }
    }
  },

  async createOrder(c, item): Promise<CreateOrderOutcome> {
    const mapped = toFourPxOutbound(item, {
      ...(c.settings.shippingMethod ? { logisticsProductCode: c.settings.shippingMethod } : {}),
      facilities: c.facilities,
    })
    if (!mapped.ok) return { kind: 'invalid', errors: mapped.errors }
    try {
      const data = await fop<{ consignment_no?: string }>(c, 'fu.wms.outbound.create', mapped.body)
      if (!data?.consignment_no)
        throw new CrossdockError(
          'CONNECTOR_BAD_RESPONSE',
          '4PX accepted the outbound order but returned no consignment_no',
        )
      return { kind: 'created', externalId: data.consignment_no }
    } catch (err) {
      const errors = refusal(err)
      if (!errors) throw err
      return isDuplicateRef(errors)
        ? { kind: 'duplicate', message: errors.map((e) => e.message).join('; ') }
        : { kind: 'invalid', errors }
    }
  },

  async findOrderByReference(c, reference) {
    const o = await byFilter(c, { ref_no: reference })
    return o && o.ref_no === reference
      ? { externalId: o.consignment_no, ...(o.status ? { remoteStatus: o.status } : {}) }
      : null
  },

  async cancelOrder(c, externalId, reason): Promise<CancelOutcome> {
    let why: string
    try {
      // cancel_type BC = buyer cancelled; OT (other) carries a free remark [FOP OutboundCancel]
      const body = reason
        ? { consignment_no: externalId, cancel_type: 'OT', cancel_remark: reason }
        : { consignment_no: externalId, cancel_type: 'BC' }
      const data = await fop<{ status?: string }>(c, 'fu.wms.outbound.cancel', body)
      if (!data?.status || data.status === 'X') return { kind: 'cancelled' }
      why = `4PX left the consignment in status ${data.status}`
    } catch (err) {
      const errors = refusal(err)
      if (!errors) throw err
      why = errors.map((e) => e.message).join('; ')
    }
    const o = await byFilter(c, { consignment_no: externalId })
    if (!o) return { kind: 'not_found', message: `4PX has no consignment ${externalId}` }
    if (o.status === 'X' || o.status === 'D') return { kind: 'cancelled' }
    if (o.status === 'C')
      return {
        kind: 'shipped',
        message: `consignment ${externalId} has already shipped and cannot be cancelled (${why})`,
      }
    return { kind: 'refused', message: why }
  },
}
