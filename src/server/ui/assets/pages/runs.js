// Runs: newest first, filtered by connection, stream, direction and status (the filters live in
// the URL); the first page refreshes every 4 s, "Load more" pages on with the API's cursor.
import { api, query } from '../lib/api.js'
import { $, badge, emptyRow, h, link, replaceChildren, timeEl } from '../lib/dom.js'
import { formatCount, formatDuration } from '../lib/format.js'
import { boot, messageOf, poll, toast } from '../lib/ui.js'
import { bindFilters, fillConnectionSelect } from '../parts/filters.js'

boot()
const tbody = $('[data-table="runs"] tbody')
const more = $('[data-action="more"]')
let cursor = null
let extra = []

function row(r) {
  const c = r.counts
  return h('tr', { data: { run: r.id } },
    h('td', null, link(`/ui/runs/${r.id}`, timeEl(r.startedAt), { 'aria-label': `Run of ${r.connectionName} ${r.stream} ${r.direction}, started ${new Date(r.startedAt).toLocaleString()}` })),
    h('td', null, r.connectionName), h('td', null, `${r.stream} `, h('span', { class: 'muted small' }, r.direction)), h('td', null, r.trigger),
    h('td', null, badge(r.status), r.error ? h('div', { class: 'muted small' }, r.error) : null),
    h('td', { class: 'num' }, formatCount(c.seen)), h('td', { class: 'num' }, formatCount(c.created)), h('td', { class: 'num' }, formatCount(c.updated)),
    h('td', { class: 'num' }, formatCount(c.unchanged)), h('td', { class: 'num' }, c.failed ? h('strong', null, formatCount(c.failed)) : '0'),
    h('td', { class: 'num' }, r.durationMs === null ? 'running' : formatDuration(r.durationMs)))
}

const filters = bindFilters($('[data-form="filters"]'), () => {
  extra = []
  live.refresh()
})

async function refresh() {
  const page = await api('GET', `/runs${query({ ...filters.values(), limit: 50 })}`)
  if (!extra.length) cursor = page.nextCursor
  more.hidden = !cursor
  replaceChildren(tbody, page.items.length || extra.length ? [...page.items, ...extra].map(row) : emptyRow(11, 'No run matches.'))
}

more.addEventListener('click', async () => {
  try {
    const page = await api('GET', `/runs${query({ ...filters.values(), limit: 50, cursor })}`)
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
const live = poll(refresh, 4000, $('[data-slot="live"]'))
