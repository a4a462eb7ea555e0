// One SKU, every 3 s: on hand and reserved by location, what each channel may sell (ATS, with
// the rule that made it) and what was last pushed there, and the ledger history.
import { api } from '../lib/api.js'
import { $, emptyRow, h, link, replaceChildren, timeEl } from '../lib/dom.js'
import { formatCount } from '../lib/format.js'
import { boot, mainData, poll } from '../lib/ui.js'

boot()
const sku = mainData('sku')

function delta(n) {
  if (!n) return h('span', { class: 'muted' }, '0')
  return h('span', { class: n > 0 ? 'delta-up' : 'delta-down' }, `${n > 0 ? '+' : '−'}${formatCount(Math.abs(n))}`)
}

function ruleText(r) {
  const parts = []
  if (r.buffer) parts.push(`buffer ${r.buffer}`)
  if (r.cap !== null && r.cap !== undefined) parts.push(`cap ${r.cap}`)
  if (r.sharePercent !== 100) parts.push(`share ${r.sharePercent}%`)
  return parts.join(', ') || 'no rule'
}

function sourceLink(source) {
  const m = /^(pull|push):([0-9a-f-]{36})$/.exec(source ?? '')
  if (m) return link(`/ui/runs/${m[2]}`, source)
  const w = /^webhook:([0-9a-f-]{36})$/.exec(source ?? '')
  if (w) return link(`/ui/inbox/${w[1]}`, source)
  const o = /^order:([0-9a-f-]{36})$/.exec(source ?? '')
  if (o) return link(`/ui/orders/${o[1]}`, source)
  return source ?? ''
}

async function refresh() {
  const s = await api('GET', `/inventory/${encodeURIComponent(sku)}`)
  replaceChildren(
    $('[data-table="levels"] tbody'),
    s.levels.length
      ? s.levels.map((l) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, l.location, ' ', h('span', { class: 'muted small' }, l.name)),
            h('td', { class: 'num' }, formatCount(l.onHand)),
            h('td', { class: 'num' }, formatCount(l.reserved)),
            h('td', { class: 'num' }, h('strong', null, formatCount(l.free))),
            h('td', { class: 'num' }, l.remoteAvailable === null ? '—' : formatCount(l.remoteAvailable)),
            h('td', null, timeEl(l.updatedAt)),
          ),
        )
      : emptyRow(6, 'No stock recorded anywhere.'),
  )
  replaceChildren(
    $('[data-table="channels"] tbody'),
    s.channels.length
      ? s.channels.map((c) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, link(`/ui/connections/${c.connectionId}#rules`, c.name)),
            h('td', { class: 'num' }, h('strong', null, formatCount(c.ats))),
            h('td', null, ruleText(c.rule)),
            h(
              'td',
              null,
              c.pushed.length
                ? h(
                    'ul',
                    { class: 'streams-list' },
                    c.pushed.map((p) =>
                      h('li', null, `${formatCount(p.quantity)}${p.target ? ` → ${p.target}` : ''} `, timeEl(p.at)),
                    ),
                  )
                : h('span', { class: 'muted' }, 'never pushed'),
            ),
          ),
        )
      : emptyRow(4, 'No channel has serving locations yet.'),
  )
  replaceChildren(
    $('[data-table="ledger"] tbody'),
    s.ledger.length
      ? s.ledger.map((g) =>
          h(
            'tr',
            null,
            h('td', null, timeEl(g.occurred_at)),
            h('td', null, g.code),
            h('td', { class: 'num' }, delta(g.on_hand_delta)),
            h('td', { class: 'num' }, delta(g.reserved_delta)),
            h('td', null, g.reason),
            h('td', { class: 'small mono' }, sourceLink(g.source)),
          ),
        )
      : emptyRow(6, 'No movement yet.'),
  )
}

poll(refresh, 3000, $('[data-slot="live"]'))
