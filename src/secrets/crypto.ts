// Connection credentials are encrypted at rest with AES-256-GCM. The envelope names the key it
// was sealed with (a short fingerprint), so a wrong key is refused with a clear error instead of
// producing garbage, and binds the ciphertext to its row (associated data) so an envelope copied
// onto another connection does not open there.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { CrossdockError } from '../errors.ts'

const VERSION = 'v1'

export interface SecretBox {
  seal(plain: unknown, associatedData?: string): string
  open<T = unknown>(envelope: string, associatedData?: string): T
  fingerprint: string
}

export function parseKey(text: string): Buffer {
  const t = text.trim()
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64')
  if (key.length !== 32)
    throw new CrossdockError(
      'SECRET_KEY_INVALID',
      'CROSSDOCK_SECRET_KEY must be 32 bytes, as 64 hex characters or base64',
    )
  return key
}

/** The configured key, or one generated once into the data folder with mode 0600. */
export function loadOrCreateKey(opts: { secretKey: string | undefined; dataDir: string }): Buffer {
  if (opts.secretKey) return parseKey(opts.secretKey)
  const file = path.join(opts.dataDir, 'secret.key')
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8'))
  mkdirSync(opts.dataDir, { recursive: true })
  const key = randomBytes(32)
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
  return key
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new CrossdockError('SECRET_KEY_INVALID', 'AES-256-GCM needs a 32-byte key')
  const fingerprint = createHash('sha256').update(key).digest('hex').slice(0, 12)
  return {
    fingerprint,
    seal(plain, associatedData = '') {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from(associatedData))
      const ct = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()])
      return [
        VERSION,
        fingerprint,
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        ct.toString('base64'),
      ].join(':')
    },
    open<T>(envelope: string, associatedData = ''): T {
      const [version, fp, iv, tag, ct] = envelope.split(':')
      if (version !== VERSION || !iv || !tag || ct === undefined) {
        throw new CrossdockError('SECRET_KEY_INVALID', 'not a crossdock secret envelope')
      }
      if (fp !== fingerprint) {
        throw new CrossdockError(
          'SECRET_KEY_INVALID',
          `sealed with another key (${fp}); this hub's key is ${fingerprint}`,
        )
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'))
        decipher.setAAD(Buffer.from(associatedData))
        decipher.setAuthTag(Buffer.from(tag, 'base64'))
        const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8')
        return JSON.parse(plain) as T
      } catch (err) {
        throw new CrossdockError(
          'SECRET_KEY_INVALID',
          'the secret does not open: tampered, or sealed for another record',
          { cause: err },
        )
      }
    },
  }
}

/** For display: "shpat_••••••1a2b". Never more than the last four characters. */
export function mask(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) return ''
  if (value.length <= 8) return '••••••'
  return `${value.slice(0, Math.min(6, value.indexOf('_') + 1 || 0))}••••••${value.slice(-4)}`
}

export function maskAll(creds: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(creds).map(([k, v]) => [k, mask(v)]))
}
