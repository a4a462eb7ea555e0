// The canonical model's tables. Every table carries tenant_id and every hot query filters by it,
// so the schema can later be distributed by tenant (Citus) without a rewrite.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pgcrypto')

  await knex.schema.createTable('tenants', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.text('name').notNullable()
    t.string('base_currency', 3).notNullable().defaultTo('USD')
    t.text('time_zone').notNullable().defaultTo('UTC')
    t.jsonb('settings').notNullable().defaultTo('{}')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })

  await knex.schema.createTable('connections', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.text('kind').notNullable()
    t.text('name').notNullable()
    t.jsonb('settings').notNullable().defaultTo('{}')
    t.text('credentials_enc').comment('AES-256-GCM envelope; never returned in clear')
    t.text('status').notNullable().defaultTo('connected')
    t.text('status_reason')
    t.text('time_zone')
    t.timestamps(true, true)
    t.unique(['tenant_id', 'name'])
    t.index(['tenant_id', 'kind'])
  })

  await knex.schema.createTable('locations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.text('code').notNullable()
    t.text('name').notNullable()
    t.text('type').notNullable()
    t.string('country', 2).notNullable()
    t.text('time_zone').notNullable()
    t.smallint('cutoff_hour')
    t.specificType('working_days', 'smallint[]')
    t.uuid('connection_id').references('connections.id').onDelete('SET NULL')
    t.timestamps(true, true)
    t.unique(['tenant_id', 'code'])
  })

  await knex.schema.createTable('products', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.text('handle').notNullable()
    t.jsonb('title').notNullable()
    t.jsonb('description')
    t.text('vendor')
    t.text('product_type')
    t.text('status').notNullable().defaultTo('active')
    t.text('content_hash').notNullable()
    t.timestamps(true, true)
    t.unique(['tenant_id', 'handle'])
  })

  await knex.schema.createTable('variants', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('product_id').notNullable().references('products.id').onDelete('CASCADE')
    t.text('sku').notNullable()
    t.text('barcode_type')
    t.text('barcode')
    t.jsonb('title')
    t.jsonb('options')
    t.text('hs_code')
    t.string('country_of_origin', 2)
    t.jsonb('weight').comment('{value, unit}')
    t.jsonb('dimensions').comment('{length, width, height, unit}')
    t.jsonb('prices').comment('[{amount (minor units), currency}]')
    t.boolean('active').notNullable().defaultTo(true)
    t.text('content_hash').notNullable()
    t.timestamps(true, true)
    t.unique(['tenant_id', 'sku'])
    t.index(['tenant_id', 'barcode'])
    t.index(['product_id'])
  })

  await knex.schema.createTable('bindings', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE')
    t.text('entity').notNullable()
    t.uuid('canonical_id').notNullable()
    t.text('external_id').notNullable()
    t.text('external_sku')
    t.text('scope').notNullable().defaultTo('')
    t.text('last_pushed_hash')
    t.jsonb('last_pushed_value')
    t.timestamp('last_pushed_at', { useTz: true })
    t.timestamps(true, true)
    t.unique(['connection_id', 'entity', 'external_id', 'scope'])
    t.index(['tenant_id', 'entity', 'canonical_id'])
    t.index(['connection_id', 'entity', 'external_sku'])
  })

  await knex.schema.createTable('inventory_ledger', (t) => {
    t.bigIncrements('id')
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.text('sku').notNullable()
    t.uuid('location_id').notNullable().references('locations.id').onDelete('CASCADE')
    t.integer('on_hand_delta').notNullable().defaultTo(0)
    t.integer('reserved_delta').notNullable().defaultTo(0)
    t.text('reason').notNullable()
    t.text('source').notNullable()
    t.text('idempotency_key').notNullable()
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.unique(['tenant_id', 'idempotency_key'])
    t.index(['tenant_id', 'sku', 'location_id'])
  })
  // append-only: the ledger is the truth, so rows are never updated or deleted in place
  await knex.raw(`
    create function inventory_ledger_append_only() returns trigger language plpgsql as $$
    begin raise exception 'inventory_ledger is append-only'; end $$;
    create trigger inventory_ledger_no_change before update or delete on inventory_ledger
      for each row execute function inventory_ledger_append_only();
  `)

  await knex.schema.createTable('inventory_levels', (t) => {
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.text('sku').notNullable()
    t.uuid('location_id').notNullable().references('locations.id').onDelete('CASCADE')
    t.integer('on_hand').notNullable().defaultTo(0)
    t.integer('reserved').notNullable().defaultTo(0)
    t.integer('remote_available')
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.primary(['tenant_id', 'sku', 'location_id'])
  })
  await knex.raw('alter table inventory_levels add constraint inventory_levels_reserved_nonneg check (reserved >= 0)')

  await knex.schema.createTable('orders', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE')
    t.text('external_id').notNullable()
    t.text('external_number')
    t.text('channel').notNullable()
    t.text('status').notNullable()
    t.string('currency', 3).notNullable()
    t.string('presentment_currency', 3)
    t.jsonb('lines').notNullable()
    t.jsonb('totals').notNullable()
    t.bigInteger('total_amount').notNullable().comment('minor units of currency')
    t.jsonb('buyer').comment('PII')
    t.jsonb('shipping_address').comment('PII')
    t.text('buyer_email_hash').comment('sha256 of the lower-cased email, to find a buyer after erasure requests')
    t.timestamp('placed_at', { useTz: true }).notNullable()
    t.text('placed_time_zone')
    t.timestamp('remote_updated_at', { useTz: true })
    t.timestamp('cancelled_at', { useTz: true })
    t.boolean('fulfilled_by_channel').notNullable().defaultTo(false)
    t.jsonb('base').comment('base-currency figures with FX rate, date, source')
    t.timestamp('ship_by', { useTz: true })
    t.text('routing_status').notNullable().defaultTo('new')
    t.text('content_hash').notNullable()
    t.timestamps(true, true)
    t.unique(['connection_id', 'external_id'])
    t.index(['tenant_id', 'status'])
    t.index(['tenant_id', 'buyer_email_hash'])
    t.index(['tenant_id', 'placed_at'])
  })

  await knex.schema.createTable('allocations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE')
    t.uuid('location_id').references('locations.id')
    t.text('status').notNullable()
    t.jsonb('lines').notNullable()
    t.text('external_id')
    t.uuid('connection_id').references('connections.id').comment('the 3PL connection it was sent to')
    t.timestamp('ship_by', { useTz: true })
    t.text('error')
    t.timestamps(true, true)
    t.index(['tenant_id', 'order_id'])
    t.index(['tenant_id', 'status'])
  })

  await knex.schema.createTable('shipments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('order_id').references('orders.id').onDelete('CASCADE')
    t.uuid('allocation_id').references('allocations.id')
    t.uuid('connection_id')
      .notNullable()
      .references('connections.id')
      .onDelete('CASCADE')
      .comment('where the shipment was reported')
    t.text('external_id').notNullable()
    t.text('carrier').notNullable()
    t.text('service')
    t.text('tracking_number').notNullable()
    t.text('tracking_url')
    t.timestamp('shipped_at', { useTz: true }).notNullable()
    t.jsonb('lines').notNullable()
    t.jsonb('events').notNullable().defaultTo('[]')
    t.timestamps(true, true)
    t.unique(['connection_id', 'external_id'])
    t.index(['tenant_id', 'order_id'])
  })

  await knex.schema.createTable('sync_cursors', (t) => {
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE')
    t.text('stream').notNullable()
    t.text('cursor')
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.primary(['connection_id', 'stream'])
  })

  await knex.schema.createTable('sync_runs', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE')
    t.text('stream').notNullable()
    t.text('direction').notNullable()
    t.text('trigger').notNullable().comment('schedule | manual | webhook | replay')
    t.text('status').notNullable().defaultTo('running')
    t.integer('seen').notNullable().defaultTo(0)
    t.integer('created').notNullable().defaultTo(0)
    t.integer('updated').notNullable().defaultTo(0)
    t.integer('unchanged').notNullable().defaultTo(0)
    t.integer('failed').notNullable().defaultTo(0)
    t.text('error')
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('finished_at', { useTz: true })
    t.index(['tenant_id', 'connection_id', 'stream', 'started_at'])
  })

  await knex.schema.createTable('sync_run_failures', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('run_id').notNullable().references('sync_runs.id').onDelete('CASCADE')
    t.text('external_id').notNullable()
    t.text('code').notNullable()
    t.text('message').notNullable()
    t.text('field')
    t.jsonb('payload')
    t.timestamp('resolved_at', { useTz: true })
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.index(['tenant_id', 'run_id'])
  })

  await knex.schema.createTable('webhook_inbox', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE')
    t.text('kind').notNullable()
    t.text('event_id').notNullable()
    t.text('topic').notNullable()
    t.text('content_type')
    t.jsonb('payload').comment('may hold buyer PII: erased with the buyer, purged by retention')
    t.text('status').notNullable().defaultTo('received').comment('received | processed | failed | discarded')
    t.integer('attempts').notNullable().defaultTo(0)
    t.text('error')
    t.jsonb('result').comment('per-record outcome: applied | unchanged | rejected (reason, field)')
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('processed_at', { useTz: true })
    t.unique(['connection_id', 'event_id'])
    t.index(['tenant_id', 'status', 'received_at'])
  })

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id')
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.text('actor').notNullable()
    t.text('action').notNullable()
    t.text('entity')
    t.text('entity_id')
    t.jsonb('data')
    t.text('prev_hash')
    t.text('hash').notNullable()
    t.index(['tenant_id', 'id'])
  })

  await knex.schema.createTable('fx_rates', (t) => {
    t.string('base', 3).notNullable()
    t.string('quote', 3).notNullable()
    t.date('rate_date').notNullable()
    t.specificType('rate', 'numeric(20,10)').notNullable()
    t.text('source').notNullable()
    t.timestamp('loaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.primary(['base', 'quote', 'rate_date', 'source'])
  })
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'fx_rates',
    'audit_log',
    'webhook_inbox',
    'sync_run_failures',
    'sync_runs',
    'sync_cursors',
    'shipments',
    'allocations',
    'orders',
    'inventory_levels',
    'inventory_ledger',
    'bindings',
    'variants',
    'products',
    'locations',
    'connections',
    'tenants',
  ]) {
    await knex.schema.dropTableIfExists(table)
  }
  await knex.raw('drop function if exists inventory_ledger_append_only() cascade')
}
