// The mapping document a seller keeps per ERP connection: versioned, validated on save, and the
// only thing that differs between one seller's ERP and the next. Inbound: per document type, where
// the records are and how each canonical field is read. Outbound: how an order or a shipment is
// written for the ERP (a template over the canonical push item).
import { Type, type Static } from 'typebox'

export const DOCUMENT_TYPES = ['item_master', 'price_list', 'stock_snapshot', 'stock_delta', 'order_ack'] as const
export type DocumentType = (typeof DOCUMENT_TYPES)[number]

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])
const WeightUnit = Type.Union([Type.Literal('g'), Type.Literal('kg'), Type.Literal('lb'), Type.Literal('oz')])
const LengthUnit = Type.Union([Type.Literal('mm'), Type.Literal('cm'), Type.Literal('m'), Type.Literal('in')])
const Unit = Type.Union([WeightUnit, LengthUnit])

export const TransformSchema = Type.Union([
  Type.Object({ op: Type.Literal('trim') }, { additionalProperties: false }),
  Type.Object({ op: Type.Literal('upper') }, { additionalProperties: false }),
  Type.Object({ op: Type.Literal('lower') }, { additionalProperties: false }),
  /** exact decimal text out ("1234.50"); accepts JSON numbers and text with a chosen decimal separator */
  Type.Object(
    {
      op: Type.Literal('number'),
      decimalSeparator: Type.Optional(Type.Union([Type.Literal('.'), Type.Literal(',')])),
    },
    { additionalProperties: false },
  ),
  /** a whole number; `round` says what to do with a fraction (default: refuse it) */
  Type.Object(
    {
      op: Type.Literal('integer'),
      round: Type.Optional(
        Type.Union([Type.Literal('refuse'), Type.Literal('half-up'), Type.Literal('floor'), Type.Literal('ceil')]),
      ),
    },
    { additionalProperties: false },
  ),
  /** convert a weight or a length; the source unit is fixed, read from a path, or looked up from an ERP unit code */
  Type.Object(
    {
      op: Type.Literal('unit'),
      to: Unit,
      from: Type.Optional(Unit),
      fromPath: Type.Optional(Type.String({ minLength: 1 })),
      fromLookup: Type.Optional(
        Type.String({ minLength: 1, description: 'lookup table: ERP unit code → g/kg/lb/oz/mm/cm/m/in' }),
      ),
      decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })),
    },
    { additionalProperties: false },
  ),
  /** map a code through a named table (ERP warehouse code → location code); `reverse` reads it backwards (outbound) */
  Type.Object(
    {
      op: Type.Literal('lookup'),
      table: Type.String({ minLength: 1 }),
      onMissing: Type.Optional(Type.Union([Type.Literal('error'), Type.Literal('keep'), Type.Literal('drop')])),
      reverse: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  Type.Object({ op: Type.Literal('concat'), separator: Type.Optional(Type.String()) }, { additionalProperties: false }),
  /** a local date/time in a zone (default: the mapping's) to a UTC instant; compact and dotted formats too */
  Type.Object(
    {
      op: Type.Literal('date'),
      timeZone: Type.Optional(Type.String({ minLength: 1 })),
      format: Type.Optional(
        Type.Union([
          Type.Literal('auto'),
          Type.Literal('YYYYMMDD'),
          Type.Literal('YYYYMMDDHHmmss'),
          Type.Literal('DD.MM.YYYY'),
          Type.Literal('MM/DD/YYYY'),
          Type.Literal('unix'),
          Type.Literal('xmlrpc'),
        ]),
      ),
    },
    { additionalProperties: false },
  ),
  /** a UTC instant to local text in a zone (outbound) */
  Type.Object(
    {
      op: Type.Literal('format_date'),
      timeZone: Type.Optional(Type.String({ minLength: 1 })),
      format: Type.Union([
        Type.Literal('YYYY-MM-DD'),
        Type.Literal('YYYYMMDD'),
        Type.Literal('YYYY-MM-DD HH:mm:ss'),
        Type.Literal('iso'),
      ]),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      op: Type.Literal('match'),
      pattern: Type.String({ minLength: 1 }),
      group: Type.Optional(Type.Integer({ minimum: 0 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { op: Type.Literal('replace'), pattern: Type.String({ minLength: 1 }), with: Type.String() },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      op: Type.Literal('boolean'),
      true: Type.Optional(Type.Array(Type.String())),
      false: Type.Optional(Type.Array(Type.String())),
    },
    { additionalProperties: false },
  ),
  /** treat these values as absent (Odoo sends False for "no value") */
  Type.Object(
    { op: Type.Literal('null_if'), values: Type.Array(Scalar, { minItems: 1 }) },
    { additionalProperties: false },
  ),
  Type.Object({ op: Type.Literal('first') }, { additionalProperties: false }),
  Type.Object({ op: Type.Literal('sum') }, { additionalProperties: false }),
  /** first value minus the others (available = in stock − committed) */
  Type.Object({ op: Type.Literal('difference') }, { additionalProperties: false }),
  Type.Object({ op: Type.Literal('negate') }, { additionalProperties: false }),
  /** negate when another value of the record says so (a goods issue, an outgoing move) */
  Type.Object(
    {
      op: Type.Literal('negate_if'),
      path: Type.String({ minLength: 1 }),
      equals: Type.Optional(Type.Array(Type.String())),
      pattern: Type.Optional(Type.String({ minLength: 1 })),
    },
    { additionalProperties: false },
  ),
  /** canonical money {amount, currency} to decimal text ("9.50") for an outbound document */
  Type.Object({ op: Type.Literal('money') }, { additionalProperties: false }),
])
export type Transform = Static<typeof TransformSchema>

export const FieldRuleSchema = Type.Object(
  {
    /** source path, or several (concat / sum / difference consume them in order) */
    from: Type.Optional(
      Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })]),
    ),
    /** a constant instead of a source */
    value: Type.Optional(Scalar),
    transforms: Type.Optional(Type.Array(TransformSchema)),
    /** used when the source is absent or empty */
    default: Type.Optional(Scalar),
    /** refuse the record when the value is absent (canonical required fields are always checked) */
    required: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type FieldRule = Static<typeof FieldRuleSchema>

export const DocumentMappingSchema = Type.Object(
  {
    /** recognise this document type when no X-Crossdock-Document-Type header says it */
    match: Type.Optional(
      Type.Object(
        {
          path: Type.String({ minLength: 1 }),
          equals: Type.Optional(Type.String()),
          pattern: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    /** where the records are: each node this path selects is one record */
    records: Type.String({ minLength: 1 }),
    /** canonical field name → rule; the names each document type knows are listed in records.ts */
    fields: Type.Record(Type.String({ minLength: 1 }), FieldRuleSchema),
    /**
     * Two records with the same key (SKU@location, SKU:currency…) in one document: reject both
     * (default), or — stock snapshots only — sum them (Odoo splits a product's stock in one location
     * into several quants by lot and package).
     */
    duplicates: Type.Optional(Type.Union([Type.Literal('reject'), Type.Literal('sum')])),
  },
  { additionalProperties: false },
)
export type DocumentMapping = Static<typeof DocumentMappingSchema>

export const OutboundDocumentSchema = Type.Object(
  {
    /** appended to the connection's outbound URL */
    path: Type.String({ pattern: '^/' }),
    method: Type.Optional(Type.Union([Type.Literal('POST'), Type.Literal('PUT')])),
    /** XML documents: the root element name (elements style) */
    xmlRoot: Type.Optional(Type.String({ pattern: '^[A-Za-z_][\\w.-]*$' })),
    /** XML-RPC style: execute_kw(db, uid, key, model, method, <template>) */
    xmlrpc: Type.Optional(
      Type.Object(
        { model: Type.String({ minLength: 1 }), method: Type.String({ minLength: 1 }) },
        { additionalProperties: false },
      ),
    ),
    /**
     * The document as a template over the push item. Literals are copied; {"$from": path, transforms,
     * default, required, as} reads a value; {"$each": path, "item": template} repeats; objects and
     * arrays nest. In XML, "@name" keys are attributes and "#text" is text.
     */
    body: Type.Unknown(),
    /** where the ERP's answer carries its id for the new document (DocEntry; the XML-RPC result) */
    response: Type.Optional(
      Type.Object(
        {
          externalId: Type.Optional(Type.String({ minLength: 1 })),
          number: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type OutboundDocument = Static<typeof OutboundDocumentSchema>

export const ErpMappingSchema = Type.Object(
  {
    /** bumped on every saved change; receipts say which version mapped a document */
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    /** the preset this mapping started from, for display */
    preset: Type.Optional(Type.String()),
    /** default IANA zone for dates the ERP writes without an offset */
    timeZone: Type.String({ minLength: 1 }),
    /** locale for `title` / `description` without a locale suffix */
    locale: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Z]{2})?$' })),
    /** how XML bodies are read and written: plain elements, or XML-RPC values (Odoo) */
    xmlStyle: Type.Optional(Type.Union([Type.Literal('elements'), Type.Literal('xmlrpc')])),
    documents: Type.Object(
      {
        item_master: Type.Optional(DocumentMappingSchema),
        price_list: Type.Optional(DocumentMappingSchema),
        stock_snapshot: Type.Optional(DocumentMappingSchema),
        stock_delta: Type.Optional(DocumentMappingSchema),
        order_ack: Type.Optional(DocumentMappingSchema),
      },
      { additionalProperties: false },
    ),
    /** named tables: code → code (ERP warehouse → location, ERP unit code → unit, "$" → USD) */
    lookups: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.Record(Type.String(), Type.String()))),
    /** values outbound templates can read as const.<name> (the ERP customer code orders are booked on) */
    constants: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Scalar)),
    outbound: Type.Optional(
      Type.Object(
        {
          orders: Type.Optional(OutboundDocumentSchema),
          shipments: Type.Optional(OutboundDocumentSchema),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type ErpMapping = Static<typeof ErpMappingSchema>
