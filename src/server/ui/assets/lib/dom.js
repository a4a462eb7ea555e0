// A few DOM helpers so page modules read as what they show: h() builds elements (text is always
// text, never parsed as HTML), replaceChildren redraws a live list without undoing the viewer's
// work — the "same" control (by data-key) keeps its focus, caret and whatever was typed or
// ticked in it — and small builders for the things every page shows.
/* global Node */
import { formatDate, formatRelative } from './format.js'

/**
 * h('a', {href: '/x', class: 'btn', onClick: fn, data: {key: 'k'}}, 'text', child…)
 * Props starting with "on" become listeners; `data` sets data-*; false/null props are skipped.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === false || v === null || v === undefined) continue
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v)
    else if (k === 'data') for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv)
    else if (k === 'class') el.className = v
    else if (k === 'text') el.textContent = String(v)
    // the drawn state is the control's default too: what differs from it later is the viewer's edit
    else if (k === 'checked' && 'defaultChecked' in el) el.defaultChecked = el.checked = Boolean(v)
    else if (k === 'selected' && 'defaultSelected' in el) el.defaultSelected = el.selected = Boolean(v)
    else if (k === 'value' && 'defaultValue' in el) el.defaultValue = el.value = String(v)
    else if (k in el && typeof v !== 'string') el[k] = v
    else el.setAttribute(k, v === true ? '' : String(v))
  }
  append(el, children)
  return el
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue
    el.append(c instanceof Node ? c : document.createTextNode(String(c)))
  }
}

export function $(selector, root = document) {
  return root.querySelector(selector)
}

export function $$(selector, root = document) {
  return [...root.querySelectorAll(selector)]
}

/** A control the viewer (or the page on their behalf) changed from what was drawn. */
function edited(c) {
  if (c.type === 'checkbox' || c.type === 'radio') return c.checked !== c.defaultChecked
  if (c.options) return [...c.options].some((o) => o.selected !== o.defaultSelected)
  return 'defaultValue' in c && c.value !== c.defaultValue
}

function keyed(el) {
  return new Map([...el.querySelectorAll('[data-key]')].map((c) => [c.dataset.key, c]))
}

/**
 * Replace an element's children. Controls with a data-key that were edited keep their edit in the
 * redrawn control with the same key, and a focused one gets its focus (and caret) back: a live
 * refresh never wipes a typed SKU or a ticked box.
 */
export function replaceChildren(el, ...children) {
  const before = keyed(el)
  const edits = [...before].filter(([, c]) => edited(c))
  const active = document.activeElement
  const focusKey = active && el.contains(active) ? active.dataset?.key : undefined
  const caret =
    focusKey && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null
  el.replaceChildren()
  append(el, children)
  if (!edits.length && !focusKey) return
  const after = keyed(el)
  for (const [key, old] of edits) {
    const c = after.get(key)
    if (!c || c.type !== old.type) continue
    if (c.type === 'checkbox' || c.type === 'radio') c.checked = old.checked
    else c.value = old.value
  }
  const again = focusKey ? after.get(focusKey) : undefined
  if (again) {
    again.focus()
    if (caret && typeof again.setSelectionRange === 'function') again.setSelectionRange(...caret)
  }
}

/** <time> with a relative text and the absolute date (viewer's zone) as its title. */
export function timeEl(iso, opts = {}) {
  if (!iso) return h('span', { class: 'muted' }, '—')
  return h(
    'time',
    { datetime: new Date(iso).toISOString(), title: formatDate(iso, { seconds: true }) },
    opts.absolute ? formatDate(iso, opts) : formatRelative(iso),
  )
}

const TONES = {
  ok: 'good',
  connected: 'good',
  processed: 'good',
  shipped: 'good',
  routed: 'good',
  sent: 'good',
  accepted: 'good',
  closed: 'good',
  delivered: 'good',
  partial: 'warn',
  partially_shipped: 'warn',
  partially_backordered: 'warn',
  backordered: 'warn',
  retrying: 'warn',
  running: 'info',
  received: 'info',
  planned: 'info',
  open: 'info',
  pending: 'info',
  'half-open': 'warn',
  created: 'info',
  retry: 'warn',
  active: 'info',
  new: 'info',
  failed: 'bad',
  failing: 'bad',
  rejected: 'bad',
  open_breaker: 'bad',
  disconnected: 'bad',
  needs_attention: 'bad',
  cancel_refused: 'bad',
  disabled: 'muted',
  discarded: 'muted',
  cancelled: 'muted',
  superseded: 'muted',
  completed: 'good',
  fulfilled_by_channel: 'muted',
  nothing_to_route: 'muted',
}

export function badge(status, opts = {}) {
  const s = String(status ?? 'unknown')
  const tone = opts.tone ?? TONES[s] ?? 'muted'
  return h('span', { class: `badge ${tone}`, data: { status: s } }, (opts.label ?? s).replace(/_/g, ' '))
}

/** Pretty JSON in a <pre>, for payloads and documents. */
export function jsonPre(value, opts = {}) {
  return h('pre', { class: 'json', tabindex: '0', 'aria-label': opts.label ?? 'JSON' }, JSON.stringify(value, null, 2))
}

export function emptyRow(colspan, text) {
  return h('tr', { class: 'empty' }, h('td', { colspan: String(colspan) }, text))
}

export function link(href, text, props = {}) {
  return h('a', { href, ...props }, text)
}

export function dl(pairs) {
  return h(
    'dl',
    { class: 'pairs' },
    pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
  )
}
