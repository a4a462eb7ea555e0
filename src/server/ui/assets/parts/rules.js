// The channel's inventory rule (buffer, cap, allocation share) with the resulting available-to-sell
// for a sample SKU, recomputed as you type by the engine's own function (gen/ats.js is
// src/sync/inventory/ats.ts served to the browser), next to what the hub computes and last pushed.
/* global setTimeout, clearTimeout */
import { api } from '../lib/api.js'
import { $, h, replaceChildren } from '../lib/dom.js'
import { availableToSell, effectiveRule } from '../gen/ats.js'
import { clearErrors, showErrors, toast } from '../lib/ui.js'
import { formatCount, localized } from '../lib/format.js'

export function rulesSection(connectionId, servingCodes) {
  const form = $('[data-form="rule"]')
  const out = $('[data-slot="ats"]')
  const skuList = $('#sku-options')
  let rules = []
  let sample = null // GET /inventory/:sku answer
  let timer = null

  const field = (name) => form.elements.namedItem(name)
  const num = (name) => {
    const v = field(name).value.trim()
    return v === '' ? null : Number(v)
  }

  function draftRules() {
    const sku = field('skuOnly').checked ? field('sku').value.trim() || null : null
    const own = { connectionId, sku, buffer: num('buffer'), cap: num('cap'), sharePercent: num('sharePercent') }
    return [...rules.filter((r) => !(r.connectionId === connectionId && (r.sku ?? null) === sku)), own]
  }

  function render() {
    if (!sample) {
      replaceChildren(
        out,
        h(
          'p',
          { class: 'muted' },
          field('sku').value.trim() ? 'No such SKU.' : 'Type a sample SKU to see what this channel may sell.',
        ),
      )
      return
    }
    const codes = servingCodes()
    const levels = sample.levels.filter((l) => codes.includes(l.location))
    const rule = effectiveRule(draftRules(), connectionId, sample.sku)
    const ats = availableToSell(
      levels.map((l) => ({ onHand: l.onHand, reserved: l.reserved })),
      rule,
    )
    const free = levels.reduce((s, l) => s + Math.max(0, l.onHand - l.reserved), 0)
    const hub = sample.channels.find((c) => c.connectionId === connectionId)
    const steps = [`free ${formatCount(free)} in ${codes.length ? codes.join(', ') : 'no serving location'}`]
    if (rule.buffer) steps.push(`− buffer ${rule.buffer}`)
    if (rule.cap !== null) steps.push(`capped at ${rule.cap}`)
    if (rule.sharePercent !== 100) steps.push(`× ${rule.sharePercent}%`)
    replaceChildren(
      out,
      h(
        'div',
        { class: 'card' },
        h('div', { class: 'label' }, `${sample.sku} on this channel, with this rule`),
        h('div', { class: 'ats-preview', data: { slot: 'ats-value' } }, `${formatCount(ats)} available to sell`),
        h('div', { class: 'sub' }, steps.join(' ')),
        hub
          ? h(
              'div',
              { class: 'sub' },
              `Saved rule now: ${formatCount(hub.ats)}; last pushed: ${hub.pushed.length ? hub.pushed.map((p) => `${p.quantity}${p.target ? ` (${p.target})` : ''}`).join(', ') : 'nothing yet'}`,
            )
          : null,
      ),
    )
  }

  async function loadSample() {
    const sku = field('sku').value.trim()
    if (!sku) {
      sample = null
      return render()
    }
    try {
      sample = await api('GET', `/inventory/${encodeURIComponent(sku)}`)
    } catch {
      sample = null
    }
    render()
  }

  async function load() {
    const r = await api('GET', '/inventory-rules')
    rules = r.items.map((x) => ({ ...x, connectionId: x.connectionId ?? null, sku: x.sku ?? null }))
    const own = rules.find((x) => x.connectionId === connectionId && x.sku === null)
    if (own && !form.dataset.touched) {
      field('buffer').value = own.buffer ?? ''
      field('cap').value = own.cap ?? ''
      field('sharePercent').value = own.sharePercent ?? ''
    }
    const skus = await api('GET', '/skus?limit=100')
    replaceChildren(
      skuList,
      skus.items.map((s) => h('option', { value: s.sku }, localized(s.title))),
    )
    if (!field('sku').value && skus.items[0]) field('sku').value = skus.items[0].sku
    await loadSample()
  }

  form.addEventListener('input', (e) => {
    form.dataset.touched = '1'
    if (e.target.name === 'sku') {
      clearTimeout(timer)
      timer = setTimeout(loadSample, 300)
    } else {
      render()
    }
  })
  form.addEventListener('change', () => render())

  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    clearErrors(form)
    const body = {
      connectionId,
      sku: field('skuOnly').checked ? field('sku').value.trim() || null : null,
      buffer: num('buffer'),
      cap: num('cap'),
      sharePercent: num('sharePercent'),
    }
    const local = []
    for (const k of ['buffer', 'cap', 'sharePercent'])
      if (body[k] !== null && (!Number.isInteger(body[k]) || body[k] < 0))
        local.push({ field: `/${k}`, message: 'a whole number, 0 or more' })
    if (body.sharePercent !== null && body.sharePercent > 100)
      local.push({ field: '/sharePercent', message: 'at most 100' })
    if (local.length) return showErrors(form, local)
    try {
      await api('PUT', '/inventory-rules', body)
      toast('Rule saved: the channel gets the new quantities on the next push')
      delete form.dataset.touched
      await load()
    } catch (err) {
      showErrors(form, err)
    }
  })

  return { load, refreshSample: loadSample }
}
