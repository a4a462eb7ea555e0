// Privacy duties: an erased order keeps its history and totals but says when its buyer's personal
// data was replaced by a tombstone (so a late re-import can keep the tombstone), and the
// retention purge finds old run failures without scanning a tenant's whole history.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.timestamp('pii_erased_at', { useTz: true }).comment('buyer and address replaced by a tombstone (erasure request)')
  })
  await knex.schema.alterTable('sync_run_failures', (t) => {
    t.index(['tenant_id', 'created_at'], 'sync_run_failures_tenant_created')
  })
  await knex.schema.alterTable('webhook_inbox', (t) => {
    t.index(['tenant_id', 'received_at'], 'webhook_inbox_tenant_received')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_inbox', (t) =>
    t.dropIndex(['tenant_id', 'received_at'], 'webhook_inbox_tenant_received'),
  )
  await knex.schema.alterTable('sync_run_failures', (t) =>
    t.dropIndex(['tenant_id', 'created_at'], 'sync_run_failures_tenant_created'),
  )
  await knex.schema.alterTable('orders', (t) => t.dropColumn('pii_erased_at'))
}
