import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSecretBox, loadOrCreateKey, mask, parseKey } from '../../src/secrets/crypto.ts'

const key = Buffer.alloc(32, 1)

describe('secret box (AES-256-GCM)', () => {
  it('round-trips a credentials object', () => {
    const box = createSecretBox(key)
    const env = box.seal({ accessToken: 'shpat_abc123', appSecret: 's3cret' }, 'conn-1')
    expect(env).not.toContain('shpat_abc123')
    expect(box.open(env, 'conn-1')).toEqual({ accessToken: 'shpat_abc123', appSecret: 's3cret' })
  })
  it('refuses a wrong key with a clear error', () => {
    const env = createSecretBox(key).seal({ a: 1 }, 'c')
    expect(() => createSecretBox(Buffer.alloc(32, 2)).open(env, 'c')).toThrow(/sealed with another key/)
  })
  it('refuses an envelope moved to another record (associated data)', () => {
    const box = createSecretBox(key)
    const env = box.seal({ a: 1 }, 'conn-1')
    expect(() => box.open(env, 'conn-2')).toThrow(/does not open/)
  })
  it('refuses a tampered ciphertext', () => {
    const box = createSecretBox(key)
    const parts = box.seal({ token: 'x'.repeat(40) }, 'c').split(':')
    const ct = Buffer.from(parts[4]!, 'base64')
    ct[0] = ct[0]! ^ 1
    parts[4] = ct.toString('base64')
    expect(() => box.open(parts.join(':'), 'c')).toThrow(/does not open/)
  })
  it('generates a key once into the data folder with mode 0600 and reuses it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cd-key-'))
    const k1 = loadOrCreateKey({ secretKey: undefined, dataDir: dir })
    const k2 = loadOrCreateKey({ secretKey: undefined, dataDir: dir })
    expect(k1.equals(k2)).toBe(true)
    expect(statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600)
    expect(parseKey(readFileSync(path.join(dir, 'secret.key'), 'utf8')).equals(k1)).toBe(true)
  })
  it('accepts hex or base64 keys of 32 bytes only', () => {
    expect(parseKey('ab'.repeat(32)).length).toBe(32)
    expect(parseKey(key.toString('base64')).equals(key)).toBe(true)
    expect(() => parseKey('short')).toThrow(/32 bytes/)
  })
  it('masks for display, showing at most the last four characters', () => {
    expect(mask('shpat_0123456789abcdef')).toBe('shpat_••••••cdef')
    expect(mask('abc')).toBe('••••••')
  })
})
