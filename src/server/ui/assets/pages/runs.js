// Runs: newest first, filtered by connection, stream, direction and status (the filters live in
// the URL); the first page refreshes every 4 s, "Load more" pages on with the API's cursor.
import { $, badge, h, link, timeEl } from '../lib/dom.js'
import { formatCount, formatDuration } from '../lib/format.js'
import { boot } from '../lib/ui.js'
import { fillConnectionSelect } from '../parts/filters.js'
import { pagedList } from '../parts/paged-list.js'

boot()

function row(r) {
  const c = r.counts
  return h(
    'tr',
    { data: { run: r.id } },
    h(
      'td',
      null,
      link(`/ui/runs/${r.id}`, timeEl(r.startedAt), {
        'aria-label': `Run of ${r.connectionName} ${r.stream} ${r.direction}, started ${new Date(r.startedAt).toLocaleString()}`,
      }),
    ),
    h('td', null, r.connectionName),
    h('td', null, `${r.stream} `, h('span', { class: 'muted small' }, r.direction)),
    h('td', null, r.trigger),
    h('td', null, badge(r.status), r.error ? h('div', { class: 'muted small' }, r.error) : null),
    h('td', { class: 'num' }, formatCount(c.seen)),
    h('td', { class: 'num' }, formatCount(c.created)),
    h('td', { class: 'num' }, formatCount(c.updated)),
    h('td', { class: 'num' }, formatCount(c.unchanged)),
    h('td', { class: 'num' }, c.failed ? h('strong', null, formatCount(c.failed)) : '0'),
    h('td', { class: 'num' }, r.durationMs === null ? 'running' : formatDuration(r.durationMs)),
  )
}

const list = pagedList({ path: '/runs', table: 'runs', row, columns: 11, empty: 'No run matches.', everyMs: 4000 })

await fillConnectionSelect($('#f-connectionId'))
list.start()
