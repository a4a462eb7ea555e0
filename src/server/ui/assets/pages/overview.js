// Ops overview, every 3 s: per connection and stream the last run, lag, records per minute,
// failures and the circuit breaker; queue depths; the oversell window (p50/p99 over the last hour
// of the time from a stock change to the last channel updated).
import { api } from '../lib/api.js'
import { $, badge, emptyRow, h, link, replaceChildren, timeEl } from '../lib/dom.js'
import { formatCount, formatDuration } from '../lib/format.js'
import { boot, poll } from '../lib/ui.js'

boot()

function card(label, value, sub, slot) {
  return h(
    'div',
    { class: 'card', data: { card: slot } },
    h('div', { class: 'label' }, label),
    h('div', { class: 'value' }, value),
    sub ? h('div', { class: 'sub' }, sub) : null,
  )
}

function connectionPanel(c) {
  const breakerTone = c.breaker === 'open' ? 'bad' : c.breaker === 'half-open' ? 'warn' : 'good'
  return h(
    'section',
    { class: 'panel', data: { connection: c.id } },
    h(
      'div',
      { class: 'panel-head' },
      h('h2', null, link(`/ui/connections/${c.id}`, c.name)),
      h('span', { class: 'muted' }, c.kind),
      badge(c.status),
      badge(`breaker ${c.breaker}`, { tone: breakerTone }),
      h('span', { class: 'spacer' }),
      link(`/ui/runs?connectionId=${c.id}`, 'Runs'),
    ),
    c.statusReason ? h('p', { class: 'muted small' }, c.statusReason) : null,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['Stream', 'Last run', 'Counts', 'Lag', 'Records/min', 'Failures (10 min)'].map((t, i) =>
              h('th', { scope: 'col', class: i >= 3 ? 'num' : null }, t),
            ),
          ),
        ),
        h(
          'tbody',
          null,
          c.streams.length
            ? c.streams.map((s) =>
                h(
                  'tr',
                  { class: s.enabled ? null : 'resolved' },
                  h(
                    'th',
                    { scope: 'row' },
                    `${s.stream} `,
                    h('span', { class: 'muted small' }, s.direction),
                    s.enabled ? null : h('span', { class: 'muted small' }, ' (off)'),
                  ),
                  h(
                    'td',
                    null,
                    s.lastRun
                      ? [link(`/ui/runs/${s.lastRun.id}`, badge(s.lastRun.status)), ' ', timeEl(s.lastRun.startedAt)]
                      : h('span', { class: 'muted' }, 'never'),
                  ),
                  h(
                    'td',
                    { class: 'small' },
                    s.lastRun ? `${formatCount(s.lastRun.seen)} seen · ${formatCount(s.lastRun.failed)} failed` : '—',
                    s.lastRun?.error ? h('div', { class: 'muted small' }, s.lastRun.error) : null,
                  ),
                  h('td', { class: 'num' }, s.lagSeconds === null ? '—' : formatDuration(s.lagSeconds * 1000)),
                  h('td', { class: 'num' }, formatCount(s.recordsPerMinute)),
                  h(
                    'td',
                    { class: 'num' },
                    s.failuresLast10Min ? h('strong', { class: 'badge bad' }, formatCount(s.failuresLast10Min)) : '0',
                  ),
                ),
              )
            : emptyRow(6, 'No streams.'),
        ),
      ),
    ),
  )
}

async function refresh() {
  const [o, q] = await Promise.all([api('GET', '/overview'), api('GET', '/queues')])
  const w = o.oversellWindow
  const failing = o.connections.filter((c) => c.status === 'failing' || c.breaker === 'open').length
  const waiting = Object.values(q.queues).reduce((s, x) => s + x.waiting, 0)
  replaceChildren(
    $('[data-slot="cards"]'),
    card(
      'Oversell window p50',
      w.p50Ms === null ? '—' : formatDuration(w.p50Ms),
      `${formatCount(w.samples)} stock changes pushed in the last hour`,
      'oversell-p50',
    ),
    card(
      'Oversell window p99',
      w.p99Ms === null ? '—' : formatDuration(w.p99Ms),
      'from a stock change to the last channel updated',
      'oversell-p99',
    ),
    card(
      'Connections',
      formatCount(o.connections.length),
      failing ? `${failing} failing` : 'all healthy',
      'connections',
    ),
    card('Jobs waiting', formatCount(waiting), `${formatCount(q.dead)} dead letters`, 'queues'),
  )
  replaceChildren(
    $('[data-slot="connections"]'),
    o.connections.length
      ? o.connections.map(connectionPanel)
      : h('p', { class: 'panel' }, 'No connection yet. ', link('/ui/connections/new', 'Add one'), '.'),
  )
  replaceChildren(
    $('[data-table="queues"] tbody'),
    Object.entries(q.queues).map(([name, d]) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, name === 'dead-letter' ? link('/ui/dead-letters', name) : name),
        h('td', { class: 'num' }, formatCount(d.waiting)),
        h('td', { class: 'num' }, formatCount(d.active)),
        h('td', { class: 'num' }, formatCount(d.failed)),
      ),
    ),
  )
}

poll(refresh, 3000, $('[data-slot="live"]'))
