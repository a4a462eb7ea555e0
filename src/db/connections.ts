// Connections: a tenant's link to one outside system. Credentials are sealed with the row's id
// as associated data and only ever leave this module decrypted to a connector context, or masked.
import { randomUUID } from 'node:crypto'
import type { Db } from './knex.ts'
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

/** Scoped read: a connection of another tenant is "not found", never "forbidden". */
export async function getConnection(db: Db, tenantId: string, id: string): Promise<ConnectionRow> {
  const row = isUuid(id) ? await db('connections').where({ tenant_id: tenantId, id }).first() : undefined
  if (!row) throw new CrossdockError('NOT_FOUND', 'no such connection', { details: { connectionId: id } })
  return row as ConnectionRow
}

/** Webhooks arrive with only a connection id in the URL: the connection then names the tenant. */
export async function findConnectionForWebhook(db: Db, kind: string, id: string): Promise<ConnectionRow | undefined> {
  if (!isUuid(id)) return undefined
  return (await db('connections').where({ id, kind }).first()) as ConnectionRow | undefined
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
  db: Db,
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
