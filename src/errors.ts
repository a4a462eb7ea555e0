// Every error crossdock raises, declared once with a stable code, its HTTP status and whether a
// retry can help. Nothing throws a bare string: callers branch on `code` and `retryable`.

export interface ErrorSpec {
  status: number
  retryable: boolean
  message: string
}

export const ERRORS = {
  // request / API
  BAD_REQUEST: { status: 400, retryable: false, message: 'the request is not valid' },
  VALIDATION_FAILED: { status: 400, retryable: false, message: 'a field is not valid' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, message: 'the body is larger than allowed' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, message: 'this content type is not accepted here' },
  NOT_FOUND: { status: 404, retryable: false, message: 'no such resource' },
  CONFLICT: { status: 409, retryable: false, message: 'the resource changed or already exists' },
  UNAUTHENTICATED: { status: 401, retryable: false, message: 'sign in or send a valid token' },
  FORBIDDEN: { status: 403, retryable: false, message: 'your role does not allow this' },
  RATE_LIMITED: { status: 429, retryable: true, message: 'too many requests' },
  INTERNAL: { status: 500, retryable: true, message: 'internal error' },
  NOT_READY: { status: 503, retryable: true, message: 'the hub is not ready' },
  // webhooks
  WEBHOOK_SIGNATURE_INVALID: { status: 401, retryable: false, message: 'the webhook signature does not verify' },
  WEBHOOK_TIMESTAMP_STALE: {
    status: 401,
    retryable: false,
    message: 'the webhook timestamp is outside the replay window',
  },
  WEBHOOK_UNKNOWN_CONNECTION: { status: 404, retryable: false, message: 'no such connection for this webhook' },
  WEBHOOK_PAYLOAD_INVALID: { status: 400, retryable: false, message: 'the webhook body cannot be read' },
  // connectors (remote systems)
  CONNECTOR_RATE_LIMITED: { status: 429, retryable: true, message: 'the remote API is rate limiting us' },
  CONNECTOR_UNAVAILABLE: { status: 502, retryable: true, message: 'the remote API is unavailable' },
  CONNECTOR_TIMEOUT: { status: 504, retryable: true, message: 'the remote API did not answer in time' },
  CONNECTOR_NETWORK: { status: 502, retryable: true, message: 'the remote API could not be reached' },
  CONNECTOR_AUTH_FAILED: { status: 502, retryable: false, message: 'the remote API refused our credentials' },
  CONNECTOR_REJECTED: { status: 422, retryable: false, message: 'the remote API rejected the record' },
  CONNECTOR_CONFLICT: { status: 409, retryable: false, message: 'the remote state changed since we read it' },
  CONNECTOR_NOT_FOUND: { status: 404, retryable: false, message: 'the remote record does not exist' },
  CONNECTOR_BAD_RESPONSE: {
    status: 502,
    retryable: false,
    message: 'the remote API answered something we cannot read',
  },
  CIRCUIT_OPEN: { status: 503, retryable: true, message: 'the connection is failing; calls are paused' },
  UNKNOWN_CONNECTOR: { status: 400, retryable: false, message: 'no connector of this kind' },
  // mapping and data
  MAPPING_FIELD_MISSING: { status: 422, retryable: false, message: 'a required field is missing' },
  MAPPING_INVALID: { status: 400, retryable: false, message: 'the mapping definition is not valid' },
  SKU_UNKNOWN: { status: 422, retryable: false, message: 'the SKU is not in the catalog' },
  CURRENCY_UNKNOWN: { status: 422, retryable: false, message: 'unknown currency' },
  // secrets
  SECRET_KEY_INVALID: { status: 500, retryable: false, message: 'the secret key cannot decrypt this value' },
  // outbound HTTP policy (connector runtime)
  EGRESS_REFUSED: {
    status: 400,
    retryable: false,
    message: 'the address is not reachable from the hub (loopback, private or reserved) and not allow-listed',
  },
  CONNECTOR_RESPONSE_TOO_LARGE: { status: 502, retryable: false, message: 'the remote answer is larger than allowed' },
  // record outcomes a connector reports for one item of a batch (RecordError.code); the remote's
  // own code, when it gave one, travels beside it in RecordError.remoteCode
  UNSUPPORTED_STREAM: { status: 400, retryable: false, message: 'this connector does not handle this stream' },
  DUPLICATE_IN_BATCH: {
    status: 422,
    retryable: false,
    message: 'a later item of the same batch sets the same remote record',
  },
  SUBMISSION_INVALID: { status: 422, retryable: false, message: 'the remote judged the submission invalid' },
  FEED_PENDING: { status: 503, retryable: true, message: 'the remote has not finished processing the feed' },
  FEED_CANCELLED: { status: 503, retryable: true, message: 'the remote cancelled the feed' },
  FEED_FATAL: { status: 502, retryable: true, message: 'the remote could not process the feed' },
  FEED_INCOMPLETE: {
    status: 502,
    retryable: true,
    message: 'the remote processed only part of the feed; the rest cannot be known applied',
  },
} as const satisfies Record<string, ErrorSpec>

export type ErrorCode = keyof typeof ERRORS

export class CrossdockError extends Error {
  override name = 'CrossdockError'
  readonly code: ErrorCode
  readonly status: number
  readonly retryable: boolean
  readonly details: Record<string, unknown> | undefined
  /** seconds a caller should wait before retrying, when the remote said so */
  readonly retryAfterSeconds: number | undefined

  constructor(
    code: ErrorCode,
    message?: string,
    opts: { details?: Record<string, unknown>; cause?: unknown; retryAfterSeconds?: number; retryable?: boolean } = {},
  ) {
    const spec: ErrorSpec = ERRORS[code]
    super(message ?? spec.message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.code = code
    this.status = spec.status
    this.retryable = opts.retryable ?? spec.retryable
    this.details = opts.details
    this.retryAfterSeconds = opts.retryAfterSeconds
  }

  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) }
  }
}

export function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && Object.hasOwn(ERRORS, v)
}

export function isRetryable(err: unknown): boolean {
  return err instanceof CrossdockError ? err.retryable : false
}
