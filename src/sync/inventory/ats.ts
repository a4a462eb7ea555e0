// Available-to-sell, pure. For one channel connection and one SKU:
//   Σ over the locations that serve the channel of max(0, on hand − reserved)
//   − safety buffer, capped by a max, times the channel's allocation share, never below zero.
// Rules come per tenant, per connection, per SKU, per (connection, SKU); the most specific wins,
// field by field.

export interface LevelNumbers {
  onHand: number
  reserved: number
}

export interface AtsRule {
  buffer?: number | null
  cap?: number | null
  sharePercent?: number | null
}

export interface ScopedRule extends AtsRule {
  connectionId: string | null
  sku: string | null
}

export function effectiveRule(
  rules: ScopedRule[],
  connectionId: string,
  sku: string,
): Required<{ buffer: number; cap: number | null; sharePercent: number }> {
  const specificity = (r: ScopedRule) => (r.connectionId ? 1 : 0) + (r.sku ? 2 : 0)
  const applicable = rules
    .filter((r) => (r.connectionId === null || r.connectionId === connectionId) && (r.sku === null || r.sku === sku))
    .sort((a, b) => specificity(b) - specificity(a))
  const pick = <K extends keyof AtsRule>(k: K) =>
    applicable.find((r) => r[k] !== null && r[k] !== undefined)?.[k] ?? null
  return { buffer: pick('buffer') ?? 0, cap: pick('cap'), sharePercent: pick('sharePercent') ?? 100 }
}

export function availableToSell(
  levels: LevelNumbers[],
  rule: { buffer: number; cap: number | null; sharePercent: number },
): number {
  // an oversold location (reserved > on hand) does not eat another location's stock
  const free = levels.reduce((s, l) => s + Math.max(0, l.onHand - l.reserved), 0)
  let q = free - Math.max(0, rule.buffer)
  if (rule.cap !== null && rule.cap >= 0) q = Math.min(q, rule.cap)
  q = Math.floor((q * Math.min(100, Math.max(0, rule.sharePercent))) / 100)
  return Math.max(0, q)
}

/** Split one ATS over several targets of a channel (Amazon marketplaces) so their sum never exceeds it. */
export function splitAcrossTargets(total: number, targets: string[]): Map<string, number> {
  const out = new Map<string, number>()
  if (targets.length === 0) return out
  const base = Math.floor(total / targets.length)
  let rest = total - base * targets.length
  for (const t of [...targets].sort()) {
    out.set(t, base + (rest > 0 ? 1 : 0))
    if (rest > 0) rest--
  }
  return out
}
