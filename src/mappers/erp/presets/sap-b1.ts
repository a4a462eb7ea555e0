// Preset: SAP Business One Service Layer (OData JSON). The ERP side (a B1iF event forward, or a
// scheduled script on the SBO_SP_TransactionNotification hook — B1 has no webhooks of its own)
// posts what the Service Layer answers to GET /b1s/v1/Items, /InventoryGenEntries, /Orders:
// {"odata.metadata": "…$metadata#Items", "value": [ … ]}. Shapes: specs/erp-3pl.md B1 and SAP's
// own samples [B1-PM]; Item fields (BarCode, Valid "tYES", ItemPrices[{PriceList, Price,
// Currency:"$"}], SalesUnitWeight + SalesWeightUnit code) as public B1 client code shows them.
//
// Seller-specific parts to edit: the `warehouses` table (B1 WhsCode → location code), `currencies`
// (B1 keeps the local currency as a symbol such as "$"), `weightUnits`/`lengthUnits` (B1 unit codes
// point into the company's own OWGT/OLGT tables — these codes are an example, [UNVERIFIED]), the
// ForeignName locale, U_HS_Code / U_Country (user-defined fields many installs add), and
// const.cardCode, the B1 customer the hub's sales orders are booked on.
import type { ErpMapping } from '../schema.ts'

const itemCode = { from: ['ItemCode', '^.ItemCode'], transforms: [{ op: 'first' as const }, { op: 'trim' as const }] }
const warehouse = {
  from: 'WarehouseCode',
  transforms: [{ op: 'trim' as const }, { op: 'lookup' as const, table: 'warehouses' }],
}

export const sapB1Preset: ErpMapping = {
  version: 1,
  name: 'SAP Business One Service Layer (JSON)',
  preset: 'sap-b1',
  timeZone: 'UTC',
  locale: 'en-US',
  xmlStyle: 'elements',
  documents: {
    item_master: {
      match: { path: "$['odata.metadata']", pattern: '#Items(/|$)' },
      records: '$.value[*]',
      fields: {
        sku: { from: 'ItemCode', transforms: [{ op: 'trim' }] },
        externalId: { from: 'ItemCode', transforms: [{ op: 'trim' }] },
        title: { from: 'ItemName', transforms: [{ op: 'trim' }] },
        'title.de-DE': { from: 'ForeignName', transforms: [{ op: 'trim' }] },
        barcode: { from: 'BarCode', transforms: [{ op: 'trim' }] },
        active: { from: 'Valid', transforms: [{ op: 'boolean' }] },
        hsCode: { from: 'U_HS_Code', transforms: [{ op: 'replace', pattern: '[^0-9]', with: '' }] },
        countryOfOrigin: { from: 'U_Country', transforms: [{ op: 'trim' }, { op: 'upper' }] },
        weight: {
          from: 'SalesUnitWeight',
          transforms: [
            { op: 'null_if', values: [0] },
            { op: 'unit', fromPath: 'SalesWeightUnit', fromLookup: 'weightUnits', to: 'g' },
          ],
        },
        length: {
          from: 'SalesUnitLength',
          transforms: [
            { op: 'null_if', values: [0] },
            { op: 'unit', fromPath: 'SalesLengthUnit', fromLookup: 'lengthUnits', to: 'cm' },
          ],
        },
        width: {
          from: 'SalesUnitWidth',
          transforms: [
            { op: 'null_if', values: [0] },
            { op: 'unit', fromPath: 'SalesWidthUnit', fromLookup: 'lengthUnits', to: 'cm' },
          ],
        },
        height: {
          from: 'SalesUnitHeight',
          transforms: [
            { op: 'null_if', values: [0] },
            { op: 'unit', fromPath: 'SalesHeightUnit', fromLookup: 'lengthUnits', to: 'cm' },
          ],
        },
      },
    },
    price_list: {
      // unused price lists come back as {"Price": 0, "Currency": ""}: skip them rather than reject
      records: "$.value[*].ItemPrices[Currency!='']",
      fields: {
        sku: { from: '^.ItemCode', transforms: [{ op: 'trim' }] },
        amount: { from: 'Price', transforms: [{ op: 'number' }] },
        currency: {
          from: 'Currency',
          transforms: [{ op: 'trim' }, { op: 'lookup', table: 'currencies', onMissing: 'keep' }, { op: 'upper' }],
        },
        priceList: { from: 'PriceList', transforms: [{ op: 'lookup', table: 'priceLists', onMissing: 'keep' }] },
      },
    },
    stock_snapshot: {
      records: '$.value[*].ItemWarehouseInfoCollection[*]',
      fields: {
        sku: itemCode,
        locationCode: warehouse,
        locationExternalId: { from: 'WarehouseCode', transforms: [{ op: 'trim' }] },
        onHand: { from: 'InStock', transforms: [{ op: 'integer' }] },
        reserved: { from: 'Committed', transforms: [{ op: 'integer' }], default: 0 },
        // B1 "available" = InStock − Committed (+ Ordered for ATP); the hub takes on hand − committed
        available: { from: ['InStock', 'Committed'], transforms: [{ op: 'difference' }, { op: 'integer' }] },
      },
    },
    stock_delta: {
      match: { path: "$['odata.metadata']", pattern: '#InventoryGen(Entries|Exits)(/|$)' },
      records: '$.value[*].DocumentLines[*]',
      fields: {
        sku: { from: 'ItemCode', transforms: [{ op: 'trim' }] },
        locationCode: warehouse,
        locationExternalId: { from: 'WarehouseCode', transforms: [{ op: 'trim' }] },
        // goods receipts (InventoryGenEntries) add, goods issues (InventoryGenExits) take away
        delta: {
          from: 'Quantity',
          transforms: [
            { op: 'negate_if', path: "$['odata.metadata']", pattern: '#InventoryGenExits' },
            { op: 'integer' },
          ],
        },
        reason: {
          from: "$['odata.metadata']",
          transforms: [
            { op: 'match', pattern: '#(InventoryGen\\w+)' },
            { op: 'lookup', table: 'movementReasons' },
          ],
          default: 'adjustment',
        },
        reference: { from: ['^.DocEntry', 'LineNum'], transforms: [{ op: 'concat', separator: ':' }] },
      },
    },
    order_ack: {
      match: { path: "$['odata.metadata']", pattern: '#Orders(/|$)' },
      records: '$.value[*]',
      fields: {
        reference: { from: 'NumAtCard', transforms: [{ op: 'trim' }] },
        externalId: { from: 'DocEntry' },
        status: {
          from: ['Cancelled', 'DocumentStatus'],
          transforms: [
            { op: 'concat', separator: '|' },
            { op: 'lookup', table: 'documentStatus' },
          ],
        },
        message: { from: 'DocNum' },
      },
    },
  },
  lookups: {
    warehouses: { '01': 'MAIN', '02': 'US-EAST', JP1: 'JP-TOKYO' },
    currencies: { $: 'USD', US$: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' },
    priceLists: { '1': 'base', '2': 'retail' },
    weightUnits: { '1': 'g', '2': 'kg', '3': 'lb', '4': 'oz' },
    lengthUnits: { '1': 'mm', '2': 'cm', '3': 'm', '4': 'in' },
    movementReasons: { InventoryGenEntries: 'receipt', InventoryGenExits: 'adjustment' },
    documentStatus: {
      bost_Open: 'accepted',
      bost_Close: 'closed',
      'tNO|bost_Open': 'accepted',
      'tNO|bost_Close': 'closed',
      'tYES|bost_Open': 'cancelled',
      'tYES|bost_Close': 'cancelled',
    },
  },
  constants: { cardCode: 'C20000' },
  outbound: {
    // POST /b1s/v1/Orders {CardCode, NumAtCard, DocDueDate, DocumentLines[{ItemCode, Quantity, UnitPrice, WarehouseCode}]} [B1-PM; spec B1]
    orders: {
      path: '/b1s/v1/Orders',
      body: {
        CardCode: { $from: 'const.cardCode', required: true },
        NumAtCard: { $from: 'key', required: true },
        DocDate: { $from: 'order.placedAt', transforms: [{ op: 'format_date', format: 'YYYY-MM-DD' }], required: true },
        DocDueDate: {
          $from: ['order.shipBy', 'order.placedAt'],
          transforms: [{ op: 'first' }, { op: 'format_date', format: 'YYYY-MM-DD' }],
          required: true,
        },
        DocCurrency: { $from: 'order.currency' },
        Comments: { $from: ['order.channel', 'order.externalNumber'], transforms: [{ op: 'concat', separator: ' ' }] },
        DocumentLines: {
          $each: 'lines',
          item: {
            ItemCode: { $from: ['externalSku', 'sku'], transforms: [{ op: 'first' }], required: true },
            Quantity: { $from: 'quantity', as: 'number', required: true },
            UnitPrice: { $from: 'unitPrice', transforms: [{ op: 'money' }], as: 'number' },
            WarehouseCode: {
              $from: '$.allocation.locationCode',
              transforms: [{ op: 'lookup', table: 'warehouses', reverse: true, onMissing: 'drop' }],
            },
          },
        },
      },
      response: { externalId: 'DocEntry', number: 'DocNum' },
    },
    // DeliveryNotes lines point at the order line with BaseType 17 (sales order), BaseEntry, BaseLine
    // [spec B1, UNVERIFIED]; TrackingNumber is the Documents header field [UNVERIFIED].
    shipments: {
      path: '/b1s/v1/DeliveryNotes',
      body: {
        CardCode: { $from: 'const.cardCode', required: true },
        NumAtCard: { $from: 'key', required: true },
        DocDate: {
          $from: 'shipment.shippedAt',
          transforms: [{ op: 'format_date', format: 'YYYY-MM-DD' }],
          required: true,
        },
        TrackingNumber: { $from: 'shipment.trackingNumber', required: true },
        Comments: {
          $from: ['shipment.carrier', 'shipment.service', 'shipment.trackingNumber'],
          transforms: [{ op: 'concat', separator: ' ' }],
        },
        DocumentLines: {
          $each: 'lines',
          item: {
            ItemCode: { $from: ['externalSku', 'sku'], transforms: [{ op: 'first' }], required: true },
            Quantity: { $from: 'quantity', as: 'number', required: true },
            BaseType: 17,
            BaseEntry: { $from: '$.orderExternalId', as: 'integer', required: true },
            BaseLine: { $from: 'externalLineId', as: 'integer' },
          },
        },
      },
      response: { externalId: 'DocEntry', number: 'DocNum' },
    },
  },
}
