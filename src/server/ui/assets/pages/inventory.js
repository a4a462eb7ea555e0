// Inventory: find a SKU (or barcode) and see its stock at a glance — on hand and reserved over
// every location, and what each channel may sell — then open it for stock by location, ATS per
// channel and the ledger.
//
// GET /skus lists the catalog without stock, so each listed SKU's figures come from
// GET /inventory/:sku, a few at a time, once per page view (a list endpoint with the totals would
// make this one call: see docs/ui.md).
import { api } from '../lib/api.js'
import { h, link, replaceChildren } from '../lib/dom.js'
import { formatCount, localized } from '../lib/format.js'
import { boot } from '../lib/ui.js'
import { pagedList } from '../parts/paged-list.js'

boot()

const AT_ONCE = 4
const stock = new Map() // sku → Promise of its GET /inventory/:sku answer
const waiting = []
let running = 0

function pump() {
  while (running < AT_ONCE && waiting.length) {
    const job = waiting.shift()
    running++
    api('GET', `/inventory/${encodeURIComponent(job.sku)}`)
      .then(job.resolve, job.reject)
      .finally(() => {
        running--
        pump()
      })
  }
}

function stockOf(sku) {
  if (!stock.has(sku)) {
    stock.set(
      sku,
      new Promise((resolve, reject) => {
        waiting.push({ sku, resolve, reject })
        pump()
      }),
    )
  }
  return stock.get(sku)
}

/** On hand and reserved over every location; ATS for each channel that sells it. */
function stockSummary(inv) {
  return {
    onHand: inv.levels.reduce((n, l) => n + l.onHand, 0),
    reserved: inv.levels.reduce((n, l) => n + l.reserved, 0),
    channels: inv.channels.map((c) => ({ name: c.name, ats: c.ats })),
  }
}

function fillStock(cells, sku) {
  stockOf(sku).then(
    (inv) => {
      const s = stockSummary(inv)
      replaceChildren(cells.onHand, formatCount(s.onHand))
      replaceChildren(cells.reserved, formatCount(s.reserved))
      replaceChildren(
        cells.ats,
        s.channels.length
          ? h(
              'ul',
              { class: 'streams-list' },
              s.channels.map((c) =>
                h('li', { data: { channel: c.name } }, `${c.name}: `, h('strong', null, formatCount(c.ats))),
              ),
            )
          : h('span', { class: 'muted' }, 'no channel sells it'),
      )
    },
    () => {
      stock.delete(sku) // asked again at the next redraw
      for (const cell of Object.values(cells)) replaceChildren(cell, h('span', { class: 'muted' }, '?'))
    },
  )
}

function row(s) {
  const cells = {
    onHand: h('td', { class: 'num', data: { slot: 'on-hand' } }, '…'),
    reserved: h('td', { class: 'num', data: { slot: 'reserved' } }, '…'),
    ats: h('td', { data: { slot: 'ats' } }, '…'),
  }
  fillStock(cells, s.sku)
  return h(
    'tr',
    { data: { sku: s.sku } },
    h('th', { scope: 'row' }, link(`/ui/inventory/${encodeURIComponent(s.sku)}`, s.sku, { class: 'mono' })),
    h('td', null, localized(s.title, s.product ?? '')),
    h('td', { class: 'mono small' }, s.barcode ?? '—'),
    cells.onHand,
    cells.reserved,
    cells.ats,
  )
}

pagedList({
  path: '/skus',
  table: 'skus',
  form: '[data-form="search"]',
  key: (s) => s.sku,
  row,
  columns: 6,
  empty: ({ q }) => (q ? `No SKU matches "${q}".` : 'No SKU yet.'),
}).start()
