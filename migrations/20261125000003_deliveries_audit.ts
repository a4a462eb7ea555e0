// Deliveries: what the hub sent where (an allocation to a 3PL, an order to the ERP, a shipment's
// tracking to a channel), one row per (connection, document), so a job that runs twice sends
// once and a failure stays visible and replayable. Audit rows are chained by hash per tenant.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('deliveries', (t) => {
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE')
    t.text('entity').notNullable().comment('allocation | order | shipment | cancellation')
    t.uuid('entity_id').notNullable()
    t.text('status').notNullable().comment('pending | ok | rejected | retrying')
    t.text('external_id')
    t.text('error')
    t.integer('attempts').notNullable().defaultTo(0)
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.primary(['connection_id', 'entity', 'entity_id'])
    t.index(['tenant_id', 'status'])
  })
  await knex.schema.alterTable('audit_log', (t) => {
    t.unique(['tenant_id', 'prev_hash'], { indexName: 'audit_log_chain_unique' })
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => t.dropUnique(['tenant_id', 'prev_hash'], 'audit_log_chain_unique'))
  await knex.schema.dropTableIfExists('deliveries')
}
