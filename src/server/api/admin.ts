// The account: who am I, users and their roles, API tokens (shown once, revocable), the audit trail.
import { Type } from 'typebox'
import { addUser, createApiToken } from '../../auth/accounts.ts'
import { allows, ROLES, type Role } from '../../auth/roles.ts'
import { CrossdockError } from '../../errors.ts'
import { listAudit, verifyAuditChain } from '../../db/audit.ts'
import { getTenant } from '../../db/tenants.ts'
import { listTokens, revokeToken } from '../../db/tokens.ts'
import { deleteUser, listUsers } from '../../db/users.ts'
import { defineRoute, PageQuery, type ApiRoute } from './framework.ts'

const tags = ['account']
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)))

export const accountRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/me',
    role: 'viewer',
    tags,
    summary: 'The caller: tenant, role, user',
    handler: async (ctx) => {
      const t = (await getTenant(ctx.hub.db, ctx.tenantId))!
      return {
        tenant: { id: t.id, name: t.name, baseCurrency: t.base_currency, timeZone: t.time_zone },
        role: ctx.principal.role,
        via: ctx.principal.via,
        userId: ctx.principal.userId ?? null,
        email: ctx.principal.email ?? null,
      }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/users',
    role: 'admin',
    tags,
    summary: 'Users of this tenant',
    handler: async (ctx) => ({ items: await listUsers(ctx.hub.db, ctx.tenantId) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/users',
    role: 'owner',
    tags,
    status: 201,
    summary: 'Add a user',
    example: { email: 'new.user@example.com', password: 'a long passphrase', role: 'viewer' },
    body: Type.Object(
      {
        email: Type.String({ minLength: 3, maxLength: 320 }),
        password: Type.String({ minLength: 10 }),
        role: RoleSchema,
      },
      { additionalProperties: false },
    ),
    handler: async (ctx, req) => {
      const b = req.body as { email: string; password: string; role: Role }
      const id = await addUser(ctx.hub.db, ctx.tenantId, b.email, b.password, b.role)
      await ctx.audit('user.added', 'user', id, { role: b.role })
      return { id, email: b.email, role: b.role }
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/users/:userId',
    role: 'owner',
    tags,
    params: { userId: 'user' },
    summary: 'Remove a user (not yourself)',
    handler: async (ctx, req) => {
      const { userId } = req.params as { userId: string }
      if (!UUID.test(userId)) throw new CrossdockError('NOT_FOUND', 'no such user')
      if (userId === ctx.principal.userId) throw new CrossdockError('CONFLICT', 'you cannot remove yourself')
      if (!(await deleteUser(ctx.hub.db, ctx.tenantId, userId))) throw new CrossdockError('NOT_FOUND', 'no such user')
      await ctx.audit('user.removed', 'user', userId)
      return { removed: true }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/tokens',
    role: 'admin',
    tags,
    summary: 'API tokens (never the token itself)',
    handler: async (ctx) => ({ items: await listTokens(ctx.hub.db, ctx.tenantId) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/tokens',
    role: 'admin',
    tags,
    status: 201,
    summary: 'Create an API token; the token is shown in this answer only',
    example: { name: 'integration', role: 'viewer' },
    body: Type.Object(
      { name: Type.String({ minLength: 1, maxLength: 100 }), role: RoleSchema },
      { additionalProperties: false },
    ),
    handler: async (ctx, req) => {
      const b = req.body as { name: string; role: Role }
      if (!allows(ctx.principal.role, b.role))
        throw new CrossdockError(
          'FORBIDDEN',
          `you cannot create a token with more rights (${b.role}) than your own (${ctx.principal.role})`,
        )
      const t = await createApiToken(ctx.hub.db, ctx.tenantId, {
        name: b.name,
        role: b.role,
        ...(ctx.principal.userId ? { createdBy: ctx.principal.userId } : {}),
      })
      await ctx.audit('token.created', 'token', t.id, { name: b.name, role: b.role })
      return { id: t.id, name: b.name, role: b.role, prefix: t.prefix, token: t.token }
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/tokens/:tokenId',
    role: 'admin',
    tags,
    params: { tokenId: 'token' },
    summary: 'Revoke an API token',
    handler: async (ctx, req) => {
      const { tokenId } = req.params as { tokenId: string }
      if (!UUID.test(tokenId)) throw new CrossdockError('NOT_FOUND', 'no such token')
      if (!(await revokeToken(ctx.hub.db, ctx.tenantId, tokenId)))
        throw new CrossdockError('NOT_FOUND', 'no such token')
      await ctx.audit('token.revoked', 'token', tokenId)
      return { revoked: true }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/audit',
    role: 'admin',
    tags,
    summary: 'The audit trail, newest first',
    querystring: Type.Object({ ...PageQuery, action: Type.Optional(Type.String()) }),
    handler: async (ctx, req) => {
      const q = req.query as { limit: number; cursor?: string; action?: string }
      return listAudit(ctx.hub.db, ctx.tenantId, { action: q.action }, q)
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/audit/verify',
    role: 'admin',
    tags,
    summary: 'Check the audit hash chain',
    handler: async (ctx) => verifyAuditChain(ctx.hub.db, ctx.tenantId),
  }),
]
