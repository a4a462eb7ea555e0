// Tables of the sync engine: per-connection streams and schedules, which locations serve which
// channel, inventory rules (buffer, cap, share), routing rules, what was last pushed per
// (connection, SKU, target), and the dirty set that coalesces stock changes into pushes.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('connection_streams', (t) => {
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE')
    t.text('stream').notNullable()
    t.text('direction').notNullable()
    t.text('schedule').comment('cron expression, in the tenant time zone')
    t.boolean('enabled').notNullable().defaultTo(true)
    t.timestamp('last_success_at', { useTz: true })
    t.timestamps(true, true)
    t.primary(['connection_id', 'stream', 'direction'])
  })

  await knex.schema.createTable('channel_locations', (t) => {
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE')
    t.uuid('location_id').notNullable().references('locations.id').onDelete('CASCADE')
    t.text('external_location_id').comment('the channel-side location (Shopify location gid, Amazon marketplace id)')
    t.primary(['connection_id', 'location_id'])
    t.index(['tenant_id', 'location_id'])
  })

  await knex.schema.createTable('inventory_rules', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').references('connections.id').onDelete('CASCADE').comment('null = every channel')
    t.text('sku').comment('null = every SKU')
    t.integer('buffer')
    t.integer('cap')
    t.integer('share_percent')
    t.timestamps(true, true)
  })
  await knex.raw(
    `create unique index inventory_rules_scope on inventory_rules (tenant_id, coalesce(connection_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(sku, ''))`,
  )

  await knex.schema.createTable('routing_rules', (t) => {
    t.uuid('tenant_id').primary().references('tenants.id').onDelete('CASCADE')
    t.jsonb('rules').notNullable()
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })

  await knex.schema.createTable('pushed_quantities', (t) => {
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE')
    t.text('sku').notNullable()
    t.text('target').notNullable().comment('remote location or marketplace; empty when the channel has one')
    t.integer('quantity').notNullable()
    t.integer('allowed').notNullable().comment('ATS the ledger allowed when this was computed')
    t.timestamp('pushed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.primary(['connection_id', 'sku', 'target'])
  })

  await knex.schema.createTable('inventory_dirty', (t) => {
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE')
    t.text('sku').notNullable()
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.primary(['connection_id', 'sku'])
  })
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'inventory_dirty',
    'pushed_quantities',
    'routing_rules',
    'inventory_rules',
    'channel_locations',
    'connection_streams',
  ]) {
    await knex.schema.dropTableIfExists(table)
  }
}
