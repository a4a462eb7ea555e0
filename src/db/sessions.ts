// Browser sessions: the cookie's value is never stored, only its hash; a session names its tenant
// and user and expires.
import type { Queryable } from './knex.ts'

export interface SessionPrincipal {
  tenant_id: string
  user_id: string
  role: string
  email: string
}

export async function insertSession(
  q: Queryable,
  s: { idHash: string; tenantId: string; userId: string; expiresAt: Date },
): Promise<void> {
  await q('sessions').insert({ id_hash: s.idHash, tenant_id: s.tenantId, user_id: s.userId, expires_at: s.expiresAt })
}

export async function deleteSession(q: Queryable, idHash: string): Promise<void> {
  await q('sessions').where({ id_hash: idHash }).del()
}

/** The live session with this hash and its user (a request only has the cookie to go by). */
export async function sessionPrincipal(q: Queryable, idHash: string): Promise<SessionPrincipal | undefined> {
  return (await q('sessions as s')
    .join('users as u', function () {
      this.on('u.id', '=', 's.user_id').andOn('u.tenant_id', '=', 's.tenant_id')
    })
    .where('s.id_hash', idHash)
    .andWhere('s.expires_at', '>', q.fn.now())
    .first('s.tenant_id', 'u.id as user_id', 'u.role', 'u.email')) as SessionPrincipal | undefined
}
