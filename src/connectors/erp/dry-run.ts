// Dry run: a sample body through a mapping, safe parsing included, nothing written. What the
// mapping editor shows a seller before saving: the canonical records and every error by field.
import type { CanonicalRecord, RecordError } from '../types.ts'
import { CrossdockError } from '../../errors.ts'
import { mapDocument, validateErpMapping, type DocumentType } from '../../mappers/erp/index.ts'
import { readErpBody } from './body.ts'

export interface DryRunRecord {
  index: number
  key: string
  records: CanonicalRecord[]
  errors: RecordError[]
}

export interface DryRunResult {
  documentType?: DocumentType
  mappingVersion?: number
  records: DryRunRecord[]
  /** the canonical records the document would give, in order */
  canonical: CanonicalRecord[]
  /** every error: per record (with index and key), or for the whole document (index -1) */
  errors: (RecordError & { index: number; key?: string })[]
  summary: { records: number; ok: number; rejected: number }
}

/**
 * Map a sample document without writing anything. Never throws for a bad mapping or body: the
 * problem comes back in `errors` (index -1) so the editor can show it.
 */
export function dryRun(
  mapping: unknown,
  contentType: string,
  body: Buffer | string,
  opts: { documentType?: string } = {},
): DryRunResult {
  try {
    const m = validateErpMapping(mapping)
    const mapped = mapDocument(m, readErpBody(body, contentType), opts)
    const records = mapped.records.map((r) => ({ index: r.index, key: r.key, records: r.records, errors: r.errors }))
    const rejected = records.filter((r) => r.errors.length > 0).length
    return {
      documentType: mapped.documentType,
      mappingVersion: mapped.mappingVersion,
      records,
      canonical: records.flatMap((r) => r.records),
      errors: records.flatMap((r) => r.errors.map((e) => ({ ...e, index: r.index, key: r.key }))),
      summary: { records: records.length, ok: records.length - rejected, rejected },
    }
  } catch (err) {
    if (!(err instanceof CrossdockError)) throw err
    const fieldErrors = (err.details?.errors as { field: string; message: string }[] | undefined) ?? []
    const errors =
      fieldErrors.length > 0
        ? fieldErrors.map((e) => ({ code: err.code, message: e.message, field: e.field, index: -1 }))
        : [{ code: err.code, message: err.message, index: -1 }]
    return { records: [], canonical: [], errors, summary: { records: 0, ok: 0, rejected: 0 } }
  }
}
