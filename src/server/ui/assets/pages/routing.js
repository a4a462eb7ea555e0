// Routing rules: destination → warehouses in order. Each row: a destination code, the chosen
// warehouses as an ordered list (move up/down, remove, all with buttons), and a select to add one.
import { api } from '../lib/api.js'
import { $, $$, emptyRow, h, replaceChildren } from '../lib/dom.js'
import { boot, clearErrors, messageOf, showErrors, toast } from '../lib/ui.js'

boot()
const form = $('[data-form="routing"]')
const tbody = $('[data-table="routes"] tbody')
let warehouses = []
let seq = 0

function chips(row) {
  const list = row._codes
  const box = row.querySelector('[data-slot="chips"]')
  replaceChildren(
    box,
    list.length
      ? list.map((code, i) =>
          h(
            'span',
            { class: 'chip' },
            h('span', { class: 'ord' }, `${i + 1}.`),
            code,
            h(
              'button',
              {
                type: 'button',
                'aria-label': `Move ${code} earlier`,
                disabled: i === 0,
                data: { key: `${row.dataset.rid}:up:${code}` },
                onClick: () => move(row, i, -1),
              },
              '↑',
            ),
            h(
              'button',
              {
                type: 'button',
                'aria-label': `Move ${code} later`,
                disabled: i === list.length - 1,
                data: { key: `${row.dataset.rid}:down:${code}` },
                onClick: () => move(row, i, 1),
              },
              '↓',
            ),
            h(
              'button',
              {
                type: 'button',
                'aria-label': `Remove ${code}`,
                data: { key: `${row.dataset.rid}:rm:${code}` },
                onClick: () => {
                  list.splice(i, 1)
                  chips(row)
                  row.querySelector('select').focus()
                },
              },
              '✕',
            ),
          ),
        )
      : h('span', { class: 'muted' }, 'no warehouse yet'),
  )
  const add = row.querySelector('select')
  replaceChildren(
    add,
    h('option', { value: '' }, 'Add a warehouse…'),
    warehouses
      .filter((w) => !list.includes(w.code))
      .map((w) => h('option', { value: w.code }, `${w.code} — ${w.name} (${w.country ?? '?'})`)),
  )
}

function move(row, i, by) {
  const list = row._codes
  const [x] = list.splice(i, 1)
  list.splice(i + by, 0, x)
  chips(row)
}

function routeRow(dest = '', codes = []) {
  const rid = `r${++seq}`
  const destId = `dest-${rid}`
  const addId = `add-${rid}`
  const dest$ = h('input', {
    id: destId,
    value: dest,
    class: 'mono',
    size: '8',
    autocomplete: 'off',
    data: { pointer: dest ? `/routes/${dest}` : '/routes/?' },
  })
  dest$.addEventListener('input', () => {
    dest$.dataset.pointer = `/routes/${dest$.value.trim().toUpperCase()}`
  })
  const add = h('select', { id: addId })
  const row = h(
    'tr',
    { data: { rid } },
    h('td', null, h('div', { class: 'field' }, h('label', { for: destId, class: 'sr-only' }, 'Destination'), dest$)),
    h(
      'td',
      null,
      h('div', { class: 'chips', data: { slot: 'chips' } }),
      h('div', { class: 'field' }, h('label', { for: addId, class: 'sr-only' }, 'Add a warehouse'), add),
    ),
    h(
      'td',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'secondary small',
          onClick: () => {
            row.remove()
            if (!tbody.rows.length)
              tbody.append(emptyRow(3, 'No rule: every order tries all warehouses in code order.'))
          },
        },
        'Remove',
      ),
    ),
  )
  row._codes = [...codes]
  add.addEventListener('change', () => {
    if (!add.value) return
    row._codes.push(add.value)
    chips(row)
    add.focus()
  })
  chips(row)
  return row
}

$('[data-action="add-route"]').addEventListener('click', () => {
  tbody.querySelector('tr.empty')?.remove()
  const r = routeRow()
  tbody.append(r)
  r.querySelector('input').focus()
})

form.addEventListener('submit', async (e) => {
  e.preventDefault()
  clearErrors(form)
  const routes = {}
  const local = []
  for (const row of $$('tr[data-rid]', tbody)) {
    const input = row.querySelector('input')
    const dest = input.value.trim().toUpperCase()
    input.value = dest
    input.dataset.pointer = `/routes/${dest}`
    if (!/^([A-Z]{2}|EU|EUROPE|NA|APAC|\*)$/.test(dest))
      local.push({ field: input.dataset.pointer, message: 'a country code (US), a region (EU, EUROPE, NA, APAC) or *' })
    else if (routes[dest]) local.push({ field: input.dataset.pointer, message: 'this destination has a row already' })
    if (!row._codes.length) local.push({ field: input.dataset.pointer, message: 'choose at least one warehouse' })
    routes[dest] = row._codes
  }
  if (local.length) return showErrors(form, local)
  try {
    await api('PUT', '/routing-rules', { routes })
    toast('Routing rules saved: new orders follow them')
  } catch (err) {
    showErrors(form, err)
  }
})

async function start() {
  const [{ items }, rules] = await Promise.all([api('GET', '/locations'), api('GET', '/routing-rules')])
  warehouses = items.filter((l) => l.type === 'warehouse')
  const entries = Object.entries(rules.routes ?? {})
  replaceChildren(
    tbody,
    entries.length
      ? entries.map(([d, c]) => routeRow(d, c))
      : emptyRow(3, 'No rule: every order tries all warehouses in code order.'),
  )
}

start().catch((err) => toast(messageOf(err), 'bad'))
