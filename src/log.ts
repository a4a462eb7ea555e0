// The hub's logger: pino with secrets and buyer PII redacted at the source, so no code path can
// forget to. Paths cover our own field names and the remote payload shapes we log.
import pino, { type Logger } from 'pino'

const SECRET_KEYS = [
  'password',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'apiKey',
  'api_key',
  'secret',
  'appSecret',
  'webhookSecret',
  'credentials',
  'authorization',
  'cookie',
  'x-shopify-access-token',
  'x-amz-access-token',
  'x-api-key',
]
const PII_KEYS = [
  'email',
  'phone',
  'name',
  'firstName',
  'lastName',
  'first_name',
  'last_name',
  'line1',
  'line2',
  'address1',
  'address2',
  'street',
  'buyer',
  'shippingAddress',
  'shipping_address',
  'billing_address',
  'billingAddress',
  'customer',
  'BuyerEmail',
  'BuyerName',
  'ShippingAddress',
  'buyerInfo',
  'recipient',
]

function paths(keys: string[]): string[] {
  const out: string[] = []
  for (const k of keys) {
    const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`
    const dot = key.startsWith('[') ? '' : '.'
    out.push(key, `*${dot}${key}`, `*.*${dot}${key}`, `headers${dot}${key}`, `req.headers${dot}${key}`)
  }
  return out
}

export const REDACT_PATHS = [...paths(SECRET_KEYS), ...paths(PII_KEYS)]

export function createLogger(
  opts: { level?: string; name?: string; destination?: pino.DestinationStream } = {},
): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    ...(opts.name ? { name: opts.name } : {}),
  }
  return opts.destination ? pino(options, opts.destination) : pino(options)
}

export const silentLogger: Logger = pino({ level: 'silent' })
