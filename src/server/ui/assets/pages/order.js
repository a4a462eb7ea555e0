// One order, every 3 s: summary, lines and totals in the order's currency, routing (the split
// across warehouses when there is one), shipments with tracking, and where it was sent.
import { api } from '../lib/api.js'
import { $, badge, dl, emptyRow, h, link, replaceChildren, timeEl } from '../lib/dom.js'
import { formatCount, formatDate, formatMoney } from '../lib/format.js'
import { boot, mainData, poll } from '../lib/ui.js'

boot()
const id = mainData('orderId')

function lines(list) {
  return (list ?? []).map((l) => `${l.quantity} × ${l.sku}`).join(', ')
}

function money(m) {
  return m && typeof m.amount === 'number' ? formatMoney(m) : '—'
}

async function refresh() {
  const o = await api('GET', `/orders/${id}`)
  $('h1').textContent = `Order ${o.number ?? o.externalId}`
  replaceChildren($('[data-slot="status"]'), badge(o.status), ' ', badge(o.routing))
  const a = o.shippingAddress ?? {}
  replaceChildren(
    $('[data-slot="summary"]'),
    dl([
      ['Channel', [link(`/ui/connections/${o.connectionId}`, o.connection), ` · ${o.channel} · ${o.externalId}`]],
      [
        'Placed',
        [
          formatDate(o.placedAt),
          o.placedTimeZone ? ` · seller's time: ${formatDate(o.placedAt, { timeZone: o.placedTimeZone })}` : '',
        ],
      ],
      ['Ship to', [a.city, a.region, a.country].filter(Boolean).join(', ') || '—'],
      ['Ship by', o.shipBy ? [formatDate(o.shipBy), ' (', timeEl(o.shipBy), ')'] : '—'],
      ['Total', h('strong', null, formatMoney(o.total))],
      o.base?.total
        ? [
            'In base currency',
            `${money(o.base.total)}${o.base.rate ? ` at ${o.base.rate}${o.base.rateDate ? ` (${o.base.rateDate})` : ''}` : ''}`,
          ]
        : null,
      o.fulfilledByChannel ? ['Fulfilled by', 'the channel (not routed)'] : null,
    ]),
  )
  replaceChildren(
    $('[data-table="lines"] tbody'),
    (o.lines ?? []).length
      ? o.lines.map((l) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row', class: 'mono' }, l.sku),
            h('td', null, l.title ?? ''),
            h('td', { class: 'num' }, formatCount(l.quantity)),
            h('td', { class: 'num nowrap' }, money(l.unitPrice)),
            h(
              'td',
              { class: 'num nowrap' },
              l.unitPrice
                ? formatMoney({ amount: l.unitPrice.amount * l.quantity, currency: l.unitPrice.currency })
                : '—',
            ),
          ),
        )
      : emptyRow(5, 'No line.'),
  )
  const t = o.totals ?? {}
  replaceChildren(
    $('[data-slot="totals"]'),
    dl(
      ['subtotal', 'shipping', 'tax', 'discount', 'total']
        .filter((k) => t[k])
        .map((k) => [k[0].toUpperCase() + k.slice(1), money(t[k])]),
    ),
  )
  const live = o.allocations.filter((x) => !['superseded', 'cancelled'].includes(x.status) && x.location)
  replaceChildren(
    $('[data-slot="split"]'),
    live.length > 1
      ? h(
          'span',
          { class: 'split-note' },
          `Split across ${live.length} warehouses: ${live.map((x) => x.location).join(' + ')}`,
        )
      : live.length === 1
        ? `Ships whole from ${live[0].location}.`
        : o.allocations.length
          ? ''
          : 'Not routed (yet).',
  )
  replaceChildren(
    $('[data-table="allocations"] tbody'),
    o.allocations.length
      ? o.allocations.map((x) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, x.location ?? h('span', { class: 'muted' }, 'none')),
            h('td', null, badge(x.status)),
            h('td', null, lines(x.lines)),
            h('td', null, x.shipBy ? formatDate(x.shipBy) : '—'),
            h('td', { class: 'mono small' }, x.externalId ?? '—'),
            h('td', { class: 'small' }, x.error ?? ''),
          ),
        )
      : emptyRow(6, 'No allocation.'),
  )
  replaceChildren(
    $('[data-table="shipments"] tbody'),
    o.shipments.length
      ? o.shipments.map((s) =>
          h(
            'tr',
            { data: { shipment: s.id } },
            h('td', null, formatDate(s.shippedAt), ' ', timeEl(s.shippedAt)),
            h('td', null, `${s.carrier}${s.service ? ` · ${s.service}` : ''}`),
            h(
              'td',
              { class: 'mono' },
              s.trackingUrl
                ? link(s.trackingUrl, s.trackingNumber, {
                    rel: 'noopener noreferrer',
                    target: '_blank',
                    data: { tracking: s.trackingNumber },
                  })
                : h('span', { data: { tracking: s.trackingNumber } }, s.trackingNumber),
            ),
            h('td', null, lines(s.lines)),
          ),
        )
      : emptyRow(4, 'Not shipped yet.'),
  )
  replaceChildren(
    $('[data-table="deliveries"] tbody'),
    o.deliveries.length
      ? o.deliveries.map((d) =>
          h(
            'tr',
            null,
            h('td', null, d.entity),
            h('td', null, d.connection),
            h('td', null, badge(d.status)),
            h('td', { class: 'mono small' }, d.external_id ?? '—'),
            h('td', { class: 'num' }, String(d.attempts ?? '')),
            h('td', null, timeEl(d.updated_at)),
          ),
        )
      : emptyRow(6, 'Nothing sent yet.'),
  )
}

poll(refresh, 3000, $('[data-slot="live"]'))
