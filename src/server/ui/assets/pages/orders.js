// Orders, newest first, every 3 s: channel, destination, total in the order's own currency,
// status and routing; filters in the URL.
import { api, query } from '../lib/api.js'
import { $, badge, emptyRow, h, link, replaceChildren, timeEl } from '../lib/dom.js'
import { formatDate, formatMoney } from '../lib/format.js'
import { boot, messageOf, poll, toast } from '../lib/ui.js'
import { bindFilters, fillConnectionSelect } from '../parts/filters.js'

boot()
const tbody = $('[data-table="orders"] tbody')
const more = $('[data-action="more"]')
let cursor = null
let extra = []

function row(o) {
  return h('tr', { data: { order: o.id, status: o.status } },
    h('td', null, timeEl(o.placedAt), h('div', { class: 'muted small' }, formatDate(o.placedAt))),
    h('th', { scope: 'row' }, link(`/ui/orders/${o.id}`, o.number ?? o.externalId)),
    h('td', null, o.connection, h('div', { class: 'muted small' }, o.channel)),
    h('td', null, o.country ?? '—'),
    h('td', { class: 'num nowrap' }, formatMoney(o.total)),
    h('td', null, badge(o.status)),
    h('td', null, badge(o.routing)),
    h('td', null, o.shipBy ? timeEl(o.shipBy) : '—'))
}

const filters = bindFilters($('[data-form="filters"]'), () => {
  extra = []
  live.refresh()
})

async function refresh() {
  const page = await api('GET', `/orders${query({ ...filters.values(), limit: 50 })}`)
  if (!extra.length) cursor = page.nextCursor
  more.hidden = !cursor
  replaceChildren(tbody, page.items.length || extra.length ? [...page.items, ...extra].map(row) : emptyRow(8, 'No order matches.'))
}

more.addEventListener('click', async () => {
  try {
    const page = await api('GET', `/orders${query({ ...filters.values(), limit: 50, cursor })}`)
    extra.push(...page.items)
    cursor = page.nextCursor
    tbody.append(...page.items.map(row))
    more.hidden = !cursor
  } catch (err) {
    toast(messageOf(err), 'bad')
  }
})

await fillConnectionSelect($('#f-connectionId'))
filters.reapply()
const live = poll(refresh, 3000, $('[data-slot="live"]'))
