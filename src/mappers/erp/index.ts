// The declarative ERP mapping engine (pure: no I/O). A seller's mapping document says, per ERP
// document type, where the records are and how each canonical field is read (paths + transforms);
// and, outbound, how an order or shipment is written for the ERP. Presets cover SAP Business One
// (Service Layer JSON) and Odoo (XML-RPC). Imports: model, errors, and connector *types* only.
//
//   schema.ts     the mapping document (TypeBox) and its types
//   validate.ts   checks on save (paths, regexes, lookup tables, field names, time zones)
//   path.ts       the path language over JSON and XML trees
//   transforms.ts trim/case, numbers, units, lookups, dates, concat…
//   fields.ts     one field rule against one record
//   records.ts    canonical records per document type, errors naming the field
//   document.ts   a whole document: type, records, duplicates
//   outbound.ts   templates for orders/shipments, written as JSON, XML or XML-RPC
//   xmlrpc.ts     XML-RPC values ↔ plain values
export * from './schema.ts'
export { compilePath, selectValues, type CompiledPath } from './path.ts'
export { applyTransform, applyTransforms, RuleFailure } from './transforms.ts'
export { toDecimalText } from './decimal.ts'
export { KNOWN_FIELDS, type BuiltRecord } from './records.ts'
export {
  mapDocument,
  documentRoot,
  isDocumentType,
  recordErrors,
  MAX_RECORDS_PER_DOCUMENT,
  type MappedDocument,
  type MappedRecord,
  type ParsedDocument,
} from './document.ts'
export {
  renderOutbound,
  serializeOutbound,
  toJsonText,
  toXmlText,
  type OutboundFormat,
  type XmlRpcAuth,
} from './outbound.ts'
export {
  decodeXmlRpc,
  decodeValue,
  encodeMethodCall,
  encodeMethodResponse,
  encodeFault,
  NumericText,
} from './xmlrpc.ts'
export { mappingProblems, schemaErrors, validateErpMapping } from './validate.ts'
export { ERP_PRESETS, presetMapping, isErpPresetName, type ErpPresetName } from './presets/index.ts'
