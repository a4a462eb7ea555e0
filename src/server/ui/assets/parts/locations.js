// Which warehouses serve a channel (their stock is what the channel may sell), with the channel's
/* global CSS, CustomEvent */
// own id for each (the Shopify location it is pushed to, a marketplace). PUT replaces the set.
import { api } from '../lib/api.js'
import { $, h, replaceChildren } from '../lib/dom.js'
import { clearErrors, showErrors, toast } from '../lib/ui.js'

export function locationsSection(connectionId, role) {
  const form = $('[data-form="locations"]')
  const box = $('[data-slot="locations"]')
  let servingCodes = []

  async function load() {
    const [{ items: all }, { items: serving }] = await Promise.all([
      api('GET', '/locations'),
      api('GET', `/connections/${connectionId}/locations`),
    ])
    servingCodes = serving.map((s) => s.location)
    const byCode = new Map(serving.map((s) => [s.location, s]))
    if (!all.length) {
      replaceChildren(
        box,
        h(
          'p',
          { class: 'muted' },
          'No locations yet. Warehouse connections bring theirs in with their first "locations" sync.',
        ),
      )
      return
    }
    const note =
      role === 'warehouse'
        ? h(
            'p',
            { class: 'hint' },
            'This connection is a warehouse: its facilities are locations of their own (listed here once synced). Choose locations here only if this system also sells.',
          )
        : null
    replaceChildren(
      box,
      note,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          null,
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, 'Serves this channel'),
              h('th', { scope: 'col' }, 'Location'),
              h('th', { scope: 'col' }, 'Country'),
              h('th', { scope: 'col' }, 'Channel-side id (optional)'),
            ),
          ),
          h(
            'tbody',
            null,
            all.map((l) => {
              const s = byCode.get(l.code)
              const cb = h('input', {
                type: 'checkbox',
                id: `loc-${l.code}`,
                name: 'location',
                value: l.code,
                checked: Boolean(s),
                data: { pointer: '/items' },
              })
              const ext = h('input', {
                id: `ext-${l.code}`,
                name: `ext-${l.code}`,
                value: s?.externalLocationId ?? '',
                autocomplete: 'off',
                class: 'mono',
                'aria-label': `Channel-side id for ${l.code}`,
              })
              return h(
                'tr',
                null,
                h('td', null, h('label', { for: `loc-${l.code}` }, cb, 'serves')),
                h('th', { scope: 'row' }, l.code, ' ', h('span', { class: 'muted small' }, `${l.name} · ${l.type}`)),
                h('td', null, l.country ?? '—'),
                h('td', null, ext),
              )
            }),
          ),
        ),
      ),
    )
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    clearErrors(form)
    const items = [...form.querySelectorAll('input[name="location"]:checked')].map((cb) => {
      const ext = form.querySelector(`#ext-${CSS.escape(cb.value)}`)?.value.trim()
      return { location: cb.value, ...(ext ? { externalLocationId: ext } : {}) }
    })
    try {
      const r = await api('PUT', `/connections/${connectionId}/locations`, { items })
      toast(`${r.saved} location${r.saved === 1 ? '' : 's'} serve this channel now`)
      await load()
      form.dispatchEvent(new CustomEvent('locations-changed'))
    } catch (err) {
      showErrors(form, err)
    }
  })

  return { load, servingCodes: () => servingCodes }
}
