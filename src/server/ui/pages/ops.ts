// Ops pages: the overview, runs and one run (failed records with payloads, retry, replay), dead
// letters, the webhook inbox and one event, inventory per SKU, orders and one order. Each is a
// skeleton (headings, filters as plain GET forms, empty tables) that its module fills and keeps
// live by polling the API.
import type { PageSpec } from '../layout.ts'

const live = '<span class="live" data-slot="live" aria-live="off"></span>'

function table(name: string, caption: string, heads: string[]): string {
  const th = heads
    .map((h) => (h.startsWith('#') ? `<th scope="col" class="num">${h.slice(1)}</th>` : `<th scope="col">${h}</th>`))
    .join('')
  return `<div class="table-wrap"><table data-table="${name}"><caption class="sr-only">${caption}</caption>
  <thead><tr>${th}</tr></thead><tbody><tr class="empty"><td colspan="${heads.length}">Loading…</td></tr></tbody></table></div>`
}

function select(name: string, label: string, options: [string, string][]): string {
  return `<div class="field"><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}">${options.map(([v, t]) => `<option value="${v}">${t}</option>`).join('')}</select></div>`
}

export const opsPages: PageSpec[] = [
  {
    path: '/overview',
    title: 'Overview',
    nav: 'overview',
    script: 'overview',
    body: () => `
<div class="toolbar"><p class="muted">Health of every connection and stream, the queues, and how fast stock changes reach the channels.</p><span class="spacer"></span>${live}</div>
<div class="grid" data-slot="cards"></div>
<div data-slot="connections"><p class="muted">Loading…</p></div>
<section class="panel" aria-labelledby="queues-h"><h2 id="queues-h">Queues</h2>${table('queues', 'Queue depths', ['Queue', '#Waiting', '#Active', '#Failed'])}</section>`,
  },
  {
    path: '/runs',
    title: 'Runs',
    nav: 'runs',
    script: 'runs',
    body: () => `
<form class="toolbar" data-form="filters" method="get" action="/ui/runs" role="search" aria-label="Filter runs">
  <div class="field"><label for="f-connectionId">Connection</label><select id="f-connectionId" name="connectionId"><option value="">All</option></select></div>
  ${select('stream', 'Stream', [
    ['', 'All'],
    ['catalog', 'catalog'],
    ['locations', 'locations'],
    ['inventory', 'inventory'],
    ['orders', 'orders'],
    ['shipments', 'shipments'],
  ])}
  ${select('direction', 'Direction', [
    ['', 'All'],
    ['pull', 'pull'],
    ['push', 'push'],
  ])}
  ${select('status', 'Status', [
    ['', 'All'],
    ['running', 'running'],
    ['ok', 'ok'],
    ['partial', 'partial (some records failed)'],
    ['failed', 'failed'],
  ])}
  <button type="submit" class="secondary">Filter</button>
  <span class="spacer"></span>${live}
</form>
${table('runs', 'Sync runs', ['Started', 'Connection', 'Stream', 'Trigger', 'Status', '#Seen', '#Created', '#Updated', '#Unchanged', '#Failed', '#Duration'])}
<button type="button" class="secondary" data-action="more" hidden>Load more</button>`,
  },
  {
    path: '/runs/:runId',
    title: 'Run',
    nav: 'runs',
    script: 'run',
    body: () => `
<section class="panel" aria-labelledby="run-h">
  <div class="panel-head"><h2 id="run-h">Summary</h2><span data-slot="status"></span><span class="spacer"></span>${live}</div>
  <div data-slot="summary"><p class="muted">Loading…</p></div>
  <div class="actions"><button type="button" data-action="replay">Replay run</button><a class="button secondary" data-slot="back" href="/ui/runs">All runs</a></div>
  <div class="result" data-slot="replay-result" role="status" hidden></div>
</section>
<section class="panel" aria-labelledby="failures-h">
  <h2 id="failures-h">Failed records</h2>
  <p class="hint">Each record the run could not take, with the reason and the payload as the remote sent it. Fix the cause at the source (or the mapping), then retry the record.</p>
  ${table('failures', 'Failed records', ['Record', 'Error', 'Field', 'Payload', 'State'])}
</section>`,
  },
  {
    path: '/dead-letters',
    title: 'Dead letters',
    nav: 'dead-letters',
    script: 'dead-letters',
    body: () => `
<div class="toolbar"><p class="muted">Jobs that used up their retries. Inspect one, send it back to its queue, or discard it with a reason (kept in the audit trail).</p><span class="spacer"></span>${live}</div>
${table('dead', 'Dead letters', ['Died', 'Queue', 'What', 'Last error', 'Actions'])}`,
  },
  {
    path: '/inbox',
    title: 'Webhook inbox',
    nav: 'inbox',
    script: 'inbox',
    body: () => `
<form class="toolbar" data-form="filters" method="get" action="/ui/inbox" role="search" aria-label="Filter events">
  ${select('status', 'Status', [
    ['', 'All'],
    ['received', 'received'],
    ['processed', 'processed'],
    ['failed', 'failed'],
    ['discarded', 'discarded'],
  ])}
  <div class="field"><label for="f-connectionId">Connection</label><select id="f-connectionId" name="connectionId"><option value="">All</option></select></div>
  <button type="submit" class="secondary">Filter</button>
  <span class="spacer"></span>${live}
</form>
${table('inbox', 'Webhook events', ['Received', 'Connection', 'Topic', 'Event', 'Status', '#Attempts', 'Error'])}
<button type="button" class="secondary" data-action="more" hidden>Load more</button>`,
  },
  {
    path: '/inbox/:inboxId',
    title: 'Webhook event',
    nav: 'inbox',
    script: 'inbox-event',
    body: () => `
<section class="panel" aria-labelledby="event-h">
  <div class="panel-head"><h2 id="event-h">Event</h2><span data-slot="status"></span><span class="spacer"></span>${live}</div>
  <div data-slot="summary"><p class="muted">Loading…</p></div>
  <div class="actions"><button type="button" data-action="replay">Replay</button><button type="button" class="secondary" data-action="discard">Discard…</button><a class="button secondary" href="/ui/inbox">Inbox</a></div>
  <div data-slot="discard"></div>
  <div class="result" data-slot="result" role="status" hidden></div>
</section>
<div class="cols">
<section class="panel" aria-labelledby="payload-h"><h2 id="payload-h">Payload</h2><div data-slot="payload"></div></section>
<section class="panel" aria-labelledby="outcome-h"><h2 id="outcome-h">Result</h2><div data-slot="outcome"></div></section>
</div>`,
  },
  {
    path: '/inventory',
    title: 'Inventory',
    nav: 'inventory',
    script: 'inventory',
    body: () => `
<form class="toolbar" data-form="search" role="search">
  <div class="field"><label for="q">Find a SKU or barcode</label><input id="q" name="q" type="search" autocomplete="off"></div>
  <button type="submit" class="secondary">Search</button>
</form>
${table('skus', 'SKUs', ['SKU', 'Product', 'Barcode', '#On hand', '#Reserved', 'Available to sell, per channel'])}
<button type="button" class="secondary" data-action="more" hidden>Load more</button>`,
  },
  {
    path: '/inventory/:sku',
    title: (p) => `Inventory · ${p.sku ?? ''}`,
    nav: 'inventory',
    script: 'inventory-sku',
    body: () => `
<div class="toolbar"><a href="/ui/inventory">All SKUs</a><span class="spacer"></span>${live}</div>
<section class="panel" aria-labelledby="levels-h"><h2 id="levels-h">Stock by location</h2>
${table('levels', 'Stock by location', ['Location', '#On hand', '#Reserved', '#Free', '#Remote says', 'Updated'])}</section>
<section class="panel" aria-labelledby="channels-h"><h2 id="channels-h">Available to sell, per channel</h2>
${table('channels', 'ATS per channel', ['Channel', '#ATS now', 'Rule', 'Last pushed'])}</section>
<section class="panel" aria-labelledby="ledger-h"><h2 id="ledger-h">Ledger</h2><p class="hint">Every movement, newest first: counts from warehouses, reservations by orders, shipments, releases.</p>
${table('ledger', 'Ledger', ['When', 'Location', '#On hand Δ', '#Reserved Δ', 'Reason', 'Source'])}</section>`,
  },
  {
    path: '/orders',
    title: 'Orders',
    nav: 'orders',
    script: 'orders',
    body: () => `
<form class="toolbar" data-form="filters" method="get" action="/ui/orders" role="search" aria-label="Filter orders">
  ${select('status', 'Status', [
    ['', 'All'],
    ['pending', 'pending'],
    ['open', 'open'],
    ['partially_shipped', 'partially shipped'],
    ['shipped', 'shipped'],
    ['cancelled', 'cancelled'],
  ])}
  ${select('routing', 'Routing', [
    ['', 'All'],
    ['routed', 'routed'],
    ['partially_backordered', 'partially backordered'],
    ['backordered', 'backordered'],
    ['needs_attention', 'needs attention'],
    ['fulfilled_by_channel', 'fulfilled by channel'],
    ['cancelled', 'cancelled'],
  ])}
  <div class="field"><label for="f-connectionId">Channel</label><select id="f-connectionId" name="connectionId"><option value="">All</option></select></div>
  <button type="submit" class="secondary">Filter</button>
  <span class="spacer"></span>${live}
</form>
${table('orders', 'Orders', ['Placed', 'Order', 'Channel', 'Ship to', '#Total', 'Status', 'Routing', 'Ship by'])}
<button type="button" class="secondary" data-action="more" hidden>Load more</button>`,
  },
  {
    path: '/orders/:orderId',
    title: 'Order',
    nav: 'orders',
    script: 'order',
    body: () => `
<div class="toolbar"><a href="/ui/orders">All orders</a><span class="spacer"></span>${live}</div>
<section class="panel" aria-labelledby="order-h"><div class="panel-head"><h2 id="order-h">Summary</h2><span data-slot="status"></span></div><div data-slot="summary"><p class="muted">Loading…</p></div></section>
<section class="panel" aria-labelledby="lines-h"><h2 id="lines-h">Lines</h2>${table('lines', 'Order lines', ['SKU', 'Title', '#Quantity', '#Unit price', '#Line total'])}<div data-slot="totals"></div></section>
<section class="panel" aria-labelledby="alloc-h"><h2 id="alloc-h">Routing and allocations</h2><p data-slot="split"></p>${table('allocations', 'Allocations', ['Warehouse', 'Status', 'Lines', 'Ship by', 'Warehouse order', 'Note'])}</section>
<section class="panel" aria-labelledby="ship-h"><h2 id="ship-h">Shipments and tracking</h2>${table('shipments', 'Shipments', ['Shipped', 'Carrier', 'Tracking', 'Lines'])}</section>
<section class="panel" aria-labelledby="deliv-h"><h2 id="deliv-h">Sent to other systems</h2>${table('deliveries', 'Deliveries', ['What', 'To', 'Status', 'Remote id', 'Attempts', 'Updated'])}</section>`,
  },
]
