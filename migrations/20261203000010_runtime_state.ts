// State the connector runtime shares between every hub process (issue 12.10, 14): rate-limit
// buckets (so N processes spend one seller's API budget once) and circuit breakers (so every
// process, and the panel, agree that a remote is failing). Both are small, hot, per-tenant rows.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('connector_rate_limits', (t) => {
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.text('bucket_key').notNullable().comment('remote account | scope (region) | limit name')
    t.text('kind').notNullable().comment('bucket (token bucket) or window (sliding window)')
    t.text('declared').notNullable().comment('the spec the connector declares; a change resets shape')
    t.double('capacity').notNullable().comment('burst (bucket) or requests per window')
    t.double('refill_per_second').notNullable()
    t.double('window_ms').notNullable().defaultTo(0)
    t.double('tokens').notNullable().comment('below zero: reserved by callers still waiting')
    t.double('updated_ms').notNullable().comment('epoch ms (UTC) of the database clock at the last change')
    t.double('paused_until_ms').notNullable().defaultTo(0).comment('epoch ms (UTC): a 429 said wait')
    t.specificType('sent', 'double precision[]')
      .notNullable()
      .defaultTo('{}')
      .comment('window: epoch ms (UTC) of each send; future ones are reservations')
    t.primary(['tenant_id', 'bucket_key'])
  })
  await knex.raw(
    `alter table connector_rate_limits add constraint connector_rate_limits_kind check (kind in ('bucket', 'window'))`,
  )
  // every remote call writes its bucket: unlogged, a write skips the WAL flush (most of the
  // statement's time on a plain disk). A crash or a failover empties the table; the buckets then
  // start full once, and the remotes' own headers and 429s correct them within a call or two.
  await knex.raw(`alter table connector_rate_limits set unlogged`)

  await knex.schema.createTable('connector_breakers', (t) => {
    t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
    t.uuid('connection_id').notNullable()
    t.text('scope').notNullable().comment('the remote origin the calls go to')
    t.text('state').notNullable().defaultTo('closed')
    t.integer('failures').notNullable().defaultTo(0).comment('consecutive failures in the window')
    t.timestamp('window_started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('open_until', { useTz: true })
    t.timestamp('probe_until', { useTz: true })
    t.timestamp('opened_at', { useTz: true })
    t.text('last_error')
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.primary(['tenant_id', 'connection_id', 'scope'])
  })
  await knex.raw(
    `alter table connector_breakers add constraint connector_breakers_state check (state in ('closed', 'open', 'half-open'))`,
  )
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('connector_breakers')
  await knex.schema.dropTableIfExists('connector_rate_limits')
}
