// Filter forms of the list pages: selects start from the URL (so a filtered view is a link),
// a change re-queries without a reload and updates the URL (leaving other forms' parameters be).
/* global URLSearchParams, location, history */
import { api } from '../lib/api.js'
import { h } from '../lib/dom.js'

let connections = null

export async function connectionList() {
  connections ??= api('GET', '/connections').then((r) => r.items)
  return connections
}

export async function fillConnectionSelect(select, filter = () => true) {
  const items = (await connectionList()).filter(filter)
  select.append(...items.map((c) => h('option', { value: c.id }, `${c.name} (${c.kind})`)))
}

/** This page's URL with these parameters set (or removed when empty), the others kept. */
export function withParams(values) {
  const q = new URLSearchParams(location.search)
  for (const [k, v] of Object.entries(values)) {
    if (v) q.set(k, v)
    else q.delete(k)
  }
  return `${location.pathname}${q.toString() ? `?${q}` : ''}`
}

/** Bind a filter form: returns the current values; onChange(values) after each change. */
export function bindFilters(form, onChange) {
  const params = new URLSearchParams(location.search)
  const values = () => Object.fromEntries([...form.elements].filter((e) => e.name).map((e) => [e.name, e.value]))
  const apply = () => {
    for (const el of form.elements) if (el.name && params.has(el.name)) el.value = params.get(el.name)
  }
  apply()
  const changed = () => {
    const v = values()
    history.replaceState(null, '', withParams(v))
    onChange(v)
  }
  form.addEventListener('change', changed)
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    changed()
  })
  return { values, reapply: apply }
}
