// Tenants, users and sessions: the first-run setup, sign-in, and the API tokens an owner hands
// out. Tokens and session ids are random, shown once, stored hashed.
import type { Knex } from 'knex'
import { insertSession, deleteSession } from '../db/sessions.ts'
import { insertTenant } from '../db/tenants.ts'
import { insertToken } from '../db/tokens.ts'
import { findUserByEmail, insertUser as insertUserRow, touchLogin } from '../db/users.ts'
import { CrossdockError } from '../errors.ts'
import { isKnownCurrency, isValidTimeZone } from '../model/index.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import { isRole, type Role } from './roles.ts'
import { hashSecret, newSecret } from './tokens.ts'

export const SESSION_TTL_MS = 12 * 3600 * 1000

export async function createTenantWithOwner(
  db: Knex,
  input: { tenantName: string; baseCurrency?: string; timeZone?: string; email: string; password: string },
): Promise<{ tenantId: string; userId: string }> {
  const baseCurrency = input.baseCurrency ?? 'USD'
  const timeZone = input.timeZone ?? 'UTC'
  if (!isKnownCurrency(baseCurrency))
    throw new CrossdockError('VALIDATION_FAILED', `unknown currency ${baseCurrency}`, {
      details: { fields: [{ field: '/baseCurrency', message: 'unknown currency' }] },
    })
  if (!isValidTimeZone(timeZone))
    throw new CrossdockError('VALIDATION_FAILED', `unknown time zone ${timeZone}`, {
      details: { fields: [{ field: '/timeZone', message: 'unknown IANA time zone' }] },
    })
  const passwordHash = await hashPassword(input.password).catch((err: Error) => {
    throw new CrossdockError('VALIDATION_FAILED', err.message, {
      details: { fields: [{ field: '/password', message: err.message }] },
    })
  })
  return db.transaction(async (trx) => {
    const tenantId = await insertTenant(trx, { name: input.tenantName, baseCurrency, timeZone })
    const userId = await insertUser(trx, tenantId, input.email, passwordHash, 'owner')
    return { tenantId, userId }
  })
}

async function insertUser(
  db: Knex | Knex.Transaction,
  tenantId: string,
  email: string,
  passwordHash: string,
  role: Role,
): Promise<string> {
  const id = await insertUserRow(db, { tenantId, email, passwordHash, role })
  if (!id) throw new CrossdockError('CONFLICT', 'a user with this email exists')
  return id
}

export async function addUser(
  db: Knex,
  tenantId: string,
  email: string,
  password: string,
  role: string,
): Promise<string> {
  if (!isRole(role)) throw new CrossdockError('VALIDATION_FAILED', `unknown role ${role}`)
  return insertUser(db, tenantId, email, await hashPassword(password), role)
}

/** A constant-time-ish sign-in: a missing user costs a hash too, so timing does not reveal emails. */
export async function signIn(
  db: Knex,
  email: string,
  password: string,
): Promise<{ sessionSecret: string; userId: string; tenantId: string; role: Role; expiresAt: Date }> {
  const user = await findUserByEmail(db, email)
  const ok = user
    ? await verifyPassword(password, user.password_hash)
    : await verifyPassword(
        password,
        'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      )
  if (!user || !ok) throw new CrossdockError('UNAUTHENTICATED', 'wrong email or password')
  const sessionSecret = newSecret('cds')
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS)
  await insertSession(db, { idHash: hashSecret(sessionSecret), tenantId: user.tenant_id, userId: user.id, expiresAt })
  await touchLogin(db, user.tenant_id, user.id)
  return { sessionSecret, userId: user.id, tenantId: user.tenant_id, role: user.role as Role, expiresAt }
}

export async function signOut(db: Knex, sessionSecret: string): Promise<void> {
  await deleteSession(db, hashSecret(sessionSecret))
}

export async function createApiToken(
  db: Knex,
  tenantId: string,
  input: { name: string; role: string; createdBy?: string },
): Promise<{ id: string; token: string; prefix: string }> {
  if (!isRole(input.role)) throw new CrossdockError('VALIDATION_FAILED', `unknown role ${input.role}`)
  const token = newSecret('cdk')
  const prefix = token.slice(0, 10)
  const id = await insertToken(db, {
    tenantId,
    name: input.name,
    prefix,
    tokenHash: hashSecret(token),
    role: input.role,
    ...(input.createdBy ? { createdBy: input.createdBy } : {}),
  })
  return { id, token, prefix }
}
