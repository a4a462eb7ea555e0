// Add a connection: pick a kind, fill the form generated from its schemas, test, save.
//
// The API tests only saved connections (POST /connections/:id/test), so "Test connection" on a
// new form saves it first as a *disabled* draft (no schedule runs while it is disabled), then
// tests it; testing again after an edit updates the draft; "Save" enables it. See the report:
// POST /connections/test (test without saving) would remove the draft step.
/* global location */
import { api, ApiError } from '../lib/api.js'
import { $, h, replaceChildren } from '../lib/dom.js'
import { schemaForm } from '../lib/schema-form.js'
import { boot, clearErrors, showErrors, showResult, toast } from '../lib/ui.js'

boot()
const form = $('[data-form="connection"]')
const kindsBox = $('[data-slot="kinds"]')
const details = $('[data-slot="details"]')
const result = $('[data-slot="test-result"]')
const nameInput = $('#name')
let connectors = []
let current = null
let draft = null // {id, credentials} once saved as a draft by "Test connection"

const CAPS = { pull: 'in', push: 'out', both: 'in and out' }

function describeCaps(caps) {
  return Object.entries(caps)
    .map(([k, v]) => `${k} ${CAPS[v] ?? v}`)
    .join(' · ')
}

function pick(kind) {
  current = connectors.find((c) => c.kind === kind)
  if (!current) return
  draft = null
  result.hidden = true
  details.hidden = false
  // the ERP's full mapping has its own editor; a new ERP connection starts from a preset
  const settings = schemaForm(current.configSchema, {
    pointer: '/settings',
    skip: current.settingsOnOwnPage ?? [],
  })
  const credentials = schemaForm(current.credentialsSchema, { pointer: '/credentials', secret: true })
  replaceChildren($('[data-slot="settings"]'), settings.el)
  replaceChildren($('[data-slot="credentials"]'), credentials.el)
  form._settings = settings
  form._credentials = credentials
  if (!nameInput.value) nameInput.value = current.title.replace(/\s*\(.*\)$/, '')
}

function collect() {
  const s = form._settings.collect()
  const c = form._credentials.collect()
  const errors = [...s.errors, ...c.errors]
  const name = nameInput.value.trim()
  if (!name) errors.push({ field: '/name', message: 'required' })
  const body = { kind: current.kind, name, settings: s.value, credentials: c.value }
  const tz = form.timeZone.value.trim()
  if (tz) body.timeZone = tz
  return { body, errors }
}

/** Create the connection, or bring the draft up to date with the form. */
async function persist(body, opts) {
  if (!draft) {
    const created = await api('POST', '/connections', body)
    draft = { id: created.id, credentials: JSON.stringify(body.credentials) }
    if (opts.disabled) await api('PATCH', `/connections/${draft.id}`, { status: 'disabled' })
    return draft.id
  }
  await api('PATCH', `/connections/${draft.id}`, {
    name: body.name,
    settings: body.settings,
    ...(opts.disabled ? {} : { status: 'connected' }),
  })
  // unchanged secrets are not sent again: replacing credentials also resets the connection's breaker
  const credentials = JSON.stringify(body.credentials)
  if (credentials !== draft.credentials) {
    await api('PUT', `/connections/${draft.id}/credentials`, body.credentials)
    draft.credentials = credentials
  }
  return draft.id
}

async function submit(mode) {
  clearErrors(form)
  if (!current) return showErrors(form, [{ field: '/kind', message: 'choose what kind of system to connect' }])
  const { body, errors } = collect()
  if (errors.length) return showErrors(form, errors)
  const buttons = [...form.querySelectorAll('[data-action]')]
  buttons.forEach((b) => {
    b.disabled = true
  })
  try {
    if (mode === 'test') {
      showResult(result, 'Testing…', 'info')
      const id = await persist(body, { disabled: true })
      const r = await api('POST', `/connections/${id}/test`)
      showResult(result, `${r.ok ? 'Connection works' : 'Connection failed'}: ${r.message}`, r.ok ? 'good' : 'bad')
      if (r.ok) result.append(h('span', { class: 'muted' }, ' — saved as a disabled draft; press Save to turn it on.'))
    } else {
      const id = await persist(body, { disabled: false })
      toast(`Saved ${body.name}`)
      location.assign(`/ui/connections/${id}`)
    }
  } catch (err) {
    if (err instanceof ApiError) showErrors(form, err)
    else showErrors(form, [], String(err))
    if (mode === 'test') result.hidden = true
  } finally {
    buttons.forEach((b) => {
      b.disabled = false
    })
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault()
  submit('save')
})
$('[data-action="test"]').addEventListener('click', () => submit('test'))

async function load() {
  const { items } = await api('GET', '/connectors')
  connectors = items
  replaceChildren(
    kindsBox,
    h('legend', { class: 'sr-only' }, 'Kind of system'),
    items.map((c) =>
      h(
        'label',
        null,
        h('input', {
          type: 'radio',
          name: 'kind',
          value: c.kind,
          data: { pointer: '/kind' },
          onChange: () => pick(c.kind),
        }),
        h('span', { class: 'kind-title' }, c.title),
        h('span', { class: 'kind-caps' }, `${c.role ?? ''}${c.role ? ' · ' : ''}${describeCaps(c.capabilities)}`),
      ),
    ),
  )
}

load().catch((err) => showErrors(form, err))
