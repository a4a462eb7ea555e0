// Page furniture every signed-in page shares: the top bar (tenant, user, sign out), toasts for
// the result of an action, field errors next to their field (the API names fields by JSON
// pointer), live polling that pauses in a hidden tab, a "reason" prompt for audited discards,
// and copy-to-clipboard.
/* global setTimeout, clearTimeout, location, navigator */
import { api, ApiError, authCall } from './api.js'
import { h, $, replaceChildren } from './dom.js'
import { formatDate, viewerTimeZone } from './format.js'
import { fieldInfoOf, plainMessage, plainMessages } from './plain-errors.js'

let meCache = null

/** Who is signed in (tenant, role); fills the top bar once per page. */
export async function me() {
  meCache ??= api('GET', '/me')
  return meCache
}

export function mainData(name) {
  return $('#main').dataset[name]
}

/**
 * The phone menu (layout.ts renders the button; CSS shows it on narrow screens only): a disclosure
 * button whose aria-expanded says whether the navigation is shown. Escape closes it from inside
 * and gives the focus back to the button.
 */
function bindMenu() {
  const button = $('[data-action="menu"]')
  const nav = $('#side-nav')
  if (!button || !nav) return
  const open = () => button.getAttribute('aria-expanded') === 'true'
  const set = (value) => {
    button.setAttribute('aria-expanded', String(value))
    document.body.classList.toggle('nav-open', value)
  }
  // opened, focus goes to the first link: the links come after the whole top bar in the page
  button.addEventListener('click', () => {
    set(!open())
    if (open()) nav.querySelector('a')?.focus()
  })
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !open()) return
    if (document.activeElement !== button && !nav.contains(document.activeElement)) return
    set(false)
    button.focus()
  })
}

export async function boot() {
  bindMenu()
  $('[data-action="sign-out"]')?.addEventListener('click', async () => {
    await authCall('POST', '/auth/logout').catch(() => undefined)
    location.assign('/ui/login')
  })
  const foot = $('[data-slot="foot"]')
  if (foot) foot.textContent = `Times are shown in your time zone (${viewerTimeZone}) unless marked otherwise.`
  try {
    const m = await me()
    const tenant = $('[data-slot="tenant"]')
    if (tenant) tenant.textContent = `${m.tenant.name} · ${m.tenant.baseCurrency} · ${m.tenant.timeZone}`
    const who = $('[data-slot="who"]')
    if (who) who.textContent = `${m.email ?? 'token'} (${m.role})`
    return m
  } catch (err) {
    toast(messageOf(err), 'bad')
    return null
  }
}

export function messageOf(err) {
  if (err instanceof ApiError) return err.message || err.code
  return err?.message ?? String(err)
}

export function toast(text, tone = 'good') {
  const box = $('[data-slot="toasts"]')
  if (!box) return
  const t = h('div', { class: `toast ${tone}` }, text)
  box.append(t)
  setTimeout(() => t.remove(), tone === 'bad' ? 9000 : 4500)
}

/** A result line next to a button, announced politely; tone good/bad/info. */
export function showResult(el, text, tone) {
  el.hidden = false
  el.className = `result ${tone}`
  el.textContent = text
}

// ---- field errors ---------------------------------------------------------------------------

export function clearErrors(form) {
  for (const e of form.querySelectorAll('.field-error')) e.remove()
  for (const i of form.querySelectorAll('[aria-invalid]')) {
    i.removeAttribute('aria-invalid')
    const ids = (i.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && !x.startsWith('err-'))
    if (ids.length) i.setAttribute('aria-describedby', ids.join(' '))
    else i.removeAttribute('aria-describedby')
  }
  const summary = form.querySelector('.form-errors')
  if (summary) {
    summary.hidden = true
    summary.replaceChildren()
  }
}

function controlFor(form, pointer) {
  const all = [...form.querySelectorAll('[data-pointer]')]
  // the exact field, else the closest enclosing one (/routes/US/0 → /routes), else a child
  let p = pointer
  for (;;) {
    const hit = all.find((c) => c.dataset.pointer === p)
    if (hit) return hit
    if (!p || p === '/') break
    p = p.slice(0, p.lastIndexOf('/'))
  }
  return all.find((c) => c.dataset.pointer.startsWith(pointer + '/'))
}

let errSeq = 0

/** The last segment of a JSON pointer as a label: /settings/outbound/url → "url". */
function pointerLabel(pointer) {
  return (pointer || '/').split('/').filter(Boolean).pop() ?? 'form'
}

/**
 * Put each error next to its field, in words (aria-invalid + aria-describedby); what names no
 * field of this form goes to the summary, which otherwise says how many fields need a change.
 */
export function showErrors(form, err, fallbackMessage) {
  clearErrors(form)
  const summary = form.querySelector('.form-errors')
  const fields = err instanceof ApiError ? err.fields : Array.isArray(err) ? err : []
  const byControl = new Map()
  const leftovers = []
  for (const f of fields) {
    const control = controlFor(form, f.field)
    if (!control) {
      leftovers.push(`${pointerLabel(f.field)}: ${plainMessage(f.message)}`)
      continue
    }
    if (!byControl.has(control)) byControl.set(control, { own: [], inner: [] })
    // what the form knows of a field (pattern, choices) speaks only for errors about that field
    const mine = byControl.get(control)
    if (control.dataset.pointer === f.field) mine.own.push(f.message)
    else mine.inner.push(plainMessage(f.message))
  }
  let first = null
  for (const [control, { own, inner }] of byControl) {
    const id = `err-${++errSeq}`
    const words = [...new Set([...plainMessages(own, fieldInfoOf(control)), ...inner])]
    const msg = h('p', { class: 'field-error', id }, words.join(' '))
    const anchor = control.closest('.field') ?? control
    anchor.append(msg)
    control.setAttribute('aria-invalid', 'true')
    control.setAttribute('aria-describedby', `${control.getAttribute('aria-describedby') ?? ''} ${id}`.trim())
    first ??= control
  }
  const placed = byControl.size
  const message = fields.length
    ? [
        ...leftovers,
        placed && leftovers.length ? `and ${placed} field${placed === 1 ? '' : 's'} below` : null,
        placed && !leftovers.length && placed > 1
          ? `${placed} fields need a change: see the message under each.`
          : null,
      ]
        .filter(Boolean)
        .join('; ')
    : (fallbackMessage ?? messageOf(err))
  if (summary && message) {
    summary.hidden = false
    replaceChildren(summary, h('p', null, message))
    if (!first) summary.focus()
  }
  first?.focus()
}

// ---- live updates ---------------------------------------------------------------------------

/**
 * Run `fn` now and every `ms` while the tab is visible; an error is shown in `statusEl` and the
 * polling goes on. Returns {refresh(), stop()}.
 */
export function poll(fn, ms, statusEl) {
  let timer = null
  let stopped = false
  let running = false
  const tick = async () => {
    if (stopped) return
    clearTimeout(timer)
    if (!running) {
      running = true
      try {
        await fn()
        if (statusEl) {
          statusEl.classList.remove('bad')
          statusEl.textContent = `Live · updated ${formatDate(new Date().toISOString(), { seconds: true })}`
        }
      } catch (err) {
        if (statusEl) {
          statusEl.classList.add('bad')
          statusEl.textContent = `Could not update: ${messageOf(err)} (retrying)`
        }
      } finally {
        running = false
      }
    }
    if (!stopped) timer = setTimeout(tick, document.hidden ? ms * 5 : ms)
  }
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) tick()
  })
  tick()
  return {
    refresh: tick,
    stop: () => {
      stopped = true
      clearTimeout(timer)
    },
  }
}

// ---- small interactions ---------------------------------------------------------------------

/**
 * An inline "reason" form (audited discards): returns a <form> that calls onSubmit(reason).
 * Keyboard: the input takes focus when opened; Escape closes it.
 */
export function reasonForm({ label, submitText, onSubmit, onCancel }) {
  const id = `reason-${++errSeq}`
  const input = h('input', {
    id,
    name: 'reason',
    required: true,
    minlength: '3',
    maxlength: '500',
    autocomplete: 'off',
    'data-pointer': '/reason',
  })
  const form = h(
    'form',
    { class: 'inline-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: id }, label), input),
    h('div', { class: 'form-errors', hidden: true, tabindex: '-1', role: 'alert' }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'danger' }, submitText),
      h('button', { type: 'button', class: 'secondary', onClick: () => onCancel?.() }, 'Cancel'),
    ),
  )
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') onCancel?.()
  })
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const reason = input.value.trim()
    if (reason.length < 3) {
      showErrors(form, [{ field: '/reason', message: 'say why, in at least 3 characters' }])
      return
    }
    const button = form.querySelector('button[type=submit]')
    button.disabled = true
    try {
      await onSubmit(reason)
    } catch (err) {
      showErrors(form, err)
    } finally {
      button.disabled = false
    }
  })
  setTimeout(() => input.focus(), 0)
  return form
}

export function copyButton(getText, label = 'Copy') {
  const b = h('button', { type: 'button', class: 'secondary small' }, label)
  b.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(getText())
      toast('Copied')
    } catch {
      toast('Copy failed: select the text and copy it by hand', 'bad')
    }
  })
  return b
}

/** Disable a button while `work` runs; returns work's result. */
export async function busy(button, work) {
  const text = button.textContent
  button.disabled = true
  button.setAttribute('aria-busy', 'true')
  try {
    return await work()
  } finally {
    button.disabled = false
    button.removeAttribute('aria-busy')
    button.textContent = text
  }
}
