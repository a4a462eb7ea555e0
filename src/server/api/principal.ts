// Who is calling: an API token (Authorization: Bearer cdk_…) or a browser session cookie. Both
// resolve to a tenant and a role; nothing else in the API looks at credentials.
import type { FastifyRequest } from 'fastify'
import type { Role } from '../../auth/roles.ts'
import { hashSecret } from '../../auth/tokens.ts'
import { sessionPrincipal } from '../../db/sessions.ts'
import { tokenPrincipal, touchToken } from '../../db/tokens.ts'
import type { HubServices } from '../../services.ts'

export interface Principal {
  tenantId: string
  role: Role
  via: 'token' | 'session'
  userId?: string
  tokenId?: string
  email?: string
}

export const SESSION_COOKIE = 'crossdock_session'

/** Resolved once per request (the hooks and the handler all ask), kept on the request itself. */
const RESOLVED = Symbol('crossdock.principal')
type WithPrincipal = FastifyRequest & { [RESOLVED]?: Principal | null }

export async function resolvePrincipal(hub: HubServices, req: FastifyRequest): Promise<Principal | null> {
  const memo = (req as WithPrincipal)[RESOLVED]
  if (memo !== undefined) return memo
  let p: Principal | null = null
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) {
    const token = auth.slice(7).trim()
    const row = await tokenPrincipal(hub.db, hashSecret(token))
    if (row) {
      p = { tenantId: row.tenant_id, role: row.role as Role, via: 'token', tokenId: row.id }
      if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
        await touchToken(hub.db, row.tenant_id, row.id)
      }
    }
  } else {
    const cookie = (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE]
    if (cookie) {
      const row = await sessionPrincipal(hub.db, hashSecret(cookie))
      if (row)
        p = { tenantId: row.tenant_id, role: row.role as Role, via: 'session', userId: row.user_id, email: row.email }
    }
  }
  ;(req as WithPrincipal)[RESOLVED] = p
  return p
}
