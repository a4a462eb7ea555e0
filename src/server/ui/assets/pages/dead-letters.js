// Dead letters: jobs that used up their retries. Inspect (the job's data and last output),
// replay (back to its queue) or discard with a reason (audited). Refreshes every 5 s unless a
// discard form is open.
import { api } from '../lib/api.js'
import { $, badge, emptyRow, h, jsonPre, replaceChildren, timeEl } from '../lib/dom.js'
import { boot, busy, messageOf, poll, reasonForm, toast } from '../lib/ui.js'

boot()
const tbody = $('[data-table="dead"] tbody')
let discarding = null

function what(d) {
  const data = d.data ?? {}
  const bits = Object.entries(data)
    .filter(([k]) => k !== 'tenantId')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
  return bits.join(' · ') || '—'
}

/** The failing job's last error: the API's GET /dead-letters carries it as sourceOutput (asked for), else output. */
function lastError(d) {
  const o = d.lastError ?? d.sourceOutput ?? d.output
  if (!o) return '—'
  if (typeof o === 'string') return o
  return o.message ?? o.value?.message ?? JSON.stringify(o).slice(0, 200)
}

function row(d) {
  const replay = h('button', { type: 'button', class: 'small', data: { key: `replay:${d.id}` } }, 'Replay')
  replay.addEventListener('click', () =>
    busy(replay, async () => {
      try {
        const r = await api('POST', `/dead-letters/${d.id}/replay`)
        toast(`Sent back to ${d.source} as job ${r.jobId}`)
        live.refresh()
      } catch (err) {
        toast(messageOf(err), 'bad')
      }
    }),
  )
  const discard = h(
    'button',
    { type: 'button', class: 'secondary small', data: { key: `discard:${d.id}` } },
    'Discard…',
  )
  const slot = h('div')
  discard.addEventListener('click', () => {
    discarding = d.id
    replaceChildren(
      slot,
      reasonForm({
        label: 'Why discard it? (kept in the audit trail)',
        submitText: 'Discard job',
        onSubmit: async (reason) => {
          await api('POST', `/dead-letters/${d.id}/discard`, { reason })
          toast('Discarded; the reason is in the audit trail')
          discarding = null
          live.refresh()
        },
        onCancel: () => {
          discarding = null
          replaceChildren(slot)
          discard.focus()
        },
      }),
    )
  })
  return h(
    'tr',
    { data: { job: d.id } },
    h('td', null, timeEl(d.createdOn)),
    h('td', null, d.source ?? '?', ' ', badge(d.state)),
    h(
      'td',
      null,
      h('div', { class: 'small' }, what(d)),
      h('details', null, h('summary', null, 'Inspect'), jsonPre({ data: d.data, output: d.output })),
    ),
    h('td', { class: 'small' }, lastError(d)),
    h('td', { class: 'actions' }, h('div', { class: 'actions' }, replay, discard), slot),
  )
}

async function refresh() {
  if (discarding) return
  const { items } = await api('GET', '/dead-letters')
  replaceChildren(
    tbody,
    items.length ? items.map(row) : emptyRow(5, 'No dead letters: every job went through or is still retrying.'),
  )
}

const live = poll(refresh, 5000, $('[data-slot="live"]'))
