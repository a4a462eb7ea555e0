// The HTML shell every page shares: head (stylesheet, the page's module), a skip link, the top
// bar (tenant, user, sign out — filled by the page module from /api/v1/me), the navigation with
// the current page marked, and <main> with the page's own markup. Everything interpolated goes
// through `esc`; path parameters reach the page module as data attributes on <main>.

export type NavKey =
  'connections' | 'skus' | 'routing' | 'overview' | 'runs' | 'dead-letters' | 'inbox' | 'inventory' | 'orders'

export interface PageSpec {
  /** fastify path under /ui, e.g. /connections/:connectionId */
  path: string
  title: string | ((params: Record<string, string>) => string)
  /** module under /ui/assets/pages/ (without .js) */
  script: string
  nav?: NavKey
  /** the page's markup inside <main>, after the <h1> */
  body(params: Record<string, string>): string
  /** a narrow, centred page without navigation (sign-in, setup) */
  bare?: boolean
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

/** Tagged template: `html\`<p>${x}</p>\`` escapes every interpolation unless it is `raw(...)`. */
export class Raw {
  constructor(readonly html: string) {}
}

export function raw(html: string): Raw {
  return new Raw(html)
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0]!
  values.forEach((v, i) => {
    out +=
      (v instanceof Raw
        ? v.html
        : Array.isArray(v)
          ? v.map((x) => (x instanceof Raw ? x.html : esc(x))).join('')
          : esc(v)) + strings[i + 1]!
  })
  return out
}

const NAV: { group: string; items: { key: NavKey; href: string; label: string }[] }[] = [
  {
    group: 'Seller',
    items: [
      { key: 'connections', href: '/ui/connections', label: 'Connections' },
      { key: 'skus', href: '/ui/skus', label: 'SKU mapping' },
      { key: 'routing', href: '/ui/routing', label: 'Routing rules' },
    ],
  },
  {
    group: 'Operations',
    items: [
      { key: 'overview', href: '/ui/overview', label: 'Overview' },
      { key: 'runs', href: '/ui/runs', label: 'Runs' },
      { key: 'dead-letters', href: '/ui/dead-letters', label: 'Dead letters' },
      { key: 'inbox', href: '/ui/inbox', label: 'Webhook inbox' },
      { key: 'inventory', href: '/ui/inventory', label: 'Inventory' },
      { key: 'orders', href: '/ui/orders', label: 'Orders' },
    ],
  },
]

function nav(current: NavKey | undefined): string {
  return html`<nav class="side" id="side-nav" aria-label="Main">
    ${NAV.map((g) =>
      raw(
        html` <h2 class="nav-group">${g.group}</h2>
          <ul>
            ${g.items.map((i) => raw(html`<li><a href="${i.href}" ${raw(i.key === current ? ' aria-current="page"' : '')}>${i.label}</a></li>`))}
          </ul>`,
      ),
    )}
  </nav>`
}

// On a phone the navigation folds away behind this button (CSS shows it only on narrow
// screens; lib/ui.js opens and closes it and keeps aria-expanded true to what is shown).
const MENU_BUTTON = `<button type="button" class="menu" data-action="menu" aria-expanded="false" aria-controls="side-nav"><span class="menu-icon" aria-hidden="true"></span>Menu</button>`

function dataAttributes(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => ` data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${esc(v)}"`)
    .join('')
}

export function renderPage(page: PageSpec, params: Record<string, string>, opts: { signedIn: boolean }): string {
  const title = typeof page.title === 'function' ? page.title(params) : page.title
  const top = opts.signedIn
    ? html`<header class="top">
        ${raw(page.bare ? '' : MENU_BUTTON)}
        <a class="brand" href="/ui/">crossdock</a>
        <span class="tenant" data-slot="tenant"></span>
        <span class="spacer"></span>
        <span class="who" data-slot="who"></span>
        <button type="button" class="link" data-action="sign-out">Sign out</button>
      </header>`
    : html`<header class="top"><a class="brand" href="/ui/">crossdock</a></header>`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · crossdock</title>
<link rel="stylesheet" href="/ui/assets/app.css">
<script type="module" src="/ui/assets/pages/${esc(page.script)}.js"></script>
</head>
<body class="${page.bare ? 'bare' : 'app'}">
<a class="skip" href="#main">Skip to content</a>
${top}
<div class="frame">
${page.bare ? '' : nav(page.nav)}
<main id="main" tabindex="-1"${dataAttributes(params)}>
<h1>${esc(title)}</h1>
${page.body(params)}
</main>
</div>
<div class="toasts" data-slot="toasts" role="status" aria-live="polite"></div>
<footer class="foot" data-slot="foot"></footer>
</body>
</html>`
}
