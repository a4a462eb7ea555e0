// The ERP field-mapping editor: the mapping as JSON, a preset to start from, a preview of the
// (unsaved) mapping against a pasted sample (POST …/mapping/dry-run: records and every error by
// field, nothing written), and save (PUT …/mapping: a new version).
import { api, ApiError } from '../lib/api.js'
import { $, dl, emptyRow, h, jsonPre, link, replaceChildren } from '../lib/dom.js'
import { boot, busy, clearErrors, mainData, messageOf, showErrors, toast } from '../lib/ui.js'

boot()
const id = mainData('connectionId')
const form = $('[data-form="mapping"]')
const preview = $('[data-form="preview"]')
const out = $('[data-slot="preview"]')
const textarea = $('#mapping-json')
const presetSelect = $('#preset')

/** A JSON parse error as a field error with line and column. */
function parseMapping() {
  try {
    return { value: JSON.parse(textarea.value) }
  } catch (e) {
    const at = /position (\d+)/.exec(e.message)
    let where = ''
    if (at) {
      const before = textarea.value.slice(0, Number(at[1]))
      where = ` (line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')})`
    }
    return { error: { field: '/mapping', message: `not valid JSON${where}: ${e.message}` } }
  }
}

function show(m) {
  textarea.value = JSON.stringify(m.mapping, null, 2)
  $('[data-slot="version"]').textContent =
    m.source === 'own'
      ? `version ${m.mapping.version} (this connection's own)`
      : m.source === 'preset'
        ? `preset ${m.preset}, not saved yet`
        : 'no mapping yet'
}

/** A mapping error names its place inside the mapping; point at the editor and say where. */
function mappingErrors(err) {
  const fields = err instanceof ApiError ? err.fields : []
  if (!fields.length) return err
  return fields.map((f) => ({
    field: '/mapping',
    message: `${f.field.replace(/^\/mapping/, '') || '/'}: ${f.message}`,
  }))
}

form.addEventListener('submit', async (e) => {
  e.preventDefault()
  clearErrors(form)
  const parsed = parseMapping()
  if (parsed.error) return showErrors(form, [parsed.error])
  try {
    const r = await api('PUT', `/connections/${id}/mapping`, { mapping: parsed.value })
    show(r)
    toast(`Mapping saved as version ${r.version}`)
  } catch (err) {
    showErrors(form, mappingErrors(err))
  }
})

$('[data-action="load-preset"]').addEventListener('click', (e) =>
  busy(e.currentTarget, async () => {
    if (!presetSelect.value) return
    try {
      show(await api('GET', `/connections/${id}/mapping?preset=${encodeURIComponent(presetSelect.value)}`))
      toast(`Preset ${presetSelect.value} loaded: edit it, preview, then save`, 'info')
    } catch (err) {
      toast(messageOf(err), 'bad')
    }
  }),
)

function recordSummary(r) {
  const v = r.value ?? {}
  switch (r.type) {
    case 'product':
      return `product ${v.handle}: ${Object.values(v.title ?? {})[0] ?? ''} (${(v.variants ?? []).map((x) => x.sku).join(', ')})`
    case 'inventory_level':
      return `stock ${v.sku} @ ${v.locationCode}: on hand ${v.onHand}${v.available !== undefined ? `, available ${v.available}` : ''}`
    case 'inventory_delta':
      return `movement ${v.sku} @ ${v.locationCode}: ${v.delta > 0 ? '+' : ''}${v.delta} (${v.reason})`
    case 'price':
      return `price ${v.sku}: ${v.price?.amount} minor units ${v.price?.currency}${v.priceList ? ` (${v.priceList})` : ''}`
    case 'document_status':
      return `status of ${v.reference}: ${v.status}${v.externalId ? ` (ERP ${v.externalId})` : ''}`
    default:
      return r.type
  }
}

function renderPreview(r) {
  const errors = r.errors ?? []
  replaceChildren(
    out,
    dl([
      ['Document type', r.documentType ?? 'not recognised'],
      ['Records', `${r.summary.records} (${r.summary.ok} ok, ${r.summary.rejected} refused)`],
    ]),
    errors.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { data: { table: 'preview-errors' } },
            h('caption', null, 'Errors'),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, 'Record'),
                h('th', { scope: 'col' }, 'Field'),
                h('th', { scope: 'col' }, 'Problem'),
              ),
            ),
            h(
              'tbody',
              null,
              errors.map((e) =>
                h(
                  'tr',
                  null,
                  h('td', null, e.index < 0 ? 'document' : `#${e.index + 1} ${e.key ?? ''}`),
                  h('td', { class: 'mono' }, e.field ?? '—'),
                  h('td', null, `${e.message} (${e.code})`),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'result good' }, 'No errors.'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { data: { table: 'preview-records' } },
        h('caption', null, 'Canonical records'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Record'), h('th', { scope: 'col' }, 'Becomes'))),
        h(
          'tbody',
          null,
          r.records.length
            ? r.records.map((rec) =>
                h(
                  'tr',
                  null,
                  h('td', null, `#${rec.index + 1} ${rec.key}`),
                  h(
                    'td',
                    null,
                    rec.records.length
                      ? rec.records.map((c) => h('div', null, recordSummary(c)))
                      : h('span', { class: 'muted' }, 'nothing (refused)'),
                    h('details', null, h('summary', null, 'as JSON'), jsonPre(rec.records)),
                  ),
                ),
              )
            : emptyRow(2, 'No record.'),
        ),
      ),
    ),
  )
}

preview.addEventListener('submit', async (e) => {
  e.preventDefault()
  clearErrors(preview)
  clearErrors(form)
  const parsed = parseMapping()
  if (parsed.error) return showErrors(form, [parsed.error])
  const body = preview.elements.namedItem('body').value
  if (!body.trim()) return showErrors(preview, [{ field: '/body', message: 'paste a sample document' }])
  const documentType = preview.elements.namedItem('documentType').value
  try {
    const r = await api('POST', `/connections/${id}/mapping/dry-run`, {
      contentType: preview.elements.namedItem('contentType').value,
      body,
      mapping: parsed.value,
      ...(documentType ? { documentType } : {}),
    })
    renderPreview(r)
  } catch (err) {
    showErrors(preview, err)
  }
})

async function start() {
  const conn = await api('GET', `/connections/${id}`)
  $('h1').textContent = `ERP field mapping · ${conn.name}`
  document.title = `Field mapping · ${conn.name} · crossdock`
  const m = await api('GET', `/connections/${id}/mapping`)
  replaceChildren(
    presetSelect,
    h('option', { value: '' }, '—'),
    m.presets.map((p) => h('option', { value: p }, p)),
  )
  if (m.mapping) show(m)
  form.prepend(h('p', null, link(`/ui/connections/${id}`, `← ${conn.name}`)))
}

start().catch((err) => toast(messageOf(err), 'bad'))
