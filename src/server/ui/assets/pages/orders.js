// Orders, newest first, every 3 s: channel, destination, total in the order's own currency,
// status and routing; filters in the URL.
import { $, badge, h, link, timeEl } from '../lib/dom.js'
import { formatDate, formatMoney } from '../lib/format.js'
import { boot } from '../lib/ui.js'
import { fillConnectionSelect } from '../parts/filters.js'
import { pagedList } from '../parts/paged-list.js'

boot()

function row(o) {
  return h(
    'tr',
    { data: { order: o.id, status: o.status } },
    h('td', null, timeEl(o.placedAt), h('div', { class: 'muted small' }, formatDate(o.placedAt))),
    h('th', { scope: 'row' }, link(`/ui/orders/${o.id}`, o.number ?? o.externalId)),
    h('td', null, o.connection, h('div', { class: 'muted small' }, o.channel)),
    h('td', null, o.country ?? '—'),
    h('td', { class: 'num nowrap' }, formatMoney(o.total)),
    h('td', null, badge(o.status)),
    h('td', null, badge(o.routing)),
    h('td', null, o.shipBy ? timeEl(o.shipBy) : '—'),
  )
}

const list = pagedList({ path: '/orders', table: 'orders', row, columns: 8, empty: 'No order matches.', everyMs: 3000 })

await fillConnectionSelect($('#f-connectionId'))
list.start()
