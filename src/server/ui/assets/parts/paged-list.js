// A filtered, paged list: the first page refreshes on a timer (when the list is live); "Load more"
// pages on with the API's cursor, and the pages already loaded stay while the first page
// refreshes; changing a filter starts over. Runs, orders, the webhook inbox, inventory and the
// SKU catalog are such lists.
//
// The list shows each item once: a row that moved from a later page into the first one (an older
// row deleted, retention) is not drawn twice, and "Load more" is hidden and does nothing once the
// API says there is no next page (without a cursor the API would answer with the first page again).
import { api, query } from '../lib/api.js'
import { $, emptyRow, replaceChildren } from '../lib/dom.js'
import { messageOf, poll, toast } from '../lib/ui.js'
import { bindFilters } from './filters.js'

/**
 * @param {{
 *   path: string, table: string, row: (item: any) => Node, columns: number,
 *   empty: string | ((filters: Record<string, string>) => string),
 *   everyMs?: number, form?: string, more?: string, key?: (item: any) => string, pageSize?: number,
 *   onRender?: (firstPage: any[], filters: Record<string, string>) => void,
 * }} o  form and more are selectors (the page's filters form, its "Load more" button); without
 *        everyMs the list loads once and again only when a filter changes
 * @returns {{ start(): void, refresh(): Promise<void> }} start() after the filter form is ready
 */
export function pagedList(o) {
  const tbody = $(`[data-table="${o.table}"] tbody`)
  const more = $(o.more ?? '[data-action="more"]')
  const keyOf = o.key ?? ((item) => item.id)
  const limit = o.pageSize ?? 50
  let first = []
  let extra = []
  let cursor = null
  // a filter change starts a new generation: an answer for an older one is dropped
  let generation = 0
  let live

  function render() {
    const values = filters.values()
    const shown = new Set(first.map(keyOf))
    const rest = extra.filter((item) => !shown.has(keyOf(item)))
    const items = [...first, ...rest]
    more.hidden = !cursor
    const empty = typeof o.empty === 'function' ? o.empty(values) : o.empty
    replaceChildren(tbody, items.length ? items.map(o.row) : emptyRow(o.columns, empty))
    o.onRender?.(first, values)
  }

  async function refresh() {
    const gen = generation
    const page = await api('GET', `${o.path}${query({ ...filters.values(), limit })}`)
    if (gen !== generation) return
    first = page.items
    if (!extra.length) cursor = page.nextCursor
    render()
  }

  const filters = bindFilters($(o.form ?? '[data-form="filters"]'), () => {
    generation++
    extra = []
    cursor = null
    if (live) live.refresh()
    else refresh().catch((err) => toast(messageOf(err), 'bad'))
  })

  more.addEventListener('click', async () => {
    if (!cursor || more.disabled) return
    more.disabled = true
    const gen = generation
    try {
      const page = await api('GET', `${o.path}${query({ ...filters.values(), limit, cursor })}`)
      if (gen !== generation) return
      const known = new Set(extra.map(keyOf))
      extra.push(...page.items.filter((item) => !known.has(keyOf(item))))
      cursor = page.nextCursor
      render()
    } catch (err) {
      toast(messageOf(err), 'bad')
    } finally {
      more.disabled = false
    }
  })

  return {
    start() {
      filters.reapply()
      if (o.everyMs) live = poll(refresh, o.everyMs, $('[data-slot="live"]'))
      else refresh().catch((err) => toast(messageOf(err), 'bad'))
    },
    refresh: () => (live ? live.refresh() : refresh()),
  }
}
