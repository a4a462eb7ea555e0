// External listings a connection reported that no canonical SKU is bound to yet (a Shopify
// variant, an Amazon seller SKU, a 3PL item): the SKU-mapping page suggests matches for them.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('external_listings', (t) => {
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE')
    t.text('external_id').notNullable()
    t.text('external_sku')
    t.text('barcode')
    t.text('title')
    t.text('scope').notNullable().defaultTo('')
    t.timestamp('seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.primary(['connection_id', 'external_id', 'scope'])
    t.index(['tenant_id'])
  })
  await knex.schema.alterTable('locations', (t) => {
    t.uuid('stock_source_connection_id')
      .references('connections.id')
      .onDelete('SET NULL')
      .comment(
        'the one connection whose counts set on-hand here; others are refused. Null: the first to report becomes it',
      )
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('locations', (t) => t.dropColumn('stock_source_connection_id'))
  await knex.schema.dropTableIfExists('external_listings')
}
