// People who sign in: one account per email across the hub (so sign-in needs no tenant picker),
// each in one tenant with one role. Passwords arrive here already hashed.
import type { Queryable } from './knex.ts'

export interface UserRow {
  id: string
  tenant_id: string
  email: string
  password_hash: string
  role: string
  time_zone: string | null
  created_at: Date
  last_login_at: Date | null
}

/** Insert a user; returns undefined when the email is taken (case-insensitively) anywhere. */
export async function insertUser(
  q: Queryable,
  u: { tenantId: string; email: string; passwordHash: string; role: string },
): Promise<string | undefined> {
  try {
    const [row] = await q('users')
      .insert({ tenant_id: u.tenantId, email: u.email.trim(), password_hash: u.passwordHash, role: u.role })
      .returning('id')
    return row.id as string
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return undefined
    throw err
  }
}

/** Sign-in looks a user up by email alone: the account names the tenant. */
export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  return (await q('users').whereRaw('lower(email) = lower(?)', [email.trim()]).first()) as UserRow | undefined
}

export async function anyUserExists(q: Queryable): Promise<boolean> {
  return Boolean(await q('users').first('id'))
}

export async function touchLogin(q: Queryable, tenantId: string, userId: string): Promise<void> {
  await q('users').where({ tenant_id: tenantId, id: userId }).update({ last_login_at: q.fn.now() })
}

export async function listUsers(q: Queryable, tenantId: string): Promise<Record<string, unknown>[]> {
  return q('users')
    .where({ tenant_id: tenantId })
    .orderBy('email')
    .select('id', 'email', 'role', 'created_at', 'last_login_at')
}

/** true when the user existed in this tenant */
export async function deleteUser(q: Queryable, tenantId: string, userId: string): Promise<boolean> {
  return (await q('users').where({ tenant_id: tenantId, id: userId }).del()) > 0
}
