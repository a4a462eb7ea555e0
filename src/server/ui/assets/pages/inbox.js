// The webhook inbox: every event a remote system sent, newest first, filterable; open one to
// inspect, replay or discard it.
import { api, query } from '../lib/api.js'
import { $, badge, emptyRow, h, link, replaceChildren, timeEl } from '../lib/dom.js'
import { boot, messageOf, poll, toast } from '../lib/ui.js'
import { bindFilters, connectionList, fillConnectionSelect } from '../parts/filters.js'

boot()
const tbody = $('[data-table="inbox"] tbody')
const more = $('[data-action="more"]')
let names = new Map()
let cursor = null
let extra = []

function row(e) {
  return h('tr', { data: { inbox: e.id } },
    h('td', null, link(`/ui/inbox/${e.id}`, timeEl(e.received_at))),
    h('td', null, names.get(e.connection_id) ?? e.kind),
    h('td', { class: 'mono small' }, e.topic),
    h('td', { class: 'mono small' }, e.event_id),
    h('td', null, badge(e.status)),
    h('td', { class: 'num' }, String(e.attempts)),
    h('td', { class: 'small' }, e.error ?? ''))
}

const filters = bindFilters($('[data-form="filters"]'), () => {
  extra = []
  live.refresh()
})

async function refresh() {
  const page = await api('GET', `/inbox${query({ ...filters.values(), limit: 50 })}`)
  if (!extra.length) cursor = page.nextCursor
  more.hidden = !cursor
  replaceChildren(tbody, page.items.length || extra.length ? [...page.items, ...extra].map(row) : emptyRow(7, 'No webhook event matches.'))
}

more.addEventListener('click', async () => {
  try {
    const page = await api('GET', `/inbox${query({ ...filters.values(), limit: 50, cursor })}`)
    extra.push(...page.items)
    cursor = page.nextCursor
    tbody.append(...page.items.map(row))
    more.hidden = !cursor
  } catch (err) {
    toast(messageOf(err), 'bad')
  }
})

names = new Map((await connectionList()).map((c) => [c.id, c.name]))
await fillConnectionSelect($('#f-connectionId'))
filters.reapply()
const live = poll(refresh, 4000, $('[data-slot="live"]'))
