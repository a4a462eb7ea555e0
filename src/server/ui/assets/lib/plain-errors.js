// Validation messages as the API words them — JSON Schema's `must match pattern "^…$"`,
// "schema is false", "must be equal to constant" four times over — turned into sentences a seller
// can act on, using what the form knows about the field: its schema (pattern, choices, format,
// description). A message that is already in words (the server's own checks) passes unchanged.

const fieldInfo = new WeakMap()

/** Remember what a control stands for: { label, schema } (schema-form registers every control). */
export function describeField(control, info) {
  fieldInfo.set(control, info)
}

export function fieldInfoOf(control) {
  return control ? fieldInfo.get(control) : undefined
}

// patterns the connectors' schemas use, in words; looked up by the pattern's text
const PATTERN_WORDS = [
  [/myshopify/, 'a shop domain like example.myshopify.com'],
  [/^\^https\?:\/\//, 'a web address starting with http:// or https://'],
  [/^\^\[A-Z\]\{2\}\$$/, 'a two-letter code in capitals, e.g. US or DE'],
  [/^\^\[A-Z\]\{3\}\$$/, 'a three-letter code in capitals, e.g. USD'],
  [/^\^\\d\{4\}-\\d\{2\}\$$/, 'a year and month like 2026-07'],
  [/^\^\\d\+\$$/, 'digits only'],
  [/^\^\//, 'a path starting with /'],
  [/^\^\[a-z\]\{2,3\}/, 'a language code like en or en-US'],
]

function literals(schema) {
  const alts = schema?.anyOf ?? schema?.oneOf
  if (Array.isArray(alts) && alts.length && alts.every((a) => a.const !== undefined)) return alts.map((a) => a.const)
  return Array.isArray(schema?.enum) ? schema.enum : null
}

function expected(pattern, schema) {
  const words = pattern ? PATTERN_WORDS.find(([re]) => re.test(pattern))?.[1] : undefined
  if (words) return `it should be ${words}`
  if (schema?.description) return `expected ${schema.description}`
  return 'it is not in the form this field expects'
}

/** A choice among alternatives (a union, an enum) that none of them took. */
function notAChoice(schema) {
  const choices = literals(schema)
  if (choices) return `Choose one of: ${choices.join(', ')}.`
  const alts = schema?.anyOf ?? schema?.oneOf ?? []
  if (alts.some((a) => a.type === 'integer')) return 'A whole number, please.'
  return schema?.description
    ? `Not accepted: expected ${schema.description}.`
    : 'Not one of the values this field takes.'
}

const COMPARE = { '>=': 'At least', '>': 'More than', '<=': 'At most', '<': 'Less than' }

/** One message in words. info: { schema } of the field, when the form knows it. */
export function plainMessage(message, info = {}) {
  const m = String(message ?? '').trim()
  const schema = info.schema
  let r
  if ((r = /^must match pattern "(.*)"$/s.exec(m)))
    return `Not in the expected form: ${expected(schema?.pattern ?? r[1], schema)}.`
  if (m === 'schema is false' || /^must not have additional properties$/.test(m))
    return 'This is not a field this form knows: remove it.'
  if (/^must have required propert(y|ies)\b/.test(m) || m === 'required') return 'Required: fill this in.'
  if ((r = /^must not have fewer than (\d+) characters$/.exec(m)))
    return r[1] === '1' ? 'Required: fill this in.' : `Too short: it must not have fewer than ${r[1]} characters.`
  if ((r = /^must not have more than (\d+) characters$/.exec(m)))
    return `Too long: it must not have more than ${r[1]} characters.`
  if ((r = /^must not have fewer than (\d+) items$/.exec(m)))
    return r[1] === '1' ? 'Give at least one.' : `Give at least ${r[1]}.`
  if ((r = /^must not have more than (\d+) items$/.exec(m))) return `Give at most ${r[1]}.`
  if ((r = /^must match format "(.*)"$/.exec(m)))
    return /^(uri|url|iri)$/.test(r[1])
      ? 'Not a web address: write it in full, e.g. https://example.com.'
      : `Not a valid ${r[1].replace(/-/g, ' ')}.`
  if ((r = /^must be (>=|>|<=|<) (\S+)$/.exec(m))) return `${COMPARE[r[1]]} ${r[2]}.`
  if (m === 'must be integer') return 'A whole number, please.'
  if (m === 'must be number') return 'A number, please.'
  if (m === 'must be string') return 'Text, please.'
  if (m === 'must be boolean') return 'Yes or no.'
  if (
    /^must be equal to (constant|one of the allowed values)$/.test(m) ||
    /^must match (a|exactly one) schema in (anyOf|oneOf)$/.test(m)
  )
    return notAChoice(schema)
  return m
}

/**
 * Every message for one field, in words and each once. A union the value matched no branch of
 * is said once (its branches' own complaints — "must be integer", a pattern — are noise then).
 */
export function plainMessages(messages, info = {}) {
  const union = messages.some((m) =>
    /^must be equal to (constant|one of the allowed values)$|^must match (a|exactly one) schema in (anyOf|oneOf)$/.test(
      m,
    ),
  )
  const said = union ? [notAChoice(info.schema)] : messages.map((m) => plainMessage(m, info))
  return [...new Set(said)]
}
