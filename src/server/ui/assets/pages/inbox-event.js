// One webhook event: its headers' outcome, payload and per-record result; replay it (processed
// again, idempotently) or discard it with a reason (audited).
import { api } from '../lib/api.js'
import { $, badge, dl, h, jsonPre, link, replaceChildren, timeEl } from '../lib/dom.js'
import { formatDate } from '../lib/format.js'
import { boot, busy, mainData, messageOf, poll, reasonForm, showResult } from '../lib/ui.js'

boot()
const id = mainData('inboxId')
const result = $('[data-slot="result"]')
const discardSlot = $('[data-slot="discard"]')
let connName = null
let lastJson = ''

async function refresh() {
  const e = await api('GET', `/inbox/${id}`)
  if (!connName) {
    const c = await api('GET', `/connections/${e.connection_id}`).catch(() => null)
    connName = c?.name ?? e.kind
  }
  $('h1').textContent = `Webhook event · ${e.topic}`
  replaceChildren($('[data-slot="status"]'), badge(e.status))
  replaceChildren(
    $('[data-slot="summary"]'),
    dl([
      ['Connection', link(`/ui/connections/${e.connection_id}`, connName)],
      ['Event id', h('span', { class: 'mono' }, e.event_id)],
      ['Received', [formatDate(e.received_at, { seconds: true }), ' (', timeEl(e.received_at), ')']],
      ['Processed', e.processed_at ? formatDate(e.processed_at, { seconds: true }) : '—'],
      ['Attempts', String(e.attempts)],
      e.error ? ['Error', h('span', { class: 'result bad' }, e.error)] : null,
    ]),
  )
  const json = JSON.stringify([e.payload, e.result])
  if (json !== lastJson) {
    lastJson = json
    replaceChildren($('[data-slot="payload"]'), jsonPre(e.payload, { label: 'Payload' }))
    replaceChildren(
      $('[data-slot="outcome"]'),
      e.result ? jsonPre(e.result, { label: 'Result' }) : h('p', { class: 'muted' }, 'Not processed yet.'),
    )
  }
}

$('[data-action="replay"]').addEventListener('click', (ev) =>
  busy(ev.currentTarget, async () => {
    try {
      await api('POST', `/inbox/${id}/replay`)
      showResult(
        result,
        'Queued: the event is processed again (an event that was applied already changes nothing).',
        'good',
      )
      live.refresh()
    } catch (err) {
      showResult(result, messageOf(err), 'bad')
    }
  }),
)

const discardBtn = $('[data-action="discard"]')
discardBtn.addEventListener('click', () => {
  replaceChildren(
    discardSlot,
    reasonForm({
      label: 'Why discard this event? (kept in the audit trail)',
      submitText: 'Discard event',
      onSubmit: async (reason) => {
        await api('POST', `/inbox/${id}/discard`, { reason })
        replaceChildren(discardSlot)
        showResult(result, `Discarded: ${reason}`, 'good')
        live.refresh()
      },
      onCancel: () => {
        replaceChildren(discardSlot)
        discardBtn.focus()
      },
    }),
  )
})

const live = poll(refresh, 4000, $('[data-slot="live"]'))
