// A small stand-in for 4PX's FOP router, for the adapter tests only (the product sandbox speaks
// ShipBob). It checks every call's signature the way FOP documents it and answers in FOP's
// envelope. Wording of its refusals is invented where the stored sources give none.
import { createHash, randomInt } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'

// FOP's shapes as the 4PX open platform documents them (specs/erp-3pl.md A3, from the FOP Java
// SDK's Outbound, Inventory and OutboundCreate classes), written here rather than taken from the
// adapter's mapper: the fake must be able to disagree with it.
type FpxStatus = 'N' | 'S' | 'P' | 'C' | 'X' | 'D' | 'E'

interface FpxOutboundCreate {
  ref_no: string
  from_warehouse_code: string
  consignment_type: string
  logistics_service_info: { logistics_product_code: string }
  oconsignment_desc: { country: string; street?: string; first_name?: string; phone?: string }
  oconsignment_sku: { sku_code: string; qty: number; stock_quality?: string }[]
}

export interface FpxOutbound {
  consignment_no: string
  ref_no?: string | null
  '4px_tracking_no'?: string | null
  shipping_no?: string | null
  carrier_code?: string | null
  logistics_product_code?: string | null
  from_warehouse_code?: string | null
  status?: FpxStatus
  /** epoch milliseconds */
  create_time?: number | null
  update_time?: number | null
  complete_time?: number | null
  outboundlist_sku?: { sku_code: string; qty: number; stock_quality?: string }[] | null
}

export interface FpxInventoryRow {
  warehouse_code: string
  sku_code: string
  batch_no?: string | null
  available_stock?: number | null
  pending_stock?: number | null
  onway_stock?: number | null
  stock_quality?: string | null
}

interface FpxWarehouse {
  warehouse_code: string
  warehouse_name_cn?: string | null
  warehouse_name_en?: string | null
  country?: string | null
  service_code?: string | null
}

export const APP_KEY = 'fpx-app-key'
export const APP_SECRET = 'fpx-app-secret'

export interface FourPxFake {
  app: FastifyInstance
  url: string
  outbounds: FpxOutbound[]
  inventory: FpxInventoryRow[]
  calls: { method: string; signed: boolean }[]
  ship(consignmentNo: string, at?: number): FpxOutbound
  close(): Promise<void>
}

export const FPX_WAREHOUSES: FpxWarehouse[] = [
  {
    warehouse_code: 'USLAX01',
    warehouse_name_en: 'Los Angeles Warehouse',
    warehouse_name_cn: '洛杉矶仓',
    country: 'US',
    service_code: 'F',
  },
  {
    warehouse_code: 'DEFRA01',
    warehouse_name_en: 'Frankfurt Warehouse',
    warehouse_name_cn: '法兰克福仓',
    country: 'DE',
    service_code: 'F',
  },
  {
    warehouse_code: 'JPTYO01',
    warehouse_name_en: 'Tokyo Warehouse',
    warehouse_name_cn: '东京仓',
    country: 'JP',
    service_code: 'F',
  },
]

function md5(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex')
}

export async function startFourPxFake(): Promise<FourPxFake> {
  const app = Fastify()
  const outbounds: FpxOutbound[] = []
  const inventory: FpxInventoryRow[] = []
  const calls: { method: string; signed: boolean }[] = []
  let seq = 1
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body))

  const ok = (data: unknown) => ({ result: '1', msg: 'success', errors: [], data })
  const fail = (code: string, msg: string) => ({
    result: '0',
    msg,
    errors: [{ error_code: code, error_msg: msg }],
    data: null,
  })
  const page = <T>(rows: T[], b: { page_no?: number; page_size?: number }) => {
    const no = b.page_no ?? 1
    const size = b.page_size ?? 50
    return { page_no: no, page_size: size, total: rows.length, data: rows.slice((no - 1) * size, no * size) }
  }

  app.post('/router/api/service', async (req) => {
    const q = req.query as Record<string, string>
    const raw = String(req.body ?? '')
    const expected = md5(
      `app_key${q.app_key}format${q.format}method${q.method}timestamp${q.timestamp}v${q.v}${raw}${APP_SECRET}`,
    )
    const signed =
      q.app_key === APP_KEY &&
      q.sign === expected &&
      q.v === '1.0.0' &&
      q.format === 'json' &&
      /^\d{13}$/.test(q.timestamp ?? '')
    calls.push({ method: q.method ?? '', signed })
    if (!signed) return fail('1001', 'sign verification failed')
    const b = JSON.parse(raw || '{}') as Record<string, any>
    switch (q.method) {
      case 'com.basis.warehouse.getlist':
        return ok(FPX_WAREHOUSES)
      case 'fu.wms.outbound.create': {
        const body = b as FpxOutboundCreate
        if (!body.ref_no || !body.from_warehouse_code || !body.oconsignment_desc?.phone)
          return fail('3001', 'required field missing')
        if (outbounds.some((o) => o.ref_no === body.ref_no && o.status !== 'X'))
          return fail('3002', `ref_no ${body.ref_no} already exists`)
        const now = Date.now()
        const o: FpxOutbound = {
          consignment_no: `OC${String(seq++).padStart(16, '0')}`,
          ref_no: body.ref_no,
          '4px_tracking_no': `4PX3000${randomInt(1e9)}CN`,
          from_warehouse_code: body.from_warehouse_code,
          status: 'S',
          logistics_product_code: body.logistics_service_info.logistics_product_code,
          create_time: now,
          update_time: now,
          outboundlist_sku: body.oconsignment_sku.map((s) => ({
            sku_code: s.sku_code,
            qty: s.qty,
            stock_quality: 'G',
          })),
        }
        outbounds.push(o)
        return ok({ consignment_no: o.consignment_no, '4px_tracking_no': o['4px_tracking_no'], ref_no: o.ref_no })
      }
      case 'fu.wms.outbound.getlist': {
        const inRange = (t: number | null | undefined, from?: number, to?: number) =>
          (from === undefined || (t ?? 0) >= from) && (to === undefined || (t ?? 0) <= to)
        const rows = outbounds.filter(
          (o) =>
            (!b.ref_no || o.ref_no === b.ref_no) &&
            (!b.consignment_no || o.consignment_no === b.consignment_no) &&
            (!b.status || o.status === b.status) &&
            inRange(o.create_time, b.create_time_start, b.create_time_end) &&
            (b.complete_time_start === undefined ||
              inRange(o.complete_time, b.complete_time_start, b.complete_time_end)),
        )
        return ok(page(rows, b))
      }
      case 'fu.wms.outbound.cancel': {
        const o = outbounds.find((x) => x.consignment_no === b.consignment_no)
        if (!o) return fail('3004', 'consignment not found')
        if (o.status === 'C') return fail('3005', 'consignment has been shipped out and cannot be cancelled')
        o.status = 'X'
        o.update_time = Date.now()
        return ok({ consignment_no: o.consignment_no, status: 'X', ref_no: o.ref_no })
      }
      case 'fu.wms.inventory.get':
        return ok(
          page(
            inventory.filter((r) => !b.warehouse_code || r.warehouse_code === b.warehouse_code),
            b,
          ),
        )
      default:
        return fail('1002', `unknown method ${q.method}`)
    }
  })

  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    app,
    url,
    outbounds,
    inventory,
    calls,
    ship(consignmentNo, at = Date.now()) {
      const o = outbounds.find((x) => x.consignment_no === consignmentNo)!
      o.status = 'C'
      o.carrier_code = 'USPS'
      o.shipping_no = '9400111899223197428497'
      o.complete_time = at
      o.update_time = at
      return o
    },
    close: () => app.close(),
  }
}
