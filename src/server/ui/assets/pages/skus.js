// SKU mapping: external listings a connection reported with no canonical SKU, with suggested
// matches to accept in bulk (or a SKU typed by hand), and the searchable catalog with each SKU's
// external SKU on every connection.
/* global URLSearchParams, location, history */
import { api } from '../lib/api.js'
import { $, $$, emptyRow, h, replaceChildren } from '../lib/dom.js'
import { localized } from '../lib/format.js'
import { boot, clearErrors, messageOf, poll, showErrors, toast } from '../lib/ui.js'
import { withParams } from '../parts/filters.js'
import { pagedList } from '../parts/paged-list.js'

boot()
const params = new URLSearchParams(location.search)
const select = $('#unmatched-connection')
const form = $('[data-form="unmatched"]')
const tbody = $('[data-table="unmatched"] tbody')
const selectAll = $('[data-action="select-all"]')
const selectedNote = $('[data-slot="selected"]')
let lastShape = ''

function countSelected() {
  const n = $$('input[name="pick"]:checked', tbody).length
  selectedNote.textContent = n ? `${n} selected` : ''
}

async function refreshUnmatched() {
  const connectionId = select.value
  if (!connectionId) return
  const { items } = await api('GET', `/connections/${connectionId}/unmatched`)
  const shape = JSON.stringify(items)
  if (shape === lastShape) return
  lastShape = shape
  if (!items.length) {
    replaceChildren(tbody, emptyRow(5, 'Every listing of this connection is matched.'))
    countSelected()
    return
  }
  replaceChildren(
    tbody,
    items.map((u, i) => {
      const pickId = `pick-${i}`
      const skuId = `sku-${i}`
      return h(
        'tr',
        { data: { externalId: u.externalId, scope: u.scope ?? '' } },
        h(
          'td',
          null,
          h('input', {
            type: 'checkbox',
            name: 'pick',
            id: pickId,
            value: u.externalId,
            checked: false,
            data: { key: `pick:${u.externalId}` },
            onChange: countSelected,
            'aria-label': `Accept a match for ${u.externalSku}`,
          }),
        ),
        h('th', { scope: 'row' }, h('label', { for: pickId, class: 'mono' }, u.externalSku)),
        h(
          'td',
          { class: 'small' },
          h('span', { class: 'mono' }, u.externalId),
          u.scope ? h('div', { class: 'muted' }, `in ${u.scope}`) : null,
          u.title ? h('div', { class: 'muted' }, u.title) : null,
        ),
        h(
          'td',
          null,
          h('label', { for: skuId, class: 'sr-only' }, `Canonical SKU for ${u.externalSku}`),
          h('input', {
            id: skuId,
            name: 'sku',
            value: u.suggestion?.sku ?? '',
            list: 'canonical-skus',
            class: 'mono',
            autocomplete: 'off',
            data: { pointer: `/items/${i}/sku`, key: `sku:${u.externalId}`, externalSku: u.externalSku },
          }),
        ),
        h(
          'td',
          null,
          u.suggestion ? u.suggestion.reason : h('span', { class: 'muted' }, 'no match found: type the SKU'),
        ),
      )
    }),
  )
  countSelected()
}

selectAll.addEventListener('change', () => {
  for (const row of $$('tr[data-external-id]', tbody)) {
    const cb = row.querySelector('input[name="pick"]')
    const sku = row.querySelector('input[name="sku"]').value.trim()
    cb.checked = selectAll.checked && Boolean(sku)
  }
  countSelected()
})

form.addEventListener('submit', async (e) => {
  e.preventDefault()
  clearErrors(form)
  const rows = $$('tr[data-external-id]', tbody).filter((r) => r.querySelector('input[name="pick"]').checked)
  if (!rows.length) return showErrors(form, [], 'Select the rows to accept first.')
  const items = rows.map((r) => {
    const input = r.querySelector('input[name="sku"]')
    return {
      externalId: r.dataset.externalId,
      externalSku: input.dataset.externalSku,
      sku: input.value.trim(),
      ...(r.dataset.scope ? { scope: r.dataset.scope } : {}),
    }
  })
  const missing = items
    .map((it, i) =>
      it.sku
        ? null
        : { field: rows[i].querySelector('input[name="sku"]').dataset.pointer, message: 'which canonical SKU?' },
    )
    .filter(Boolean)
  if (missing.length) return showErrors(form, missing)
  try {
    const r = await api('POST', `/connections/${select.value}/bindings`, { items })
    toast(`${r.bound} SKU${r.bound === 1 ? '' : 's'} matched`)
    selectAll.checked = false
    lastShape = ''
    await Promise.all([refreshUnmatched(), catalog.refresh()])
  } catch (err) {
    if (err.code === 'SKU_UNKNOWN' && Array.isArray(err.details?.skus)) {
      return showErrors(
        form,
        rows
          .map((r) => r.querySelector('input[name="sku"]'))
          .filter((i) => err.details.skus.includes(i.value.trim()))
          .map((i) => ({ field: i.dataset.pointer, message: 'not in the catalog' })),
      )
    }
    showErrors(form, err)
  }
})

// ---- catalog --------------------------------------------------------------------------------

const datalist = h('datalist', { id: 'canonical-skus' })
document.body.append(datalist)

function skuRow(s) {
  return h(
    'tr',
    { data: { sku: s.sku } },
    h('th', { scope: 'row', class: 'mono' }, s.sku),
    h('td', null, localized(s.title, s.product ?? '')),
    h('td', { class: 'mono small' }, s.barcode ?? '—'),
    h(
      'td',
      null,
      s.bindings.length
        ? h(
            'ul',
            { class: 'streams-list' },
            s.bindings.map((b) =>
              h(
                'li',
                null,
                `${b.connection}: `,
                h('span', { class: 'mono' }, b.externalSku ?? b.externalId),
                b.scope ? h('span', { class: 'muted' }, ` (${b.scope})`) : null,
              ),
            ),
          )
        : h('span', { class: 'muted' }, 'not on any connection'),
    ),
  )
}

const catalog = pagedList({
  path: '/skus',
  table: 'skus',
  form: '[data-form="search"]',
  key: (s) => s.sku,
  row: skuRow,
  columns: 4,
  empty: ({ q }) => (q ? `No SKU matches "${q}".` : 'The catalog is empty: it fills from the ERP or the store.'),
  // the canonical SKUs offered while typing a match: the catalog's first page, unfiltered
  onRender: (items, { q }) => {
    if (!q)
      replaceChildren(
        datalist,
        items.map((s) => h('option', { value: s.sku }, localized(s.title, s.product ?? ''))),
      )
  },
})

async function start() {
  const { items } = await api('GET', '/connections')
  replaceChildren(
    select,
    items.map((c) => h('option', { value: c.id }, `${c.name} (${c.kind})`)),
  )
  const wanted = params.get('connection')
  if (wanted && items.some((c) => c.id === wanted)) select.value = wanted
  select.addEventListener('change', () => {
    lastShape = ''
    history.replaceState(null, '', withParams({ connection: select.value }))
    refreshUnmatched().catch((err) => toast(messageOf(err), 'bad'))
  })
  catalog.start()
  poll(refreshUnmatched, 5000, $('[data-slot="live"]'))
}

start().catch((err) => toast(messageOf(err), 'bad'))
