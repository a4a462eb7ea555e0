// Per-tenant API tokens: stored as a hash with a short prefix to recognise them in lists,
// revocable, scoped by role.
import type { Queryable } from './knex.ts'

export interface TokenPrincipal {
  id: string
  tenant_id: string
  role: string
  last_used_at: Date | null
}

export async function insertToken(
  q: Queryable,
  t: { tenantId: string; name: string; prefix: string; tokenHash: string; role: string; createdBy?: string },
): Promise<string> {
  const [row] = await q('api_tokens')
    .insert({
      tenant_id: t.tenantId,
      name: t.name,
      prefix: t.prefix,
      token_hash: t.tokenHash,
      role: t.role,
      created_by: t.createdBy ?? null,
    })
    .returning('id')
  return row.id as string
}

/** The live token with this hash (a request only has the token to go by). */
export async function tokenPrincipal(q: Queryable, tokenHash: string): Promise<TokenPrincipal | undefined> {
  return (await q('api_tokens')
    .where({ token_hash: tokenHash })
    .whereNull('revoked_at')
    .first('id', 'tenant_id', 'role', 'last_used_at')) as TokenPrincipal | undefined
}

export async function touchToken(q: Queryable, tenantId: string, id: string): Promise<void> {
  await q('api_tokens').where({ tenant_id: tenantId, id }).update({ last_used_at: q.fn.now() })
}

export async function listTokens(q: Queryable, tenantId: string): Promise<Record<string, unknown>[]> {
  return q('api_tokens')
    .where({ tenant_id: tenantId })
    .orderBy('created_at', 'desc')
    .select('id', 'name', 'prefix', 'role', 'created_at', 'last_used_at', 'revoked_at')
}

/** true when a live token of this tenant was revoked */
export async function revokeToken(q: Queryable, tenantId: string, id: string): Promise<boolean> {
  return (
    (await q('api_tokens')
      .where({ tenant_id: tenantId, id })
      .whereNull('revoked_at')
      .update({ revoked_at: q.fn.now() })) > 0
  )
}
