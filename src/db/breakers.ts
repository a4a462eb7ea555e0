// Circuit breakers shared by every hub process: one row per (tenant, connection, remote origin).
// The state machine is connectors/http/breaker.ts `recordOutcome` (passed in by the caller, so
// this module imports nothing of the connectors); here it runs under a row lock on the database
// clock. Calls only write on a failure or a state change, so a healthy connection costs no writes.
import type { Db } from './knex.ts'

export type BreakerStateName = 'closed' | 'open' | 'half-open'

export interface BreakerKey {
  tenantId: string
  connectionId: string
  scope: string
}

export interface BreakerView {
  state: BreakerStateName
  failures: number
  remainingMs: number
}

/** The breaker as the state machine sees it: times in epoch ms (UTC). */
export interface BreakerMachine {
  state: BreakerStateName
  failures: number
  windowStartedMs: number
  openUntilMs: number
  probeUntilMs: number
}

const where = (k: BreakerKey) => ({ tenant_id: k.tenantId, connection_id: k.connectionId, scope: k.scope })

const REMAINING = `greatest(0, extract(epoch from (case state when 'open' then open_until when 'half-open' then probe_until end)
  - clock_timestamp()) * 1000)`

export async function readBreaker(db: Db, k: BreakerKey): Promise<BreakerView | undefined> {
  const row = await db('connector_breakers')
    .where(where(k))
    .first('state', 'failures', db.raw(`coalesce(${REMAINING}, 0) as "remainingMs"`))
  return row ? { state: row.state, failures: row.failures, remainingMs: Number(row.remainingMs) } : undefined
}

/** Claim the probe of an open circuit whose time is up (or any, when forced): one caller wins. */
export async function claimProbe(db: Db, k: BreakerKey, probeTimeoutMs: number, force: boolean): Promise<boolean> {
  const { rowCount } = await db.raw(
    `update connector_breakers
       set state = 'half-open', probe_until = clock_timestamp() + make_interval(secs => :secs), updated_at = clock_timestamp()
     where tenant_id = :tenant and connection_id = :conn and scope = :scope
       and (:force or (state = 'open' and open_until <= clock_timestamp())
                   or (state = 'half-open' and probe_until <= clock_timestamp()))`,
    { tenant: k.tenantId, conn: k.connectionId, scope: k.scope, secs: probeTimeoutMs / 1000, force },
  )
  return (rowCount ?? 0) > 0
}

const toMs = (d: Date | null) => (d ? d.getTime() : 0)
const toDate = (ms: number) => (ms > 0 ? new Date(ms) : null)

/** Record a call's outcome with `next` (the state machine) under the row's lock. */
export async function recordBreaker(
  db: Db,
  k: BreakerKey,
  next: (current: BreakerMachine, nowMs: number) => BreakerMachine,
  error?: string,
): Promise<BreakerView> {
  return db.transaction(async (trx) => {
    await trx('connector_breakers').insert(where(k)).onConflict(['tenant_id', 'connection_id', 'scope']).ignore()
    const row = await trx('connector_breakers')
      .where(where(k))
      .forUpdate()
      .first('*', trx.raw(`extract(epoch from clock_timestamp()) * 1000 as now_ms`))
    const now = Number(row.now_ms)
    const was: BreakerMachine = {
      state: row.state,
      failures: row.failures,
      windowStartedMs: toMs(row.window_started_at),
      openUntilMs: toMs(row.open_until),
      probeUntilMs: toMs(row.probe_until),
    }
    const n = next(was, now)
    await trx('connector_breakers')
      .where(where(k))
      .update({
        state: n.state,
        failures: n.failures,
        window_started_at: new Date(n.windowStartedMs || now),
        open_until: toDate(n.openUntilMs),
        probe_until: toDate(n.probeUntilMs),
        ...(n.state === 'open' && was.state !== 'open' ? { opened_at: new Date(now) } : {}),
        ...(error ? { last_error: error.slice(0, 200) } : {}),
        updated_at: new Date(now),
      })
    const until = n.state === 'open' ? n.openUntilMs : n.state === 'half-open' ? n.probeUntilMs : 0
    return { state: n.state, failures: n.failures, remainingMs: Math.max(0, until - now) }
  })
}

const SEVERITY: Record<BreakerStateName, number> = { closed: 0, 'half-open': 1, open: 2 }

/** Each connection's worst breaker (over the origins it calls), for the monitoring panel. */
export async function breakerStates(db: Db, tenantId: string): Promise<Record<string, BreakerStateName>> {
  const rows = await db('connector_breakers').where({ tenant_id: tenantId }).select('connection_id', 'state')
  const out: Record<string, BreakerStateName> = {}
  for (const r of rows as { connection_id: string; state: BreakerStateName }[]) {
    const had = out[r.connection_id]
    if (!had || SEVERITY[r.state] > SEVERITY[had]) out[r.connection_id] = r.state
  }
  return out
}

/** Close a connection's breakers (its credentials were replaced: give the remote a fresh chance). */
export async function resetBreakers(db: Db, tenantId: string, connectionId: string): Promise<void> {
  await db('connector_breakers').where({ tenant_id: tenantId, connection_id: connectionId }).del()
}
