// Seller pages: connections (list, add, one connection with its streams, locations, rules and
// webhook), SKU mapping, routing rules. Pages a connector adds for its connections (an ERP's
// field-mapping editor) come from its hooks (see ../index.ts). The markup is the page's
// skeleton and its forms; the page modules fill in data from the API and keep it live.
import type { PageSpec } from '../layout.ts'

const errors = '<div class="form-errors" role="alert" tabindex="-1" hidden></div>'
const live = '<span class="live" data-slot="live" aria-live="off"></span>'

export const sellerPages: PageSpec[] = [
  {
    path: '/connections',
    title: 'Connections',
    nav: 'connections',
    script: 'connections',
    body: () => `
<div class="toolbar">
  <p class="muted">Every outside system this business is linked to: sales channels, the ERP, warehouses.</p>
  <span class="spacer"></span>${live}
  <a class="button" href="/ui/connections/new">Add connection</a>
</div>
<div class="table-wrap">
<table data-table="connections">
  <caption class="sr-only">Connections</caption>
  <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Streams: last successful sync and lag</th></tr></thead>
  <tbody><tr class="empty"><td colspan="4">Loading…</td></tr></tbody>
</table>
</div>`,
  },
  {
    path: '/connections/new',
    title: 'Add a connection',
    nav: 'connections',
    script: 'connection-new',
    body: () => `
<form data-form="connection" novalidate>
  ${errors}
  <fieldset class="kinds" data-slot="kinds" data-pointer="/kind"><legend class="sr-only">Kind of system</legend><p class="muted">Loading the kinds of systems crossdock connects to…</p></fieldset>
  <div data-slot="details" hidden>
    <section class="panel">
      <h2>Connection</h2>
      <div class="fields">
        <div class="field">
          <label for="name">Name <span class="req">(required)</span></label>
          <input id="name" name="name" required autocomplete="off" data-pointer="/name" aria-describedby="name-hint">
          <p class="hint" id="name-hint">How you call it here, e.g. "US store" or "Warehouse EU".</p>
        </div>
        <div class="field">
          <label for="timeZone">Time zone</label>
          <input id="timeZone" name="timeZone" autocomplete="off" data-pointer="/timeZone" aria-describedby="tz-hint">
          <p class="hint" id="tz-hint">IANA zone of this system (cut-offs, display); empty: the business's zone.</p>
        </div>
      </div>
    </section>
    <section class="panel"><h2>Settings</h2><div data-slot="settings"></div></section>
    <section class="panel"><h2>Credentials</h2><p class="hint">Encrypted at rest; after saving they are only ever shown masked.</p><div data-slot="credentials"></div></section>
    <div class="result" data-slot="test-result" role="status" hidden></div>
    <div class="actions">
      <button type="button" class="secondary" data-action="test">Test connection</button>
      <button type="submit" data-action="save">Save</button>
    </div>
  </div>
</form>`,
  },
  {
    path: '/connections/:connectionId',
    title: 'Connection',
    nav: 'connections',
    script: 'connection',
    body: () => `
<nav class="tabs" aria-label="Sections of this connection">
  <a href="#status">Status</a><a href="#streams">Streams</a><a href="#locations">Locations</a>
  <a href="#rules">Inventory rules</a><a href="#webhook">Webhook</a><a href="#settings">Settings</a>
  <span data-slot="extra-links"></span>
</nav>
<section class="panel" id="status" aria-labelledby="status-h">
  <div class="panel-head"><h2 id="status-h">Status</h2><span data-slot="status"></span><span class="spacer"></span>${live}</div>
  <div data-slot="summary"></div>
  <div class="result" data-slot="test-result" role="status" hidden></div>
  <div class="actions">
    <button type="button" data-action="test">Test connection</button>
    <button type="button" class="secondary" data-action="toggle">Disable</button>
  </div>
</section>
<section class="panel" id="streams" aria-labelledby="streams-h">
  <h2 id="streams-h">Streams</h2>
  <p class="hint" data-slot="streams-tz"></p>
  <div class="table-wrap"><table data-table="streams">
    <thead><tr><th scope="col">Stream</th><th scope="col">Direction</th><th scope="col">Schedule</th><th scope="col">Next runs</th><th scope="col">Last success</th><th scope="col" class="actions">Actions</th></tr></thead>
    <tbody><tr class="empty"><td colspan="6">Loading…</td></tr></tbody>
  </table></div>
</section>
<section class="panel" id="locations" aria-labelledby="locations-h">
  <h2 id="locations-h">Locations serving this channel</h2>
  <p class="hint">Which warehouses' stock this channel may sell, and the channel's own location id for each (Shopify location, marketplace).</p>
  <form data-form="locations" novalidate>${errors}<div data-slot="locations"><p class="muted">Loading…</p></div>
    <div class="actions"><button type="submit">Save locations</button></div></form>
</section>
<section class="panel" id="rules" aria-labelledby="rules-h">
  <h2 id="rules-h">Inventory rules</h2>
  <p class="hint">What this channel may sell: free stock of the serving warehouses, minus a safety buffer, capped, times this channel's share.</p>
  <form data-form="rule" novalidate>
    ${errors}
    <div class="fields">
      <div class="field"><label for="rule-buffer">Safety buffer (units)</label><input id="rule-buffer" name="buffer" type="number" min="0" step="1" data-pointer="/buffer" aria-describedby="rule-inherit"></div>
      <div class="field"><label for="rule-cap">Cap (units)</label><input id="rule-cap" name="cap" type="number" min="0" step="1" data-pointer="/cap" aria-describedby="rule-inherit"></div>
      <div class="field"><label for="rule-share">Allocation share (%)</label><input id="rule-share" name="sharePercent" type="number" min="0" max="100" step="1" data-pointer="/sharePercent" aria-describedby="rule-inherit"></div>
      <div class="field"><label for="rule-sku">Sample SKU</label><input id="rule-sku" name="sku" list="sku-options" autocomplete="off" aria-describedby="rule-sku-hint"><datalist id="sku-options"></datalist>
        <p class="hint" id="rule-sku-hint">Shows the result for one SKU as you type.</p></div>
    </div>
    <p class="hint" id="rule-inherit">Empty: inherit the business-wide rule (or none).</p>
    <div class="field"><label><input type="checkbox" name="skuOnly"> Apply only to the sample SKU on this channel</label></div>
    <div data-slot="ats" aria-live="polite"></div>
    <div class="actions"><button type="submit">Save rule</button></div>
  </form>
</section>
<section class="panel" id="webhook" aria-labelledby="webhook-h">
  <h2 id="webhook-h">Webhook</h2>
  <div data-slot="webhook"><p class="muted">Loading…</p></div>
</section>
<section class="panel" id="settings" aria-labelledby="settings-h">
  <h2 id="settings-h">Settings</h2>
  <form data-form="settings" novalidate>${errors}
    <div class="field"><label for="conn-name">Name</label><input id="conn-name" name="name" data-pointer="/name" autocomplete="off"></div>
    <div data-slot="settings"></div>
    <div class="actions"><button type="submit">Save settings</button></div>
  </form>
  <h3>Credentials</h3>
  <div data-slot="credentials-masked"></div>
  <details data-slot="replace-credentials"><summary>Replace credentials</summary>
    <form data-form="credentials" novalidate>${errors}<p class="hint">Enter every credential again: the old ones are replaced as a whole.</p><div data-slot="credentials"></div>
      <div class="actions"><button type="submit">Replace credentials</button></div></form>
  </details>
</section>`,
  },
  {
    path: '/skus',
    title: 'SKU mapping',
    nav: 'skus',
    script: 'skus',
    body: () => `
<section class="panel" aria-labelledby="unmatched-h">
  <div class="panel-head"><h2 id="unmatched-h">Unmatched listings</h2><span class="spacer"></span>${live}</div>
  <p class="hint">SKUs a connection reported that no canonical SKU is bound to, with a suggested match (same barcode, or the same SKU ignoring case and punctuation). Accept several at once.</p>
  <div class="toolbar">
    <div class="field"><label for="unmatched-connection">Connection</label><select id="unmatched-connection" name="connection"></select></div>
  </div>
  <form data-form="unmatched" novalidate>${errors}
    <div class="table-wrap"><table data-table="unmatched">
      <thead><tr><th scope="col"><input type="checkbox" data-action="select-all" aria-label="Select every row with a match"></th><th scope="col">External SKU</th><th scope="col">External id</th><th scope="col">Canonical SKU</th><th scope="col">Why</th></tr></thead>
      <tbody><tr class="empty"><td colspan="5">Choose a connection.</td></tr></tbody>
    </table></div>
    <div class="actions"><button type="submit" data-action="accept">Accept selected</button><span class="muted small" data-slot="selected"></span></div>
  </form>
</section>
<section class="panel" aria-labelledby="catalog-h">
  <h2 id="catalog-h">Catalog</h2>
  <form class="toolbar" data-form="search" role="search">
    <div class="field"><label for="sku-q">Find a SKU or barcode</label><input id="sku-q" name="q" type="search" autocomplete="off"></div>
    <button type="submit" class="secondary">Search</button>
  </form>
  <div class="table-wrap"><table data-table="skus">
    <thead><tr><th scope="col">SKU</th><th scope="col">Product</th><th scope="col">Barcode</th><th scope="col">On each connection</th></tr></thead>
    <tbody><tr class="empty"><td colspan="4">Loading…</td></tr></tbody>
  </table></div>
  <button type="button" class="secondary" data-action="more" hidden>Load more</button>
</section>`,
  },
  {
    path: '/routing',
    title: 'Routing rules',
    nav: 'routing',
    script: 'routing',
    body: () => `
<p class="muted">Where an order ships from: for each destination (a country, a region, or * for anywhere else), the warehouses to try in order. An order goes whole to the first that has everything, else it is split across them; what none has is backordered.</p>
<form class="panel" data-form="routing" novalidate>
  ${errors}
  <div class="table-wrap"><table data-table="routes">
    <thead><tr><th scope="col">Destination</th><th scope="col">Warehouses, in order</th><th scope="col" class="actions">Row</th></tr></thead>
    <tbody><tr class="empty"><td colspan="3">Loading…</td></tr></tbody>
  </table></div>
  <div class="actions">
    <button type="button" class="secondary" data-action="add-route">Add destination</button>
    <span class="spacer"></span>
    <button type="submit">Save routing rules</button>
  </div>
  <p class="hint">Destinations: a two-letter country code (US, DE…), a region (EU, EUROPE, NA, APAC), or * for every other country. A country rule wins over its region.</p>
</form>`,
  },
]
