// Sellers as tenants with users and roles, browser sessions, per-tenant API tokens, outbound
// event subscriptions with their deliveries, and privacy settings.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.text('email').notNullable()
    t.text('password_hash').notNullable()
    t.text('role').notNullable()
    t.text('time_zone')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('last_login_at', { useTz: true })
  })
  // one account per email across the hub, so sign-in needs no tenant picker
  await knex.raw('create unique index users_email_unique on users (lower(email))')

  await knex.schema.createTable('sessions', (t) => {
    t.text('id_hash').primary().comment('sha256 of the cookie value; the value itself is never stored')
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE')
    t.timestamp('expires_at', { useTz: true }).notNullable()
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.index(['user_id'])
  })

  await knex.schema.createTable('api_tokens', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.text('name').notNullable()
    t.text('prefix').notNullable().comment('first characters, to recognise a token in lists')
    t.text('token_hash').notNullable().unique()
    t.text('role').notNullable()
    t.uuid('created_by').references('users.id').onDelete('SET NULL')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('last_used_at', { useTz: true })
    t.timestamp('revoked_at', { useTz: true })
    t.index(['tenant_id'])
  })

  await knex.schema.createTable('event_subscriptions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.text('url').notNullable()
    t.specificType('events', 'text[]').notNullable()
    t.text('secret_enc').notNullable()
    t.boolean('enabled').notNullable().defaultTo(true)
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.index(['tenant_id'])
  })

  await knex.schema.createTable('event_deliveries', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('subscription_id').notNullable().references('event_subscriptions.id').onDelete('CASCADE')
    t.text('event').notNullable()
    t.jsonb('payload').notNullable()
    t.text('status').notNullable().defaultTo('pending').comment('pending | delivered | failed')
    t.jsonb('attempts').notNullable().defaultTo('[]').comment('[{at, status, ms, error}]')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('delivered_at', { useTz: true })
    t.index(['tenant_id', 'subscription_id', 'created_at'])
  })

  await knex.schema.alterTable('sync_runs', (t) => {
    t.text('start_cursor').comment('the cursor the run started from, so it can be replayed')
  })
  // the oversell window: how long after a stock change each channel got its new number
  await knex.schema.createTable('push_lags', (t) => {
    t.bigIncrements('id')
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE')
    t.integer('lag_ms').notNullable()
    t.integer('skus').notNullable()
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.index(['tenant_id', 'at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('push_lags')
  await knex.schema.alterTable('sync_runs', (t) => t.dropColumn('start_cursor'))
  for (const table of ['event_deliveries', 'event_subscriptions', 'api_tokens', 'sessions', 'users'])
    await knex.schema.dropTableIfExists(table)
}
