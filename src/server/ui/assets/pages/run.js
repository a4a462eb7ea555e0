// One run: counts and timings, replay from the cursor it started at, and each failed record with
// its error, the field to blame and the payload as the remote sent it; retry one record.
import { api } from '../lib/api.js'
import { $, badge, dl, emptyRow, h, jsonPre, link, replaceChildren, timeEl } from '../lib/dom.js'
import { formatCount, formatDate, formatDuration } from '../lib/format.js'
import { boot, busy, mainData, messageOf, poll, showResult, toast } from '../lib/ui.js'

boot()
const id = mainData('runId')
const tbody = $('[data-table="failures"] tbody')
const result = $('[data-slot="replay-result"]')
const openPayloads = new Set()

async function retry(f, button) {
  await busy(button, async () => {
    try {
      const r = await api('POST', `/runs/${id}/failures/${f.id}/retry`)
      toast(
        r.queued ? `Retrying ${f.externalId}: the record is fetched and mapped again` : 'A retry is already waiting',
        r.queued ? 'good' : 'info',
      )
      showResult(
        result,
        `Retry of ${f.externalId} queued${r.jobId ? ` (job ${r.jobId})` : ''}. This page shows it resolved once it goes through.`,
        'info',
      )
    } catch (err) {
      toast(messageOf(err), 'bad')
    }
  })
}

function failureRow(f) {
  const details = h(
    'details',
    { open: openPayloads.has(f.id), data: { key: `payload:${f.id}` } },
    h('summary', null, 'Payload'),
    jsonPre(f.payload, { label: `Payload of ${f.externalId}` }),
  )
  details.addEventListener('toggle', () => (details.open ? openPayloads.add(f.id) : openPayloads.delete(f.id)))
  const retryBtn = h(
    'button',
    { type: 'button', class: 'small', data: { key: `retry:${f.id}`, action: 'retry' } },
    'Retry record',
  )
  retryBtn.addEventListener('click', () => retry(f, retryBtn))
  return h(
    'tr',
    { class: f.resolvedAt ? 'resolved' : null, data: { failure: f.id } },
    h('th', { scope: 'row', class: 'mono' }, f.externalId),
    h('td', null, h('strong', null, f.code), h('div', null, f.message)),
    h('td', { class: 'mono small' }, f.field ?? '—'),
    h('td', null, details),
    h(
      'td',
      null,
      f.resolvedAt
        ? [badge('resolved', { tone: 'good' }), ' ', timeEl(f.resolvedAt)]
        : h('div', { class: 'actions' }, badge('open', { tone: 'bad' }), retryBtn),
    ),
  )
}

async function refresh() {
  const r = await api('GET', `/runs/${id}`)
  $('h1').textContent = `Run · ${r.connectionName} · ${r.stream} ${r.direction}`
  replaceChildren($('[data-slot="status"]'), badge(r.status))
  const c = r.counts
  replaceChildren(
    $('[data-slot="summary"]'),
    dl([
      ['Connection', link(`/ui/connections/${r.connectionId}`, r.connectionName)],
      ['Stream', `${r.stream} (${r.direction}), ${r.trigger}`],
      ['Started', [formatDate(r.startedAt, { seconds: true }), ' (', timeEl(r.startedAt), ')']],
      ['Finished', r.finishedAt ? formatDate(r.finishedAt, { seconds: true }) : 'still running'],
      ['Duration', formatDuration(r.durationMs)],
      [
        'Records',
        h(
          'span',
          { data: { slot: 'counts' } },
          `${formatCount(c.seen)} seen · ${formatCount(c.created)} created · ${formatCount(c.updated)} updated · ${formatCount(c.unchanged)} unchanged · ${formatCount(c.failed)} failed`,
        ),
      ],
      r.error ? ['Error', h('span', { class: 'result bad' }, r.error)] : null,
    ]),
  )
  $('[data-slot="back"]').href = `/ui/runs?connectionId=${r.connectionId}`
  replaceChildren(tbody, r.failures.length ? r.failures.map(failureRow) : emptyRow(5, 'No record failed in this run.'))
}

$('[data-action="replay"]').addEventListener('click', (e) =>
  busy(e.currentTarget, async () => {
    try {
      const r = await api('POST', `/runs/${id}/replay`)
      showResult(
        result,
        r.queued
          ? 'Replay queued: a new run starts from the cursor this one started at.'
          : 'A run of this stream is already waiting.',
        r.queued ? 'good' : 'info',
      )
    } catch (err) {
      showResult(result, messageOf(err), 'bad')
    }
  }),
)

poll(refresh, 3000, $('[data-slot="live"]'))
