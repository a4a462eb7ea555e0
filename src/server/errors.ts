// One JSON error shape for every route: {error: {code, message, details}}. Codes come from the
// catalog in src/errors.ts; fastify's own errors (body too large, bad JSON) are mapped onto it.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { CrossdockError, ERRORS, type ErrorCode } from '../errors.ts'
import { ValidationError } from '../model/validate.ts'

export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } }
}

export function toHttpError(err: unknown): { status: number; body: ReturnType<typeof errorBody> } {
  if (err instanceof CrossdockError) {
    return { status: err.status, body: errorBody(err.code, err.message, err.details) }
  }
  if (err instanceof ValidationError) {
    return { status: 400, body: errorBody('VALIDATION_FAILED', err.message, { fields: err.errors }) }
  }
  const fe = err as FastifyError
  if (fe?.code === 'FST_CSRF_INVALID_TOKEN' || fe?.code === 'FST_CSRF_MISSING_SECRET') {
    return {
      status: 403,
      body: errorBody('FORBIDDEN', 'missing or invalid CSRF token (send it in the x-csrf-token header)', {
        csrf: true,
      }),
    }
  }
  if (fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { status: 413, body: errorBody('PAYLOAD_TOO_LARGE', ERRORS.PAYLOAD_TOO_LARGE.message) }
  if (fe?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return { status: 415, body: errorBody('UNSUPPORTED_MEDIA_TYPE', ERRORS.UNSUPPORTED_MEDIA_TYPE.message) }
  if (fe?.validation) {
    return {
      status: 400,
      body: errorBody('VALIDATION_FAILED', fe.message, {
        fields: fe.validation.map((v) => ({ field: v.instancePath, message: v.message })),
      }),
    }
  }
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode =
      fe.statusCode === 404
        ? 'NOT_FOUND'
        : fe.statusCode === 429
          ? 'RATE_LIMITED'
          : fe.statusCode === 401
            ? 'UNAUTHENTICATED'
            : fe.statusCode === 403
              ? 'FORBIDDEN'
              : 'BAD_REQUEST'
    return { status: fe.statusCode, body: errorBody(code, fe.message) }
  }
  return { status: 500, body: errorBody('INTERNAL', ERRORS.INTERNAL.message) }
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toHttpError(err)
  if (status >= 500) req.log.error({ err }, 'request failed')
  else req.log.info({ code: body.error.code }, 'request refused')
  void reply.status(status).send(body)
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`))
}
