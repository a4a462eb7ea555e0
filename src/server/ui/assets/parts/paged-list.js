// A filtered, paged, live list: the first page refreshes on a timer; "Load more" pages on with
// the API's cursor (pages already loaded stay while the first page refreshes); changing a filter
// starts over. Runs, orders and the webhook inbox are such lists.
import { api, query } from '../lib/api.js'
import { $, emptyRow, replaceChildren } from '../lib/dom.js'
import { messageOf, poll, toast } from '../lib/ui.js'
import { bindFilters } from './filters.js'

/**
 * @param {{ path: string, table: string, row: (item: any) => Node, columns: number, empty: string, everyMs: number }} o
 * @returns {{ start(): void }} start() after the filter form is ready (its selects filled)
 */
export function pagedList(o) {
  const tbody = $(`[data-table="${o.table}"] tbody`)
  const more = $('[data-action="more"]')
  let cursor = null
  let extra = []
  let live

  const filters = bindFilters($('[data-form="filters"]'), () => {
    extra = []
    live?.refresh()
  })

  async function refresh() {
    const page = await api('GET', `${o.path}${query({ ...filters.values(), limit: 50 })}`)
    if (!extra.length) cursor = page.nextCursor
    more.hidden = !cursor
    replaceChildren(
      tbody,
      page.items.length || extra.length ? [...page.items, ...extra].map(o.row) : emptyRow(o.columns, o.empty),
    )
  }

  more.addEventListener('click', async () => {
    try {
      const page = await api('GET', `${o.path}${query({ ...filters.values(), limit: 50, cursor })}`)
      extra.push(...page.items)
      cursor = page.nextCursor
      tbody.append(...page.items.map(o.row))
      more.hidden = !cursor
    } catch (err) {
      toast(messageOf(err), 'bad')
    }
  })

  return {
    start() {
      filters.reapply()
      live = poll(refresh, o.everyMs, $('[data-slot="live"]'))
    },
  }
}
