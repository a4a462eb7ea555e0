// Tenants, users and sessions: the first-run setup, sign-in, and the API tokens an owner hands
// out. Tokens and session ids are random, shown once, stored hashed.
import type { Knex } from 'knex'
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
    const [tenant] = await trx('tenants')
      .insert({ name: input.tenantName, base_currency: baseCurrency, time_zone: timeZone })
      .returning('id')
    const userId = await insertUser(trx, tenant.id, input.email, passwordHash, 'owner')
    return { tenantId: tenant.id, userId }
  })
}

async function insertUser(
  db: Knex | Knex.Transaction,
  tenantId: string,
  email: string,
  passwordHash: string,
  role: Role,
): Promise<string> {
  try {
    const [u] = await db('users')
      .insert({ tenant_id: tenantId, email: email.trim(), password_hash: passwordHash, role })
      .returning('id')
    return u.id
  } catch (err) {
    if ((err as { code?: string }).code === '23505')
      throw new CrossdockError('CONFLICT', 'a user with this email exists')
    throw err
  }
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
  const user = await db('users').whereRaw('lower(email) = lower(?)', [email.trim()]).first()
  const ok = user
    ? await verifyPassword(password, user.password_hash)
    : await verifyPassword(
        password,
        'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      )
  if (!user || !ok) throw new CrossdockError('UNAUTHENTICATED', 'wrong email or password')
  const sessionSecret = newSecret('cds')
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS)
  await db('sessions').insert({
    id_hash: hashSecret(sessionSecret),
    tenant_id: user.tenant_id,
    user_id: user.id,
    expires_at: expiresAt,
  })
  await db('users').where({ id: user.id }).update({ last_login_at: db.fn.now() })
  return { sessionSecret, userId: user.id, tenantId: user.tenant_id, role: user.role, expiresAt }
}

export async function signOut(db: Knex, sessionSecret: string): Promise<void> {
  await db('sessions')
    .where({ id_hash: hashSecret(sessionSecret) })
    .del()
}

export async function createApiToken(
  db: Knex,
  tenantId: string,
  input: { name: string; role: string; createdBy?: string },
): Promise<{ id: string; token: string; prefix: string }> {
  if (!isRole(input.role)) throw new CrossdockError('VALIDATION_FAILED', `unknown role ${input.role}`)
  const token = newSecret('cdk')
  const prefix = token.slice(0, 10)
  const [row] = await db('api_tokens')
    .insert({
      tenant_id: tenantId,
      name: input.name,
      prefix,
      token_hash: hashSecret(token),
      role: input.role,
      created_by: input.createdBy ?? null,
    })
    .returning('id')
  return { id: row.id, token, prefix }
}
