// Order routing, pure: destination → ordered warehouses → the first that can ship the whole order,
// else a split across warehouses with the fewest shipments, else a backorder for what no
// warehouse has. Nothing here reads a database; availability comes in as numbers.

export interface RouteLine {
  sku: string
  quantity: number
}

export interface RoutingRules {
  /** destination country (ISO alpha-2), region name (EU, NA…) or '*' → location codes, in order of preference */
  routes: Record<string, string[]>
}

export interface RoutePlan {
  allocations: { locationCode: string; lines: RouteLine[] }[]
  backorder: RouteLine[]
}

export const REGIONS: Record<string, string[]> = {
  EU: [
    'AT',
    'BE',
    'BG',
    'HR',
    'CY',
    'CZ',
    'DK',
    'EE',
    'FI',
    'FR',
    'DE',
    'GR',
    'HU',
    'IE',
    'IT',
    'LV',
    'LT',
    'LU',
    'MT',
    'NL',
    'PL',
    'PT',
    'RO',
    'SK',
    'SI',
    'ES',
    'SE',
  ],
  EUROPE: [
    'AT',
    'BE',
    'BG',
    'HR',
    'CY',
    'CZ',
    'DK',
    'EE',
    'FI',
    'FR',
    'DE',
    'GR',
    'HU',
    'IE',
    'IT',
    'LV',
    'LT',
    'LU',
    'MT',
    'NL',
    'PL',
    'PT',
    'RO',
    'SK',
    'SI',
    'ES',
    'SE',
    'GB',
    'CH',
    'NO',
    'IS',
  ],
  NA: ['US', 'CA', 'MX'],
  APAC: ['JP', 'KR', 'CN', 'HK', 'TW', 'SG', 'AU', 'NZ', 'MY', 'TH', 'PH', 'ID', 'VN', 'IN'],
}

/** The ordered candidate locations for a destination: country rule, then region, then '*'. */
export function candidatesFor(rules: RoutingRules, country: string | undefined): string[] {
  const c = (country ?? '').toUpperCase()
  if (c && rules.routes[c]) return rules.routes[c]!
  for (const [region, members] of Object.entries(REGIONS)) {
    if (rules.routes[region] && members.includes(c)) return rules.routes[region]!
  }
  return rules.routes['*'] ?? []
}

/** Merge duplicate SKUs (two lines of one SKU) so availability is checked once per SKU. */
export function mergeLines(lines: RouteLine[]): RouteLine[] {
  const m = new Map<string, number>()
  for (const l of lines) if (l.quantity > 0) m.set(l.sku, (m.get(l.sku) ?? 0) + l.quantity)
  return [...m].map(([sku, quantity]) => ({ sku, quantity }))
}

/**
 * @param availability location code → sku → units that can still be promised there
 */
export function planRoute(
  lines: RouteLine[],
  candidates: string[],
  availability: Record<string, Record<string, number>>,
): RoutePlan {
  const need = mergeLines(lines)
  if (need.length === 0) return { allocations: [], backorder: [] }
  const avail = (loc: string, sku: string) => Math.max(0, availability[loc]?.[sku] ?? 0)

  const whole = candidates.find((loc) => need.every((l) => avail(loc, l.sku) >= l.quantity))
  if (whole) return { allocations: [{ locationCode: whole, lines: need }], backorder: [] }

  // Split: repeatedly take the location that covers the most remaining units (ties: rule order).
  const remaining = new Map(need.map((l) => [l.sku, l.quantity]))
  const left = { ...Object.fromEntries(candidates.map((c) => [c, { ...(availability[c] ?? {}) }])) } as Record<
    string,
    Record<string, number>
  >
  const allocations: RoutePlan['allocations'] = []
  const used = new Set<string>()
  for (;;) {
    let best: { loc: string; units: number } | undefined
    for (const loc of candidates) {
      if (used.has(loc)) continue
      let units = 0
      for (const [sku, q] of remaining) units += Math.min(q, Math.max(0, left[loc]?.[sku] ?? 0))
      if (units > 0 && (!best || units > best.units)) best = { loc, units }
    }
    if (!best) break
    used.add(best.loc)
    const taken: RouteLine[] = []
    for (const [sku, q] of remaining) {
      const n = Math.min(q, Math.max(0, left[best.loc]?.[sku] ?? 0))
      if (n > 0) {
        taken.push({ sku, quantity: n })
        remaining.set(sku, q - n)
      }
    }
    for (const [sku, q] of [...remaining]) if (q === 0) remaining.delete(sku)
    allocations.push({ locationCode: best.loc, lines: taken })
    if (remaining.size === 0) break
  }
  return { allocations, backorder: [...remaining].map(([sku, quantity]) => ({ sku, quantity })) }
}
