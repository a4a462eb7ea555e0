// The streams of one connection: direction, the cron schedule with its plain-words reading and
// the next run times in the seller's time zone (from the API), on/off, and "sync now".
// Rows are built once; a refresh only updates what the viewer is not editing.
import { api } from '../lib/api.js'
import { describeCron } from '../lib/cron.js'
import { $, emptyRow, h, replaceChildren, timeEl } from '../lib/dom.js'
import { formatDate } from '../lib/format.js'
import { messageOf, showErrors, clearErrors, toast } from '../lib/ui.js'

export function streamsSection(connectionId) {
  const tbody = $('[data-table="streams"] tbody')
  const tzNote = $('[data-slot="streams-tz"]')
  let shape = ''
  const rows = new Map()

  function nextRunsList(s, tz) {
    if (s.direction !== 'pull') return h('span', { class: 'muted' }, 'when something changes')
    if (!s.enabled) return h('span', { class: 'muted' }, 'off')
    if (!s.nextRuns?.length) return h('span', { class: 'muted' }, '—')
    return h(
      'ul',
      { class: 'next-runs' },
      s.nextRuns.map((iso) => h('li', null, h('time', { datetime: iso }, formatDate(iso, { timeZone: tz })))),
    )
  }

  function row(s, tz) {
    const key = `${s.stream}:${s.direction}`
    if (s.direction !== 'pull') {
      return {
        tr: h(
          'tr',
          null,
          h('th', { scope: 'row' }, s.stream),
          h('td', null, 'push'),
          h('td', { class: 'muted' }, 'pushed on change (debounced)'),
          h('td', { data: { slot: 'next' } }, nextRunsList(s, tz)),
          h('td', { data: { slot: 'last' } }, '—'),
          h('td', null),
        ),
        update() {},
      }
    }
    const inputId = `cron-${s.stream}`
    const input = h('input', {
      id: inputId,
      value: s.schedule ?? '',
      class: 'mono',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': `${inputId}-words`,
      data: { pointer: '/schedule' },
    })
    const words = h('p', { class: 'hint', id: `${inputId}-words` })
    const showWords = () => {
      const w = describeCron(input.value)
      words.className = w ? 'hint cron-words' : 'hint'
      words.textContent = w ?? 'not a cron expression this page can read (minute hour day month weekday)'
    }
    showWords()
    input.addEventListener('input', showWords)
    const saveBtn = h('button', { type: 'submit', class: 'secondary small' }, 'Save')
    const form = h(
      'form',
      { class: 'cron-form', novalidate: true },
      h(
        'div',
        { class: 'field' },
        h('label', { for: inputId, class: 'sr-only' }, `Schedule of the ${s.stream} stream (cron)`),
        input,
        words,
      ),
      h('div', { class: 'form-errors', hidden: true, tabindex: '-1', role: 'alert' }),
      saveBtn,
    )
    form.addEventListener('submit', async (e) => {
      e.preventDefault()
      clearErrors(form)
      saveBtn.disabled = true
      try {
        await api('PATCH', `/connections/${connectionId}/streams/${s.stream}`, { schedule: input.value.trim() })
        input.dataset.dirty = ''
        toast(`${s.stream}: schedule saved`)
        await refresh()
      } catch (err) {
        showErrors(form, err)
      } finally {
        saveBtn.disabled = false
      }
    })
    input.addEventListener('input', () => {
      input.dataset.dirty = '1'
    })
    const enabled = h('input', { type: 'checkbox', id: `on-${s.stream}`, checked: s.enabled })
    enabled.addEventListener('change', async () => {
      try {
        await api('PATCH', `/connections/${connectionId}/streams/${s.stream}`, { enabled: enabled.checked })
        toast(`${s.stream} ${enabled.checked ? 'on' : 'off'}`)
        await refresh()
      } catch (err) {
        enabled.checked = !enabled.checked
        toast(messageOf(err), 'bad')
      }
    })
    const sync = h('button', { type: 'button', class: 'small', data: { action: `sync-${s.stream}` } }, 'Sync now')
    sync.addEventListener('click', async () => {
      sync.disabled = true
      try {
        const r = await api('POST', `/connections/${connectionId}/streams/${s.stream}/sync`)
        toast(
          r.queued ? `${s.stream}: sync queued` : `${s.stream}: a sync is already waiting`,
          r.queued ? 'good' : 'info',
        )
      } catch (err) {
        toast(messageOf(err), 'bad')
      } finally {
        sync.disabled = false
      }
    })
    const next = h('td', { data: { slot: 'next' } }, nextRunsList(s, tz))
    const last = h('td', { data: { slot: 'last' } }, timeEl(s.lastSuccessAt))
    const tr = h(
      'tr',
      { data: { key } },
      h('th', { scope: 'row' }, s.stream),
      h('td', null, 'pull'),
      h('td', null, form),
      next,
      last,
      h(
        'td',
        { class: 'actions' },
        h('div', { class: 'actions' }, h('label', { for: `on-${s.stream}`, class: 'small' }, enabled, 'Enabled'), sync),
      ),
    )
    return {
      tr,
      update(fresh, zone) {
        replaceChildren(next, nextRunsList(fresh, zone))
        replaceChildren(last, timeEl(fresh.lastSuccessAt))
        if (document.activeElement !== enabled) enabled.checked = fresh.enabled
        if (!input.dataset.dirty && document.activeElement !== input && input.value !== (fresh.schedule ?? '')) {
          input.value = fresh.schedule ?? ''
          showWords()
        }
      },
    }
  }

  async function refresh() {
    const { items, timeZone } = await api('GET', `/connections/${connectionId}/streams?count=3`)
    tzNote.textContent = `Schedules run in the seller's time zone, ${timeZone}; next runs are shown in it.`
    const newShape = items.map((s) => `${s.stream}:${s.direction}`).join(',')
    if (newShape !== shape) {
      shape = newShape
      rows.clear()
      if (!items.length) return replaceChildren(tbody, emptyRow(6, 'This connection has no streams.'))
      const built = items.map((s) => [`${s.stream}:${s.direction}`, row(s, timeZone)])
      for (const [k, r] of built) rows.set(k, r)
      replaceChildren(
        tbody,
        built.map(([, r]) => r.tr),
      )
      return
    }
    for (const s of items) rows.get(`${s.stream}:${s.direction}`)?.update(s, timeZone)
  }

  return { refresh }
}
