// Runtime validation for every canonical record: compiled once per schema, and an error that
// names the field (`/lines/0/quantity: must be integer`) so a seller or an ERP can fix just that.
import type { TSchema, Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { isKnownCurrency } from './currency.ts'
import { isValidTimeZone } from './time.ts'

const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>()

function validator(schema: TSchema) {
  let v = compiled.get(schema)
  if (!v) {
    v = Compile(schema)
    compiled.set(schema, v)
  }
  return v
}

export interface FieldError {
  /** JSON pointer of the field, e.g. /lines/0/unitPrice/currency */
  field: string
  message: string
}

export class ValidationError extends Error {
  override name = 'ValidationError'
  constructor(
    readonly errors: FieldError[],
    what = 'record',
  ) {
    super(`invalid ${what}: ${errors.map((e) => `${e.field || '/'} ${e.message}`).join('; ')}`)
  }
}

/** Checks beyond JSON Schema: currency codes exist, time zones exist. */
function semanticErrors(value: unknown, path = ''): FieldError[] {
  const out: FieldError[] = []
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...semanticErrors(v, `${path}/${i}`)))
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = `${path}/${k}`
      if (typeof v === 'string' && /currency$/i.test(k) && /^[A-Z]{3}$/.test(v) && !isKnownCurrency(v)) {
        out.push({ field: p, message: `unknown currency ${v}` })
      } else if (typeof v === 'string' && /time_?zone$/i.test(k) && !isValidTimeZone(v)) {
        out.push({ field: p, message: `unknown IANA time zone ${v}` })
      } else {
        out.push(...semanticErrors(v, p))
      }
    }
  }
  return out
}

export function check<S extends TSchema>(
  schema: S,
  value: unknown,
): { ok: true; value: Static<S> } | { ok: false; errors: FieldError[] } {
  const v = validator(schema)
  if (!v.Check(value)) {
    const errors = [...v.Errors(value)].map((e) => {
      // a missing property is reported on its parent; name the property itself
      const missing = (e.params as { requiredProperties?: string[] })?.requiredProperties
      return {
        field: e.keyword === 'required' && missing?.length ? `${e.instancePath}/${missing[0]}` : e.instancePath,
        message: e.message,
      }
    })
    return { ok: false, errors }
  }
  const semantic = semanticErrors(value)
  if (semantic.length > 0) return { ok: false, errors: semantic }
  return { ok: true, value: value as Static<S> }
}

export function assertValid<S extends TSchema>(schema: S, value: unknown, what?: string): Static<S> {
  const r = check(schema, value)
  if (!r.ok) throw new ValidationError(r.errors, what)
  return r.value
}
