// The browser UI for sellers (connections, mappings, rules) and ops (overview, runs, failures,
// inbox, dead letters, inventory, orders).
//
// How it is built, and why: server-rendered pages from fastify, plus a little plain JavaScript
// (ES modules under assets/, served as they are: no framework, no bundler, no build step). The
// server renders each page's shell — layout, navigation, headings, forms with their labels,
// empty tables — and a page module fills it from the public REST API (/api/v1, the same API
// third parties call, with the session cookie and the x-csrf-token header on writes), polling
// every few seconds so lists update without a reload. A SPA with a build step would not earn its
// keep here: the pages are forms and tables, and the API already returns exactly what they show.
// The helmet CSP allows only 'self' scripts, so there is no inline script or handler anywhere.
//
//   layout.ts          the HTML shell: head, top bar, navigation, main
//   pages/*.ts         one file per area: the routes and the markup of their pages
//   assets.ts          serves assets/ and two modules generated from the model (currencies, ATS)
//   assets/lib/*.js    API calls with CSRF, formatting (dates, money), DOM helpers, polling
//   assets/pages/*.js  one module per page
//
// Imports: server (principal, app types), sync (the pure ATS rule, served to the browser), model.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { HubServices } from '../../services.ts'
import { anyUserExists } from '../../db/users.ts'
import { resolvePrincipal } from '../api/principal.ts'
import { assetRoutes } from './assets.ts'
import { renderPage, type PageSpec } from './layout.ts'
import { authPages } from './pages/auth.ts'
import { opsPages } from './pages/ops.ts'
import { sellerPages } from './pages/seller.ts'

export const UI_PREFIX = '/ui'

/** Pages connectors declare for their connections, under /connections/:connectionId (one per path). */
function connectorPages(hub: HubServices): PageSpec[] {
  const byPath = new Map<string, PageSpec>()
  for (const c of hub.connectors.list()) {
    for (const p of c.hooks?.pages ?? []) {
      const path = `/connections/:connectionId${p.path}`
      if (!byPath.has(path))
        byPath.set(path, { path, title: p.title, nav: 'connections', script: p.script, body: () => p.body })
    }
  }
  return [...byPath.values()]
}

async function setupNeeded(hub: HubServices): Promise<boolean> {
  return !(await anyUserExists(hub.db))
}

function loginRedirect(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const next = req.url.startsWith(UI_PREFIX) ? `?next=${encodeURIComponent(req.url)}` : ''
  return reply.redirect(`${UI_PREFIX}/login${next}`, 303)
}

function sendHtml(reply: FastifyReply, html: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
}

export async function uiRoutes(app: FastifyInstance, hub: HubServices): Promise<void> {
  await assetRoutes(app)

  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect(`${UI_PREFIX}/`, 302))
  app.get(UI_PREFIX, { schema: { hide: true } }, async (_req, reply) => reply.redirect(`${UI_PREFIX}/`, 302))
  app.get(`${UI_PREFIX}/`, { schema: { hide: true } }, async (req, reply) => {
    if (await setupNeeded(hub)) return reply.redirect(`${UI_PREFIX}/setup`, 303)
    if (!(await resolvePrincipal(hub, req))) return loginRedirect(req, reply)
    return reply.redirect(`${UI_PREFIX}/overview`, 303)
  })

  for (const page of authPages) {
    app.get(UI_PREFIX + page.path, { schema: { hide: true } }, async (req, reply) => {
      const needed = await setupNeeded(hub)
      if (page.path === '/setup' && !needed) return reply.redirect(`${UI_PREFIX}/login`, 303)
      if (page.path === '/login' && needed) return reply.redirect(`${UI_PREFIX}/setup`, 303)
      return sendHtml(reply, renderPage(page, {}, { signedIn: false }))
    })
  }

  const signedInPages: PageSpec[] = [...sellerPages, ...opsPages, ...connectorPages(hub)]
  for (const page of signedInPages) {
    app.get(UI_PREFIX + page.path, { schema: { hide: true } }, async (req, reply) => {
      if (await setupNeeded(hub)) return reply.redirect(`${UI_PREFIX}/setup`, 303)
      if (!(await resolvePrincipal(hub, req))) return loginRedirect(req, reply)
      return sendHtml(reply, renderPage(page, req.params as Record<string, string>, { signedIn: true }))
    })
  }
}
