// Connections: a tenant's link to one outside system. Credentials are sealed with the row's id
// as associated data and only ever leave this module decrypted to a connector context, or masked.
import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from './knex.ts'
import type { SecretBox } from '../secrets/crypto.ts'
import { maskAll } from '../secrets/crypto.ts'
import { CrossdockError } from '../errors.ts'

export interface ConnectionRow {
  id: string
  tenant_id: string
  kind: string
  name: string
  settings: Record<string, unknown>
  credentials_enc: string | null
  status: string
  status_reason: string | null
  time_zone: string | null
  created_at: Date
  updated_at: Date
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID.test(v)
}

export async function createConnection(
  db: Db,
  box: SecretBox,
  input: {
    tenantId: string
    kind: string
    name: string
    settings?: Record<string, unknown>
    credentials?: Record<string, unknown>
    timeZone?: string
  },
): Promise<ConnectionRow> {
  const id = randomUUID()
  const [row] = await db('connections')
    .insert({
      id,
      tenant_id: input.tenantId,
      kind: input.kind,
      name: input.name,
      settings: input.settings ?? {},
      credentials_enc: input.credentials ? box.seal(input.credentials, id) : null,
      time_zone: input.timeZone ?? null,
    })
    .returning('*')
  return row as ConnectionRow
}

export async function findConnection(q: Queryable, tenantId: string, id: string): Promise<ConnectionRow | undefined> {
  return isUuid(id) ? ((await q('connections').where({ tenant_id: tenantId, id }).first()) as ConnectionRow) : undefined
}

/** Scoped read: a connection of another tenant is "not found", never "forbidden". */
export async function getConnection(q: Queryable, tenantId: string, id: string): Promise<ConnectionRow> {
  const row = await findConnection(q, tenantId, id)
  if (!row) throw new CrossdockError('NOT_FOUND', 'no such connection', { details: { connectionId: id } })
  return row
}

/** Webhooks arrive with only a connection id in the URL: the connection then names the tenant. */
export async function findConnectionForWebhook(db: Db, kind: string, id: string): Promise<ConnectionRow | undefined> {
  if (!isUuid(id)) return undefined
  return (await db('connections').where({ id, kind }).first()) as ConnectionRow | undefined
}

/** A tenant's connections by name (the list page). */
export async function listConnections(q: Queryable, tenantId: string): Promise<ConnectionRow[]> {
  return (await q('connections').where({ tenant_id: tenantId }).orderBy('name')) as ConnectionRow[]
}

/** Connections that may be called: not disabled by a user, not disconnected by the remote. */
export async function activeConnections(
  q: Queryable,
  tenantId: string,
  opts: { except?: string } = {},
): Promise<ConnectionRow[]> {
  const query = q('connections').where({ tenant_id: tenantId }).whereNotIn('status', ['disabled', 'disconnected'])
  if (opts.except) query.whereNot({ id: opts.except })
  return (await query.orderBy('created_at')) as ConnectionRow[]
}

/** The kinds a tenant has connected (disabled connections aside). */
export async function connectedKinds(q: Queryable, tenantId: string): Promise<string[]> {
  return q('connections').where({ tenant_id: tenantId }).whereNot({ status: 'disabled' }).distinct('kind').pluck('kind')
}

export async function connectionNameTaken(q: Queryable, tenantId: string, name: string): Promise<boolean> {
  return Boolean(await q('connections').where({ tenant_id: tenantId, name }).first('id'))
}

/** Rename, change settings or status; returns the row as it is now. */
export async function updateConnection(
  q: Queryable,
  tenantId: string,
  id: string,
  patch: { name?: string; settings?: Record<string, unknown>; status?: string; statusReason?: string | null },
): Promise<ConnectionRow> {
  const [row] = await q('connections')
    .where({ tenant_id: tenantId, id })
    .update({
      ...(patch.name ? { name: patch.name } : {}),
      ...(patch.settings ? { settings: patch.settings } : {}),
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.statusReason !== undefined ? { status_reason: patch.statusReason } : {}),
      updated_at: q.fn.now(),
    })
    .returning('*')
  if (!row) throw new CrossdockError('NOT_FOUND', 'no such connection', { details: { connectionId: id } })
  return row as ConnectionRow
}

export async function deleteConnection(q: Queryable, tenantId: string, id: string): Promise<void> {
  await q('connections').where({ tenant_id: tenantId, id }).del()
}

/** A failed pull marks the connection failing (unless the remote already disconnected it). */
export async function markConnectionFailing(q: Queryable, tenantId: string, id: string, reason: string): Promise<void> {
  await q('connections')
    .where({ tenant_id: tenantId, id })
    .whereNot({ status: 'disconnected' })
    .update({ status: 'failing', status_reason: reason.slice(0, 500) })
}

/** A successful pull heals a failing connection. */
export async function markConnectionRecovered(q: Queryable, tenantId: string, id: string): Promise<void> {
  await q('connections')
    .where({ tenant_id: tenantId, id, status: 'failing' })
    .update({ status: 'connected', status_reason: null })
}

export function openCredentials<T = Record<string, unknown>>(box: SecretBox, row: ConnectionRow): T {
  return (row.credentials_enc ? box.open<T>(row.credentials_enc, row.id) : {}) as T
}

export async function replaceCredentials(
  db: Db,
  box: SecretBox,
  tenantId: string,
  id: string,
  credentials: Record<string, unknown>,
): Promise<void> {
  const n = await db('connections')
    .where({ tenant_id: tenantId, id })
    .update({ credentials_enc: box.seal(credentials, id), updated_at: db.fn.now() })
  if (!n) throw new CrossdockError('NOT_FOUND', 'no such connection', { details: { connectionId: id } })
}

export async function setConnectionStatus(
  db: Queryable,
  tenantId: string,
  id: string,
  status: string,
  reason?: string,
): Promise<void> {
  await db('connections')
    .where({ tenant_id: tenantId, id })
    .update({ status, status_reason: reason ?? null, updated_at: db.fn.now() })
}

/** The shape an API may return: settings, and credentials only masked. */
export function publicConnection(box: SecretBox, row: ConnectionRow): Record<string, unknown> {
  let masked: Record<string, string>
  try {
    masked = maskAll(openCredentials<Record<string, unknown>>(box, row))
  } catch {
    masked = { error: 'credentials cannot be opened with this hub key' }
  }
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    settings: row.settings,
    credentials: masked,
    status: row.status,
    statusReason: row.status_reason,
    timeZone: row.time_zone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
