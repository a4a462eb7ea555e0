// Page tokens the way SP-API hands them out: opaque (base64 with + / =, so a client that forgets
// to URL-encode them breaks here as it would there [GH amzn/selling-partner-api-models#2278]),
// tied to the result list of the first call, and expiring (searchOrders 24 h [M-ord26]; FBA
// inventory 30 s [M-fba]). An unknown or expired token is a 400 InvalidInput.
import { invalid } from './http.ts'
import { opaqueToken } from './state.ts'

interface Cursor<T> {
  items: T[]
  offset: number
  expiresAt: number
  extra: Record<string, unknown>
}

export class PageTokens {
  private tokens = new Map<string, Cursor<unknown>>()
  constructor(private readonly now: () => number) {}

  /** A page of `items` from `offset`, and the token for the rest (if any). */
  page<T>(
    items: T[],
    offset: number,
    size: number,
    ttlMs: number,
    extra: Record<string, unknown> = {},
  ): { page: T[]; next?: string } {
    const page = items.slice(offset, offset + size)
    if (offset + size >= items.length) return { page }
    const next = opaqueToken()
    this.tokens.set(next, { items, offset: offset + size, expiresAt: this.now() + ttlMs, extra })
    return { page, next }
  }

  take<T>(token: string): { items: T[]; offset: number; extra: Record<string, unknown> } {
    const c = this.tokens.get(token)
    if (!c) throw invalid('We could not decode your NextToken. Please check it and try again.')
    if (c.expiresAt <= this.now()) {
      this.tokens.delete(token)
      throw invalid('The NextToken has expired. Start again without it.')
    }
    return c as Cursor<T>
  }

  clear(): void {
    this.tokens.clear()
  }
}
