// Secrets handed to people or programs (API tokens, session cookies): random, shown once, and
// stored only as a SHA-256 hash, so a database dump grants nothing.
import { createHash, randomBytes } from 'node:crypto'

export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}
