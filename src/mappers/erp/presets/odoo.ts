// Preset: Odoo over XML-RPC (/xmlrpc/2/object execute_kw). Odoo has no outbound webhooks of its
// own worth relying on (automation-rule "send webhook" is [UNVERIFIED]); the ERP side posts the
// answer of a search_read — an XML-RPC methodResponse holding an array of structs — to the hub.
// The same mapping reads Odoo 19's JSON-2 answer (a JSON array of the same records): the body
// parser decodes XML-RPC into the same tree. Facts (specs/erp-3pl.md B3, [ODOO-DOC], [ODOO-SRC]):
// False stands for "no value"; many2one fields are [id, "display name"]; a product's display name
// is "[default_code] name"; stock.quant has quantity and reserved_quantity per location, split by
// lot and package (so a snapshot sums quants of one product in one location); datetimes are UTC.
// product.product hs_code, stock.move picking_code and sale.order client_order_ref are [UNVERIFIED].
//
// Seller-specific: `locations` (Odoo location display name → location code), const.partnerId (the
// res.partner the hub's orders are booked on) and the stock.picking type and locations for shipments.
import type { ErpMapping } from '../schema.ts'

const NONE = { op: 'null_if' as const, values: [false] }
const skuFromDisplayName = {
  from: 'product_id[1]',
  transforms: [NONE, { op: 'match' as const, pattern: '^\\[([^\\]]+)\\]' }],
}

export const odooPreset: ErpMapping = {
  version: 1,
  name: 'Odoo XML-RPC (search_read results)',
  preset: 'odoo',
  timeZone: 'UTC',
  locale: 'en-US',
  xmlStyle: 'xmlrpc',
  documents: {
    // product.product search_read([...], ['default_code','name','barcode','weight','hs_code','active'])
    item_master: {
      records: '$[*]',
      fields: {
        sku: { from: 'default_code', transforms: [NONE, { op: 'trim' }] },
        externalId: { from: 'id' },
        title: { from: 'name', transforms: [NONE, { op: 'trim' }] },
        barcode: { from: 'barcode', transforms: [NONE, { op: 'trim' }] },
        hsCode: { from: 'hs_code', transforms: [NONE, { op: 'replace', pattern: '[^0-9]', with: '' }] },
        // product weight is in the database's weight unit, kg unless changed
        weight: {
          from: 'weight',
          transforms: [NONE, { op: 'null_if', values: [0] }, { op: 'unit', from: 'kg', to: 'g' }],
        },
        active: { from: 'active', transforms: [{ op: 'boolean' }] },
      },
    },
    // product.pricelist.item search_read([('applied_on','=','0_product_variant')], ['pricelist_id','product_id','fixed_price','currency_id'])
    price_list: {
      records: '$[*]',
      fields: {
        sku: skuFromDisplayName,
        amount: { from: 'fixed_price', transforms: [{ op: 'number' }] },
        currency: { from: 'currency_id[1]', transforms: [NONE, { op: 'upper' }] },
        priceList: { from: 'pricelist_id[1]', transforms: [NONE] },
      },
    },
    // stock.quant search_read([('location_id.usage','=','internal')], ['product_id','location_id','quantity','reserved_quantity'])
    stock_snapshot: {
      records: '$[*]',
      duplicates: 'sum',
      fields: {
        sku: skuFromDisplayName,
        locationCode: { from: 'location_id[1]', transforms: [NONE, { op: 'lookup', table: 'locations' }] },
        locationExternalId: { from: 'location_id[0]' },
        onHand: { from: 'quantity', transforms: [{ op: 'integer' }] },
        reserved: { from: 'reserved_quantity', transforms: [NONE, { op: 'integer' }], default: 0 },
        available: {
          from: ['quantity', 'reserved_quantity'],
          transforms: [{ op: 'null_if', values: [false] }, { op: 'difference' }, { op: 'integer' }],
        },
      },
    },
    // stock.move search_read([('state','=','done'), ('date','>', last)], ['reference','product_id','location_id','location_dest_id','quantity','picking_code','date'])
    stock_delta: {
      records: '$[*]',
      fields: {
        sku: skuFromDisplayName,
        // the side of the move that is one of our locations: the destination for a receipt, the source for a delivery
        locationCode: {
          from: ['location_dest_id[1]', 'location_id[1]'],
          transforms: [{ op: 'lookup', table: 'locations', onMissing: 'drop' }, { op: 'first' }],
        },
        delta: {
          from: 'quantity',
          transforms: [{ op: 'negate_if', path: 'picking_code', equals: ['outgoing'] }, { op: 'integer' }],
        },
        reason: {
          from: 'picking_code',
          transforms: [NONE, { op: 'lookup', table: 'movementReasons', onMissing: 'drop' }],
          default: 'adjustment',
        },
        reference: { from: ['reference', 'id'], transforms: [NONE, { op: 'concat', separator: '#' }] },
      },
    },
    // sale.order search_read([('client_order_ref','!=',False)], ['name','client_order_ref','state'])
    order_ack: {
      records: '$[*]',
      fields: {
        reference: { from: 'client_order_ref', transforms: [NONE, { op: 'trim' }] },
        externalId: { from: 'id' },
        status: { from: 'state', transforms: [{ op: 'lookup', table: 'orderStates' }] },
        message: { from: 'name', transforms: [NONE] },
      },
    },
  },
  lookups: {
    locations: { 'WH/Stock': 'MAIN', 'JP/Stock': 'JP-TOKYO' },
    movementReasons: { incoming: 'receipt', outgoing: 'adjustment', internal: 'adjustment' },
    // sale.order state in 17+: draft (quotation), sent, sale, cancel; older versions also had done (locked)
    orderStates: { draft: 'received', sent: 'received', sale: 'accepted', done: 'closed', cancel: 'cancelled' },
  },
  constants: { partnerId: 7, pickingTypeOut: 2, stockLocationId: 8, customerLocationId: 5 },
  outbound: {
    // sale.order create: order_line uses the one2many command (0, 0, vals); product_id is the
    // product.product id, i.e. the variant binding's external id on this connection
    orders: {
      path: '/xmlrpc/2/object',
      xmlrpc: { model: 'sale.order', method: 'create' },
      body: {
        partner_id: { $from: 'const.partnerId', as: 'integer', required: true },
        client_order_ref: { $from: 'key', required: true },
        origin: { $from: ['order.channel', 'order.externalNumber'], transforms: [{ op: 'concat', separator: ' ' }] },
        date_order: {
          $from: 'order.placedAt',
          transforms: [{ op: 'format_date', format: 'YYYY-MM-DD HH:mm:ss', timeZone: 'UTC' }],
        },
        order_line: {
          $each: 'lines',
          item: [
            0,
            0,
            {
              product_id: { $from: 'externalId', as: 'integer', required: true },
              product_uom_qty: { $from: 'quantity', as: 'number', required: true },
              price_unit: { $from: 'unitPrice', transforms: [{ op: 'money' }], as: 'number' },
            },
          ],
        },
      },
      response: { externalId: '$' },
    },
    // stock.picking create for the delivery, with the carrier's tracking number (carrier_tracking_ref)
    shipments: {
      path: '/xmlrpc/2/object',
      xmlrpc: { model: 'stock.picking', method: 'create' },
      body: {
        partner_id: { $from: 'const.partnerId', as: 'integer', required: true },
        picking_type_id: { $from: 'const.pickingTypeOut', as: 'integer', required: true },
        location_id: { $from: 'const.stockLocationId', as: 'integer', required: true },
        location_dest_id: { $from: 'const.customerLocationId', as: 'integer', required: true },
        origin: { $from: 'key', required: true },
        carrier_tracking_ref: { $from: 'shipment.trackingNumber', required: true },
        date_done: {
          $from: 'shipment.shippedAt',
          transforms: [{ op: 'format_date', format: 'YYYY-MM-DD HH:mm:ss', timeZone: 'UTC' }],
        },
        move_ids: {
          $each: 'lines',
          item: [
            0,
            0,
            {
              name: { $from: ['externalSku', 'sku'], transforms: [{ op: 'first' }] },
              product_id: { $from: 'externalId', as: 'integer', required: true },
              product_uom_qty: { $from: 'quantity', as: 'number', required: true },
              location_id: { $from: '$.const.stockLocationId', as: 'integer' },
              location_dest_id: { $from: '$.const.customerLocationId', as: 'integer' },
            },
          ],
        },
      },
      response: { externalId: '$' },
    },
  },
}
