// Login with Amazon's token endpoint, POST /auth/o2/token (api.amazon.com in production): the
// refresh_token grant, form-encoded as in the LWA docs or JSON as Amazon's Java SDK sends it.
// Success {access_token "Atza|…", token_type bearer, expires_in 3600, refresh_token}; failures
// {error, error_description}: 400 invalid_request / unsupported_grant_type / invalid_grant,
// 401 invalid_client [facts §1].
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { SandboxState } from './state.ts'

export interface LwaApp {
  clientId: string
  clientSecret: string
  refreshToken: string
}

export interface LwaOptions {
  app: LwaApp
  tokenTtlSeconds: number
  now: () => number
}

export function registerLwa(server: FastifyInstance, state: SandboxState, o: LwaOptions): void {
  server.post('/auth/o2/token', async (req, reply) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>
    const fail = (status: number, error: string, description: string) =>
      reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description })
    const grant = body.grant_type
    if (typeof grant !== 'string')
      return fail(400, 'invalid_request', 'The request is missing a required parameter : grant_type')
    if (grant !== 'refresh_token')
      return fail(400, 'unsupported_grant_type', `The authorization grant type is not supported : ${grant}`)
    if (body.client_id !== o.app.clientId || body.client_secret !== o.app.clientSecret)
      return fail(401, 'invalid_client', 'Client authentication failed')
    if (typeof body.refresh_token !== 'string')
      return fail(400, 'invalid_request', 'The request is missing a required parameter : refresh_token')
    if (body.refresh_token !== o.app.refreshToken)
      return fail(400, 'invalid_grant', 'The request has an invalid grant parameter : refresh_token')
    state.lwaExchanges++
    const token = `Atza|${randomBytes(48).toString('base64url')}`
    state.tokens.set(token, { expiresAt: o.now() + o.tokenTtlSeconds * 1000 })
    return reply.header('cache-control', 'no-store').send({
      access_token: token,
      token_type: 'bearer',
      expires_in: o.tokenTtlSeconds,
      refresh_token: o.app.refreshToken,
    })
  })
}
