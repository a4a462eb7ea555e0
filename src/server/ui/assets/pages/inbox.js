// The webhook inbox: every event a remote system sent, newest first, filterable; open one to
// inspect, replay or discard it.
import { $, badge, h, link, timeEl } from '../lib/dom.js'
import { boot } from '../lib/ui.js'
import { connectionList, fillConnectionSelect } from '../parts/filters.js'
import { pagedList } from '../parts/paged-list.js'

boot()
let names = new Map()

function row(e) {
  return h(
    'tr',
    { data: { inbox: e.id } },
    h('td', null, link(`/ui/inbox/${e.id}`, timeEl(e.received_at))),
    h('td', null, names.get(e.connection_id) ?? e.kind),
    h('td', { class: 'mono small' }, e.topic),
    h('td', { class: 'mono small' }, e.event_id),
    h('td', null, badge(e.status)),
    h('td', { class: 'num' }, String(e.attempts)),
    h('td', { class: 'small' }, e.error ?? ''),
  )
}

const list = pagedList({
  path: '/inbox',
  table: 'inbox',
  row,
  columns: 7,
  empty: 'No webhook event matches.',
  everyMs: 4000,
})

names = new Map((await connectionList()).map((c) => [c.id, c.name]))
await fillConnectionSelect($('#f-connectionId'))
list.start()
