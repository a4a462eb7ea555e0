// One field rule against one record: read the source path(s), run the transforms, fall back to
// the default, check presence. Failures become a RecordError that names the canonical field and
// says which source path it came from, so an ERP team can fix exactly that.
import type { RecordError } from '../../model/records.ts'
import { compilePath, scalarOf, selectValues, type PathContext } from './path.ts'
import type { FieldRule } from './schema.ts'
import { applyTransforms, isAbsent, RuleFailure, type TransformContext } from './transforms.ts'

export interface FieldValues {
  /** canonical field name → its value (absent fields are missing) */
  values: Map<string, unknown>
  errors: RecordError[]
  /** the source description of a field, for messages ("ItemWarehouseInfoCollection.WarehouseCode") */
  sourceOf(name: string): string
}

function readSource(rule: FieldRule, path: PathContext): unknown {
  if (rule.value !== undefined) return rule.value
  if (rule.from === undefined) return undefined
  const one = (p: string): unknown => {
    const values = selectValues(compilePath(p), path).map(scalarOf)
    if (values.length === 0) return undefined
    return values.length === 1 ? values[0] : values
  }
  if (typeof rule.from === 'string') return one(rule.from)
  return rule.from.map(one)
}

export function describeSource(rule: FieldRule | undefined): string {
  if (!rule) return 'no rule'
  if (rule.value !== undefined) return 'a constant'
  if (rule.from === undefined) return 'no source'
  return Array.isArray(rule.from) ? rule.from.join(' + ') : rule.from
}

export function evaluateField(
  name: string,
  rule: FieldRule,
  ctx: TransformContext,
): { value?: unknown; error?: RecordError } {
  let value: unknown
  try {
    value = applyTransforms(readSource(rule, ctx.path), rule.transforms, ctx)
  } catch (err) {
    if (err instanceof RuleFailure)
      return {
        error: { code: err.code, message: `${name}: ${err.message} (from ${describeSource(rule)})`, field: name },
      }
    throw err
  }
  if (isAbsent(value) && rule.default !== undefined && rule.default !== null) value = rule.default
  if (Array.isArray(value)) {
    const present = value.filter((v) => !isAbsent(v))
    if (present.length > 1) {
      return {
        error: {
          code: 'VALIDATION_FAILED',
          message: `${name}: ${describeSource(rule)} gave ${present.length} values; pick one with [0] or combine them with concat/sum/first`,
          field: name,
        },
      }
    }
    value = present[0]
  }
  if (isAbsent(value)) {
    if (rule.required)
      return {
        error: {
          code: 'MAPPING_FIELD_MISSING',
          message: `${name} is required but ${describeSource(rule)} is empty or absent`,
          field: name,
        },
      }
    return {}
  }
  return { value: typeof value === 'string' ? value : scalarOf(value) }
}

/** Evaluate every rule of a document mapping for one record. */
export function evaluateFields(fields: Record<string, FieldRule>, ctx: TransformContext): FieldValues {
  const values = new Map<string, unknown>()
  const errors: RecordError[] = []
  for (const [name, rule] of Object.entries(fields)) {
    const r = evaluateField(name, rule, ctx)
    if (r.error) errors.push(r.error)
    else if (r.value !== undefined) values.set(name, r.value)
  }
  return { values, errors, sourceOf: (name) => describeSource(fields[name]) }
}
