// Sign-in for people: first-run setup (creates the first tenant and its owner, only while the hub
// has no user), login with a rate limit, logout, and the CSRF token forms must send back.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { createTenantWithOwner, SESSION_TTL_MS, signIn, signOut } from '../auth/accounts.ts'
import { lockFirstRun } from '../db/tenants.ts'
import { anyUserExists } from '../db/users.ts'
import { CrossdockError } from '../errors.ts'
import type { HubServices } from '../services.ts'
import { resolvePrincipal, SESSION_COOKIE } from './api/principal.ts'

const Credentials = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 320 },
    password: { type: 'string', minLength: 1, maxLength: 500 },
  },
} as const

export const LOGIN_ATTEMPTS_PER_MINUTE = 10

export async function authRoutes(app: FastifyInstance, hub: HubServices): Promise<void> {
  app.get('/auth/setup-needed', { schema: { tags: ['auth'] } }, async () => ({
    setupNeeded: !(await anyUserExists(hub.db)),
  }))

  app.post<{ Body: { tenantName: string; baseCurrency?: string; timeZone?: string; email: string; password: string } }>(
    '/auth/setup',
    {
      schema: {
        tags: ['auth'],
        body: {
          type: 'object',
          required: ['tenantName', 'email', 'password'],
          additionalProperties: false,
          properties: {
            tenantName: { type: 'string', minLength: 1, maxLength: 200 },
            baseCurrency: { type: 'string', pattern: '^[A-Z]{3}$' },
            timeZone: { type: 'string', minLength: 1 },
            email: { type: 'string', minLength: 3 },
            password: { type: 'string', minLength: 10 },
          },
        },
      },
    },
    async (req, reply) => {
      // only the very first account is created this way; later ones by an owner, or the CLI
      const created = await hub.db.transaction(async (trx) => {
        await lockFirstRun(trx)
        if (await anyUserExists(trx)) return undefined
        return createTenantWithOwner(trx as never, req.body)
      })
      if (!created) throw new CrossdockError('CONFLICT', 'setup is done already; sign in instead')
      void reply.status(201)
      return created
    },
  )

  app.post<{ Body: { email: string; password: string } }>(
    '/auth/login',
    {
      schema: { tags: ['auth'], body: Credentials },
      config: {
        rateLimit: {
          max: LOGIN_ATTEMPTS_PER_MINUTE,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (req: FastifyRequest) =>
            `${req.ip}|${String((req.body as { email?: string } | undefined)?.email ?? '').toLowerCase()}`,
        },
      },
    },
    async (req, reply) => {
      const s = await signIn(hub.db, req.body.email, req.body.password)
      void reply.setCookie(SESSION_COOKIE, s.sessionSecret, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        secure: req.protocol === 'https',
        maxAge: SESSION_TTL_MS / 1000,
      })
      return {
        userId: s.userId,
        tenantId: s.tenantId,
        role: s.role,
        expiresAt: s.expiresAt.toISOString(),
        csrfToken: reply.generateCsrf(),
      }
    },
  )

  app.post('/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
    const cookie = (req.cookies as Record<string, string | undefined>)[SESSION_COOKIE]
    if (cookie) await signOut(hub.db, cookie)
    void reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return { signedOut: true }
  })

  app.get('/auth/csrf', { schema: { tags: ['auth'] } }, async (req, reply) => {
    const p = await resolvePrincipal(hub, req)
    if (!p) throw new CrossdockError('UNAUTHENTICATED')
    return { csrfToken: reply.generateCsrf() }
  })
}
