// One connection: status and test, streams, serving locations, inventory rule with a live ATS
// preview, the webhook URL and secret, settings and credentials (replaced, never shown).
/* global crypto */
import { api } from '../lib/api.js'
import { $, badge, dl, h, link, replaceChildren, timeEl } from '../lib/dom.js'
import { schemaForm } from '../lib/schema-form.js'
import {
  boot,
  busy,
  clearErrors,
  copyButton,
  mainData,
  messageOf,
  poll,
  showErrors,
  showResult,
  toast,
} from '../lib/ui.js'
import { locationsSection } from '../parts/locations.js'
import { rulesSection } from '../parts/rules.js'
import { streamsSection } from '../parts/streams.js'

boot()
const id = mainData('connectionId')
const testResult = $('[data-slot="test-result"]')
const toggle = $('[data-action="toggle"]')
let conn = null
let connector = null

function renderStatus() {
  document.title = `${conn.name} · crossdock`
  $('h1').textContent = conn.name
  replaceChildren($('[data-slot="status"]'), badge(conn.status))
  replaceChildren(
    $('[data-slot="summary"]'),
    dl([
      ['Kind', `${connector?.title ?? conn.kind}`],
      conn.statusReason ? ['Why', conn.statusReason] : null,
      ['Time zone', conn.timeZone ?? 'the business’s'],
      ['Created', timeEl(conn.createdAt)],
      ['Changed', timeEl(conn.updatedAt)],
    ]),
  )
  toggle.textContent = conn.status === 'disabled' ? 'Enable' : 'Disable'
}

function renderLinks() {
  replaceChildren(
    $('[data-slot="extra-links"]'),
    link(`/ui/skus?connection=${id}`, 'SKU mapping'),
    // pages the connector adds for its connections (e.g. a field-mapping editor)
    ...(connector?.pages ?? []).map((p) => link(`/ui/connections/${id}${p.path}`, p.linkText)),
    link(`/ui/runs?connectionId=${id}`, 'Runs'),
    connector?.role === 'channel' || !connector?.role ? link(`/ui/orders?connectionId=${id}`, 'Orders') : null,
  )
}

function renderCredentials() {
  const masked = Object.entries(conn.credentials ?? {})
  replaceChildren(
    $('[data-slot="credentials-masked"]'),
    masked.length
      ? dl(masked.map(([k, v]) => [k, h('span', { class: 'mono' }, v || '—')]))
      : h('p', { class: 'muted' }, 'No credentials stored.'),
  )
}

let settingsForm = null
let credentialsForm = null

function renderForms() {
  const skip = connector.settingsOnOwnPage ?? []
  settingsForm = schemaForm(connector.configSchema, { pointer: '/settings', values: conn.settings, skip })
  replaceChildren($('[data-form="settings"] [data-slot="settings"]'), settingsForm.el)
  $('#conn-name').value = conn.name
  credentialsForm = schemaForm(connector.credentialsSchema, { pointer: '', secret: true })
  replaceChildren($('[data-form="credentials"] [data-slot="credentials"]'), credentialsForm.el)
}

async function renderWebhook() {
  const box = $('[data-slot="webhook"]')
  try {
    const w = await api('GET', `/connections/${id}/webhook`)
    // which credential signs what the remote sends to the webhook URL, as its connector says
    const secretName = connector?.webhookSecret?.credential
    const masked = secretName ? conn.credentials?.[secretName] : undefined
    const url = h('input', { id: 'webhook-url', readonly: true, value: w.url, class: 'mono' })
    const gen = h('button', { type: 'button', class: 'secondary small' }, 'Generate a new secret')
    gen.addEventListener('click', () => {
      const bytes = crypto.getRandomValues(new Uint8Array(24))
      const secret = `whsec_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`
      const details = $('[data-slot="replace-credentials"]')
      details.open = true
      const input = details.querySelector(`[data-pointer="/${secretName}"]`)
      if (input) {
        input.type = 'text'
        input.value = secret
        input.focus()
      }
      toast(
        'A new secret is in the credentials form: give it to the remote system, fill the other credentials, then replace',
        'info',
      )
    })
    replaceChildren(
      box,
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'webhook-url' }, 'Webhook URL'),
        h(
          'div',
          { class: 'toolbar' },
          url,
          copyButton(() => w.url, 'Copy URL'),
        ),
      ),
      secretName
        ? h(
            'p',
            null,
            'Signing secret: the ',
            h('code', null, secretName),
            ' credential',
            masked ? [' (', h('span', { class: 'mono' }, masked), ')'] : ' (not set)',
            connector.webhookSecret.note ? `. ${connector.webhookSecret.note}` : '.',
          )
        : null,
      h('p', { class: 'hint' }, w.note),
      secretName ? gen : null,
    )
  } catch (err) {
    replaceChildren(box, h('p', { class: 'muted' }, `The webhook URL needs the admin role (${messageOf(err)}).`))
  }
}

async function loadConnection() {
  conn = await api('GET', `/connections/${id}`)
  renderStatus()
  renderCredentials()
}

$('[data-action="test"]').addEventListener('click', (e) =>
  busy(e.currentTarget, async () => {
    showResult(testResult, 'Testing…', 'info')
    try {
      const r = await api('POST', `/connections/${id}/test`)
      showResult(testResult, `${r.ok ? 'Connection works' : 'Connection failed'}: ${r.message}`, r.ok ? 'good' : 'bad')
    } catch (err) {
      showResult(testResult, messageOf(err), 'bad')
    }
  }),
)

toggle.addEventListener('click', () =>
  busy(toggle, async () => {
    try {
      const status = conn.status === 'disabled' ? 'connected' : 'disabled'
      conn = await api('PATCH', `/connections/${id}`, { status })
      renderStatus()
      toast(status === 'disabled' ? 'Disabled: no schedule runs, nothing is pushed' : 'Enabled')
    } catch (err) {
      toast(messageOf(err), 'bad')
    }
  }),
)

$('[data-form="settings"]').addEventListener('submit', async (e) => {
  e.preventDefault()
  const form = e.currentTarget
  clearErrors(form)
  const s = settingsForm.collect()
  if (s.errors.length) return showErrors(form, s.errors)
  const settings = { ...s.value }
  // settings edited on a page of their own keep their value
  for (const key of connector.settingsOnOwnPage ?? [])
    if (conn.settings[key] !== undefined) settings[key] = conn.settings[key]
  try {
    conn = await api('PATCH', `/connections/${id}`, { name: $('#conn-name').value.trim() || conn.name, settings })
    renderStatus()
    toast('Settings saved')
  } catch (err) {
    showErrors(form, err)
  }
})

$('[data-form="credentials"]').addEventListener('submit', async (e) => {
  e.preventDefault()
  const form = e.currentTarget
  clearErrors(form)
  const c = credentialsForm.collect()
  if (c.errors.length) return showErrors(form, c.errors)
  try {
    conn = await api('PUT', `/connections/${id}/credentials`, c.value)
    renderCredentials()
    renderForms()
    await renderWebhook()
    toast('Credentials replaced')
  } catch (err) {
    // the API names credential fields /credentials/x; this form's controls are /x
    if (err.fields?.length)
      err.details.fields = err.fields.map((f) => ({ ...f, field: f.field.replace(/^\/credentials/, '') }))
    showErrors(form, err)
  }
})

async function start() {
  await loadConnection()
  const { items } = await api('GET', '/connectors')
  connector = items.find((c) => c.kind === conn.kind)
  renderStatus()
  renderLinks()
  if (connector) renderForms()
  await renderWebhook()
  const locations = locationsSection(id, connector?.role)
  const rules = rulesSection(id, locations.servingCodes)
  await locations.load()
  await rules.load()
  $('[data-form="locations"]').addEventListener('locations-changed', () => rules.refreshSample())
  const streams = streamsSection(id)
  poll(
    async () => {
      await Promise.all([streams.refresh(), loadConnection()])
    },
    5000,
    $('[data-slot="live"]'),
  )
}

start().catch((err) => toast(messageOf(err), 'bad'))
