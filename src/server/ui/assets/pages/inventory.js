// Inventory: find a SKU (or barcode), open it for its stock by location, ATS per channel and
// ledger.
import { api, query } from '../lib/api.js'
import { $, emptyRow, h, link, replaceChildren } from '../lib/dom.js'
import { localized } from '../lib/format.js'
import { boot, messageOf, toast } from '../lib/ui.js'

boot()
const form = $('[data-form="search"]')
const tbody = $('[data-table="skus"] tbody')
const more = $('[data-action="more"]')
let cursor = null

function row(s) {
  return h(
    'tr',
    null,
    h('th', { scope: 'row' }, link(`/ui/inventory/${encodeURIComponent(s.sku)}`, s.sku, { class: 'mono' })),
    h('td', null, localized(s.title, s.product ?? '')),
    h('td', { class: 'mono small' }, s.barcode ?? '—'),
  )
}

async function search(append = false) {
  const q = form.q.value.trim()
  const page = await api('GET', `/skus${query({ q, limit: 50, cursor: append ? cursor : undefined })}`)
  cursor = page.nextCursor
  more.hidden = !cursor
  if (append) tbody.append(...page.items.map(row))
  else
    replaceChildren(
      tbody,
      page.items.length ? page.items.map(row) : emptyRow(3, q ? `No SKU matches "${q}".` : 'No SKU yet.'),
    )
}

form.addEventListener('submit', (e) => {
  e.preventDefault()
  search().catch((err) => toast(messageOf(err), 'bad'))
})
more.addEventListener('click', () => search(true).catch((err) => toast(messageOf(err), 'bad')))
search().catch((err) => toast(messageOf(err), 'bad'))
