// Connections: status, and per stream the last successful sync and how long ago that was (lag),
// refreshed every 5 s.
import { api } from '../lib/api.js'
import { $, badge, emptyRow, h, link, replaceChildren, timeEl } from '../lib/dom.js'
import { formatDuration } from '../lib/format.js'
import { boot, poll } from '../lib/ui.js'

boot()
const tbody = $('[data-table="connections"] tbody')

/** A pull stream older than three of its intervals (roughly) is shown as stale. */
function lagClass(s) {
  if (!s.lastSuccessAt) return 'never-dot'
  const lag = Date.now() - new Date(s.lastSuccessAt).getTime()
  return lag > 30 * 60_000 ? 'stale-dot' : 'ok-dot'
}

function streamsCell(streams) {
  const pulls = streams.filter((s) => s.direction === 'pull')
  const pushes = streams.filter((s) => s.direction === 'push').map((s) => s.stream)
  return h(
    'td',
    null,
    h(
      'ul',
      { class: 'streams-list' },
      pulls.map((s) =>
        h(
          'li',
          { class: lagClass(s) },
          `${s.stream} `,
          s.enabled ? null : h('span', { class: 'muted' }, '(off) '),
          s.lastSuccessAt
            ? [
                timeEl(s.lastSuccessAt),
                h(
                  'span',
                  { class: 'muted' },
                  ` · lag ${formatDuration(Date.now() - new Date(s.lastSuccessAt).getTime())}`,
                ),
              ]
            : h('span', { class: 'muted' }, 'never synced'),
        ),
      ),
    ),
    pushes.length ? h('p', { class: 'muted small' }, `pushes: ${pushes.join(', ')}`) : null,
  )
}

async function refresh() {
  const { items } = await api('GET', '/connections')
  if (!items.length) {
    replaceChildren(tbody, emptyRow(4, 'No connection yet: add your store, marketplace, ERP and warehouses.'))
    return
  }
  replaceChildren(
    tbody,
    items.map((c) =>
      h(
        'tr',
        { data: { id: c.id } },
        h('th', { scope: 'row' }, link(`/ui/connections/${c.id}`, c.name)),
        h('td', null, c.kind),
        h('td', null, badge(c.status), c.statusReason ? h('p', { class: 'muted small' }, c.statusReason) : null),
        streamsCell(c.streams),
      ),
    ),
  )
}

poll(refresh, 5000, $('[data-slot="live"]'))
