// A form generated from a connector's JSON Schema (its configSchema or credentialsSchema, as
// GET /api/v1/connectors returns them): one labelled control per property, the description as
// the hint under it, nested objects as fieldsets, maps (remote facility id → location…) as rows
// you add and remove, choices as selects, anything richer as a JSON box. Every control carries
// data-pointer (/settings/outbound/url) so the API's field errors land next to it, in words (see
// plain-errors.js). What people paste is tidied as they leave the field (normalize.js). A control
// is masked only when it holds a secret: a credential (every field of a credentials schema but
// the addresses in it, such as a token URL) or a field the schema marks writeOnly.
import { h } from './dom.js'
import { normalizerFor } from './normalize.js'
import { describeField } from './plain-errors.js'

const WORDS = {
  id: 'ID',
  ids: 'IDs',
  url: 'URL',
  api: 'API',
  lwa: 'LWA',
  sku: 'SKU',
  skus: 'SKUs',
  ms: '(ms)',
  uid: 'UID',
  db: 'database',
  xmlrpc: 'XML-RPC',
  hs: 'HS',
}

/** A secret is masked; an address is not, even in a credentials schema ("token URL"). */
function isSecret(name, schema, secretForm) {
  if (typeof schema.writeOnly === 'boolean') return schema.writeOnly
  return secretForm && !normalizerFor(name, schema)
}

let seq = 0
const nextId = (base) => `f-${base.replace(/[^a-zA-Z0-9]+/g, '-')}-${++seq}`

function singular(words) {
  return words.replace(/ies$/, 'y').replace(/(?<!s)s$/, '')
}

export function humanize(name) {
  const words = String(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .split(' ')
  const out = words.map((w) => WORDS[w] ?? w).join(' ')
  return out.charAt(0).toUpperCase() + out.slice(1)
}

function literals(schema) {
  const alts = schema.anyOf ?? schema.oneOf
  if (Array.isArray(alts) && alts.length && alts.every((a) => a.const !== undefined)) return alts.map((a) => a.const)
  if (Array.isArray(schema.enum)) return schema.enum
  return null
}

function kindOf(schema) {
  if (literals(schema)) return 'choice'
  if (schema.anyOf || schema.oneOf) return 'text'
  if (schema.type === 'string') return 'text'
  if (schema.type === 'integer' || schema.type === 'number') return 'number'
  if (schema.type === 'boolean') return 'boolean'
  if (schema.type === 'array' && schema.items && ['string', 'integer', 'number'].includes(schema.items.type))
    return 'list'
  if (schema.type === 'object' && schema.properties && !schema.patternProperties) return 'object'
  if (schema.type === 'object' && schema.patternProperties) {
    const v = Object.values(schema.patternProperties)[0] ?? {}
    if (v.type === 'string') return 'map'
    if (
      v.type === 'object' &&
      v.properties &&
      Object.values(v.properties).every(
        (p) => kindOf(p) !== 'object' && kindOf(p) !== 'json' && kindOf(p) !== 'records',
      )
    )
      return 'records'
  }
  return 'json'
}

function labelFor(id, name, required, technical = true) {
  return h(
    'label',
    { for: id },
    humanize(name),
    required ? h('span', { class: 'req' }, ' (required)') : null,
    technical ? h('code', { class: 'tech' }, name) : null,
  )
}

function hint(id, schema, extra) {
  const text = [schema.description, extra].filter(Boolean).join(' · ')
  return text ? h('p', { class: 'hint', id }, text) : null
}

/** Render a scalar control; returns {el, get, control}. */
function scalar(name, schema, opts) {
  const { pointer, required, value, secret } = opts
  const id = nextId(pointer)
  const hintId = `${id}-hint`
  const kind = kindOf(schema)
  let control
  let extraHint = null
  let normalizer = null
  if (kind === 'choice') {
    const values = literals(schema)
    control = h(
      'select',
      { id, name },
      required ? null : h('option', { value: '' }, schema.default !== undefined ? `Default (${schema.default})` : '—'),
      values.map((v) =>
        h(
          'option',
          { value: String(v), selected: value !== undefined ? String(value) === String(v) : false },
          String(v),
        ),
      ),
    )
  } else if (kind === 'boolean') {
    control = h(
      'select',
      { id, name },
      h('option', { value: '' }, schema.default !== undefined ? `Default (${schema.default ? 'yes' : 'no'})` : '—'),
      h('option', { value: 'true', selected: value === true }, 'Yes'),
      h('option', { value: 'false', selected: value === false }, 'No'),
    )
  } else if (kind === 'number') {
    control = h('input', {
      id,
      name,
      type: 'number',
      inputmode: 'numeric',
      step: schema.type === 'integer' ? '1' : 'any',
      ...(schema.minimum !== undefined ? { min: String(schema.minimum) } : {}),
      ...(schema.maximum !== undefined ? { max: String(schema.maximum) } : {}),
      value: value !== undefined ? String(value) : '',
    })
  } else if (kind === 'list') {
    extraHint = 'separate several with commas'
    control = h('input', {
      id,
      name,
      type: 'text',
      value: Array.isArray(value) ? value.join(', ') : '',
      autocomplete: 'off',
      spellcheck: 'false',
    })
  } else {
    const masked = isSecret(name, schema, secret)
    control = h('input', {
      id,
      name,
      type: masked ? 'password' : 'text',
      autocomplete: masked ? 'new-password' : 'off',
      spellcheck: 'false',
      value: value !== undefined && value !== null ? String(value) : '',
      ...(schema.format === 'uri' || /url$/i.test(name) ? { inputmode: 'url' } : {}),
    })
    normalizer = normalizerFor(name, schema)
    // the tidied value shows as the seller leaves the field: what is saved is what they see
    if (normalizer) control.addEventListener('change', () => (control.value = normalizer(control.value)))
  }
  control.dataset.pointer = pointer
  describeField(control, { label: humanize(name), schema })
  if (required) control.setAttribute('aria-required', 'true')
  const hintEl = hint(hintId, schema, extraHint)
  if (hintEl) control.setAttribute('aria-describedby', hintId)
  const el = h('div', { class: 'field' }, labelFor(id, name, required, opts.technical !== false), control, hintEl)

  const get = () => {
    const raw = control.value.trim()
    if (raw === '') return { value: undefined, errors: [] }
    if (kind === 'boolean') return { value: raw === 'true', errors: [] }
    if (kind === 'number') {
      const n = Number(raw)
      if (!Number.isFinite(n) || (schema.type === 'integer' && !Number.isInteger(n)))
        return {
          value: undefined,
          errors: [
            { field: control.dataset.pointer, message: schema.type === 'integer' ? 'a whole number' : 'a number' },
          ],
        }
      return { value: n, errors: [] }
    }
    if (kind === 'list') {
      const items = raw.split(/[\s,]+/).filter(Boolean)
      if (['integer', 'number'].includes(schema.items.type)) {
        const nums = items.map(Number)
        if (nums.some((n) => !Number.isFinite(n)))
          return {
            value: undefined,
            errors: [{ field: control.dataset.pointer, message: 'numbers separated by commas' }],
          }
        return { value: nums, errors: [] }
      }
      return { value: items, errors: [] }
    }
    if (kind === 'choice') {
      const v = literals(schema).find((x) => String(x) === raw)
      return { value: v, errors: [] }
    }
    if ((schema.anyOf ?? []).some((a) => a.type === 'integer') && /^\d+$/.test(raw))
      return { value: Number(raw), errors: [] }
    return { value: normalizer ? normalizer(raw) : raw, errors: [] }
  }
  return { el, get, control }
}

function jsonBox(name, schema, opts) {
  const id = nextId(opts.pointer)
  const hintId = `${id}-hint`
  const text = opts.value === undefined ? '' : JSON.stringify(opts.value, null, 2)
  const control = h(
    'textarea',
    {
      id,
      name,
      rows: String(Math.min(14, Math.max(3, text.split('\n').length))),
      spellcheck: 'false',
      class: 'code',
      'aria-describedby': hintId,
    },
    text,
  )
  control.dataset.pointer = opts.pointer
  describeField(control, { label: humanize(name), schema })
  const el = h('div', { class: 'field' }, labelFor(id, name, opts.required), control, hint(hintId, schema, 'JSON'))
  const get = () => {
    const raw = control.value.trim()
    if (!raw) return { value: undefined, errors: [] }
    try {
      return { value: JSON.parse(raw), errors: [] }
    } catch (e) {
      return { value: undefined, errors: [{ field: opts.pointer, message: `not valid JSON: ${e.message}` }] }
    }
  }
  return { el, get }
}

/** Rows of key → value (a string, or an object of scalars): facilities, location codes… */
function rows(name, schema, opts) {
  const valueSchema = Object.values(schema.patternProperties)[0]
  const isObject = valueSchema.type === 'object'
  const list = h('div', { class: 'rows' })
  const entries = []
  const keyLabel = /facilit/i.test(name) ? 'Remote facility ID' : /location/i.test(name) ? 'Remote location ID' : 'Key'
  const addRow = (key = '', value = undefined) => {
    const entry = { key: null, parts: [] }
    const keyId = nextId(`${opts.pointer}-key`)
    const keyInput = h('input', { id: keyId, type: 'text', value: key, autocomplete: 'off', spellcheck: 'false' })
    keyInput.dataset.pointer = `${opts.pointer}/${key}`
    entry.key = keyInput
    const body = h(
      'div',
      { class: 'row-fields' },
      h('div', { class: 'field' }, h('label', { for: keyId }, keyLabel), keyInput),
    )
    if (isObject) {
      const required = new Set(valueSchema.required ?? [])
      for (const [sub, subSchema] of Object.entries(valueSchema.properties)) {
        const part = scalar(sub, subSchema, {
          pointer: `${opts.pointer}/${key}/${sub}`,
          required: required.has(sub),
          value: value?.[sub],
          technical: false,
        })
        entry.parts.push({ sub, part })
        body.append(part.el)
      }
    } else {
      const part = scalar('value', valueSchema, {
        pointer: `${opts.pointer}/${key}`,
        required: true,
        value,
        technical: false,
      })
      entry.parts.push({ sub: null, part })
      body.append(part.el)
    }
    const remove = h(
      'button',
      { type: 'button', class: 'secondary small', 'aria-label': `Remove ${keyLabel.toLowerCase()} row` },
      'Remove',
    )
    const row = h('div', { class: 'row' }, body, remove)
    const repoint = () => {
      const k = keyInput.value.trim()
      keyInput.dataset.pointer = `${opts.pointer}/${k}`
      for (const { sub, part } of entry.parts)
        part.control.dataset.pointer = sub ? `${opts.pointer}/${k}/${sub}` : `${opts.pointer}/${k}`
    }
    keyInput.addEventListener('input', repoint)
    remove.addEventListener('click', () => {
      entries.splice(entries.indexOf(entry), 1)
      row.remove()
      add.focus()
    })
    entries.push(entry)
    list.append(row)
    return keyInput
  }
  const add = h('button', { type: 'button', class: 'secondary small' }, `Add ${singular(humanize(name).toLowerCase())}`)
  add.addEventListener('click', () => addRow().focus())
  for (const [k, v] of Object.entries(opts.value ?? {})) addRow(k, v)
  if (!entries.length && opts.required) addRow()
  const el = h(
    'fieldset',
    { class: 'group' },
    h(
      'legend',
      null,
      humanize(name),
      opts.required ? h('span', { class: 'req' }, ' (required)') : null,
      h('code', { class: 'tech' }, name),
    ),
    schema.description ? h('p', { class: 'hint' }, schema.description) : null,
    list,
    add,
  )
  el.dataset.pointer = opts.pointer
  const get = () => {
    const out = {}
    const errors = []
    for (const e of entries) {
      const k = e.key.value.trim()
      let v = isObject ? {} : undefined
      for (const { sub, part } of e.parts) {
        const r = part.get()
        errors.push(...r.errors)
        if (r.value === undefined) continue
        if (sub) v[sub] = r.value
        else v = r.value
      }
      if (!k) {
        if (isObject ? Object.keys(v).length : v !== undefined)
          errors.push({ field: e.key.dataset.pointer, message: 'give this row a key' })
        continue
      }
      out[k] = v
    }
    return { value: Object.keys(out).length ? out : undefined, errors }
  }
  return { el, get }
}

function objectGroup(name, schema, opts) {
  const inner = properties(schema, { ...opts })
  const el = h(
    'fieldset',
    { class: 'group' },
    h(
      'legend',
      null,
      humanize(name),
      opts.required ? h('span', { class: 'req' }, ' (required)') : null,
      h('code', { class: 'tech' }, name),
    ),
    schema.description ? h('p', { class: 'hint' }, schema.description) : null,
    inner.el,
  )
  el.dataset.pointer = opts.pointer
  return { el, get: inner.get }
}

function property(name, schema, opts) {
  switch (kindOf(schema)) {
    case 'object':
      return objectGroup(name, schema, opts)
    case 'records':
    case 'map':
      return rows(name, schema, opts)
    case 'json':
      return jsonBox(name, schema, opts)
    default:
      return scalar(name, schema, opts)
  }
}

function properties(schema, opts) {
  const required = new Set(schema.required ?? [])
  const parts = []
  const el = h('div', { class: 'fields' })
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    if (opts.skip?.includes(name)) continue
    const part = property(name, sub, {
      pointer: `${opts.pointer}/${name}`,
      required: required.has(name),
      value: opts.values?.[name],
      secret: opts.secret,
    })
    parts.push({ name, part })
    el.append(part.el)
  }
  const get = () => {
    const out = {}
    const errors = []
    for (const { name, part } of parts) {
      const r = part.get()
      errors.push(...r.errors)
      if (r.value !== undefined) out[name] = r.value
    }
    return { value: Object.keys(out).length ? out : undefined, errors }
  }
  return { el, get }
}

/**
 * schemaForm(schema, {pointer: '/settings', values, secret, skip}) → {el, collect()}
 * collect() → {value: object (never undefined), errors: [{field, message}]} (local checks only;
 * the API decides the rest and names the field).
 */
export function schemaForm(schema, opts) {
  const p = properties(schema, {
    pointer: opts.pointer,
    values: opts.values ?? {},
    secret: opts.secret ?? false,
    skip: opts.skip ?? [],
  })
  return {
    el: p.el,
    collect() {
      const r = p.get()
      return { value: r.value ?? {}, errors: r.errors }
    },
  }
}
