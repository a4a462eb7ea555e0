// What ops need to find and repair a failure without reading logs: the overview (per connection
// and stream: last run, lag, throughput, failures, breaker; queue depths; the oversell window),
// runs with their failed records and payloads, retry and replay, the webhook inbox and the dead
// letter queue.
import { Type } from 'typebox'
import { breakerStates } from '../../db/breakers.ts'
import { getConnection } from '../../db/connections.ts'
import { markDirty } from '../../db/inventory.ts'
import { oversellWindow } from '../../db/pushes.ts'
import { CrossdockError } from '../../errors.ts'
import { allQueues, DEAD_LETTER_QUEUE } from '../../queue/boss.ts'
import { SYNC_QUEUES } from '../../sync/queues.ts'
import { scheduleKey } from '../../sync/streams.ts'
import { QUEUES } from '../../queue/boss.ts'
import { keysetPage } from '../../db/keyset.ts'
import { defineRoute, PageQuery, type ApiContext } from './framework.ts'

const tags = ['monitoring']
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function notFoundUnlessUuid(id: string, what: string): void {
  if (!UUID.test(id)) throw new CrossdockError('NOT_FOUND', `no such ${what}`)
}

defineRoute({
  method: 'GET',
  url: '/overview',
  role: 'viewer',
  tags,
  summary: 'Health of every connection and stream, queues, and the oversell window',
  handler: async (ctx) => {
    const db = ctx.hub.db
    const conns = await db('connections').where({ tenant_id: ctx.tenantId }).orderBy('name')
    const streams = await db('connection_streams').where({ tenant_id: ctx.tenantId })
    const lastRuns = await db.raw(
      `
      select distinct on (connection_id, stream, direction) connection_id, stream, direction, id, status, started_at, finished_at, seen, failed, error
      from sync_runs where tenant_id = ? order by connection_id, stream, direction, started_at desc`,
      [ctx.tenantId],
    )
    const recent = await db.raw(
      `
      select connection_id, stream, direction, sum(seen)::int as seen, sum(failed)::int as failed
      from sync_runs where tenant_id = ? and started_at > now() - interval '10 minutes' group by 1, 2, 3`,
      [ctx.tenantId],
    )
    const breakers = await breakerStates(db, ctx.tenantId)
    const oversell = await oversellWindow(db, ctx.tenantId)
    const key = (r: { connection_id: string; stream: string; direction: string }) =>
      `${r.connection_id}|${r.stream}|${r.direction}`
    const last = new Map(lastRuns.rows.map((r: any) => [key(r), r]))
    const rate = new Map(recent.rows.map((r: any) => [key(r), r]))
    const now = Date.now()
    return {
      connections: conns.map((c) => ({
        id: c.id,
        name: c.name,
        kind: c.kind,
        status: c.status,
        statusReason: c.status_reason,
        breaker: breakers[c.id] ?? 'closed',
        streams: streams
          .filter((s) => s.connection_id === c.id)
          .map((s) => {
            const lr: any = last.get(key(s))
            const rr: any = rate.get(key(s))
            return {
              stream: s.stream,
              direction: s.direction,
              enabled: s.enabled,
              schedule: s.schedule,
              lastRun: lr
                ? {
                    id: lr.id,
                    status: lr.status,
                    startedAt: lr.started_at,
                    finishedAt: lr.finished_at,
                    seen: lr.seen,
                    failed: lr.failed,
                    error: lr.error,
                  }
                : null,
              lagSeconds: s.last_success_at ? Math.round((now - new Date(s.last_success_at).getTime()) / 1000) : null,
              recordsPerMinute: rr ? Math.round((rr.seen / 10) * 10) / 10 : 0,
              failuresLast10Min: rr?.failed ?? 0,
            }
          }),
      })),
      oversellWindow: oversell,
    }
  },
})

defineRoute({
  method: 'GET',
  url: '/queues',
  role: 'viewer',
  tags,
  summary: 'Queue depths for this tenant: waiting, active, failed, dead',
  handler: async (ctx) => {
    const names = [...allQueues().map((q) => q.name), DEAD_LETTER_QUEUE]
    // pg-boss counts are global; count this tenant's own jobs from the job table by state
    const rows = await ctx.hub.db.raw(
      `
      select name, state, count(*)::int as n from ${ctx.hub.config.bossSchema}.job
      where name = any(?) and data->>'tenantId' = ? and state in ('created', 'retry', 'active', 'failed')
      group by 1, 2`,
      [names, ctx.tenantId],
    )
    const out: Record<string, { waiting: number; active: number; failed: number }> = {}
    for (const n of names) out[n] = { waiting: 0, active: 0, failed: 0 }
    for (const r of rows.rows) {
      const q = out[r.name]!
      if (r.state === 'active') q.active += r.n
      else if (r.state === 'failed') q.failed += r.n
      else q.waiting += r.n
    }
    return { queues: out, dead: out[DEAD_LETTER_QUEUE]!.waiting + out[DEAD_LETTER_QUEUE]!.failed }
  },
})

defineRoute({
  method: 'GET',
  url: '/runs',
  role: 'viewer',
  tags,
  summary: 'Sync runs, newest first, filterable',
  querystring: Type.Object({
    ...PageQuery,
    connectionId: Type.Optional(Type.String()),
    stream: Type.Optional(Type.String()),
    status: Type.Optional(Type.String()),
    direction: Type.Optional(Type.String()),
  }),
  handler: async (ctx, req) => {
    const q = req.query as {
      limit: number
      cursor?: string
      connectionId?: string
      stream?: string
      status?: string
      direction?: string
    }
    const query = ctx.hub
      .db('sync_runs as r')
      .join('connections as c', 'c.id', 'r.connection_id')
      .where('r.tenant_id', ctx.tenantId)
      .select('r.*', 'c.name as connection_name', 'c.kind')
    if (q.connectionId)
      query.andWhere(
        'r.connection_id',
        UUID.test(q.connectionId) ? q.connectionId : '00000000-0000-0000-0000-000000000000',
      )
    if (q.stream) query.andWhere('r.stream', q.stream)
    if (q.status) query.andWhere('r.status', q.status)
    if (q.direction) query.andWhere('r.direction', q.direction)
    return keysetPage(query, { key: 'r.started_at', id: 'r.id', limit: q.limit, cursor: q.cursor, map: runView })
  },
})

function runView(r: any) {
  return {
    id: r.id,
    connectionId: r.connection_id,
    connectionName: r.connection_name,
    kind: r.kind,
    stream: r.stream,
    direction: r.direction,
    trigger: r.trigger,
    status: r.status,
    counts: { seen: r.seen, created: r.created, updated: r.updated, unchanged: r.unchanged, failed: r.failed },
    error: r.error,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.finished_at ? new Date(r.finished_at).getTime() - new Date(r.started_at).getTime() : null,
  }
}

defineRoute({
  method: 'GET',
  url: '/runs/:runId',
  role: 'viewer',
  tags,
  params: { runId: 'run' },
  summary: 'One run with its failed records and their payloads',
  handler: async (ctx, req) => {
    const { runId } = req.params as { runId: string }
    notFoundUnlessUuid(runId, 'run')
    const r = await ctx.hub
      .db('sync_runs as r')
      .join('connections as c', 'c.id', 'r.connection_id')
      .where({ 'r.tenant_id': ctx.tenantId, 'r.id': runId })
      .first('r.*', 'c.name as connection_name', 'c.kind')
    if (!r) throw new CrossdockError('NOT_FOUND', 'no such run')
    const failures = await ctx.hub
      .db('sync_run_failures')
      .where({ tenant_id: ctx.tenantId, run_id: runId })
      .orderBy('created_at')
    return {
      ...runView(r),
      failures: failures.map((f) => ({
        id: f.id,
        externalId: f.external_id,
        code: f.code,
        message: f.message,
        field: f.field,
        payload: f.payload,
        resolvedAt: f.resolved_at,
      })),
    }
  },
})

async function replayRun(
  ctx: Parameters<Parameters<typeof defineRoute>[0]['handler']>[0],
  runId: string,
  trigger: string,
) {
  notFoundUnlessUuid(runId, 'run')
  const run = await ctx.hub.db('sync_runs').where({ tenant_id: ctx.tenantId, id: runId }).first()
  if (!run) throw new CrossdockError('NOT_FOUND', 'no such run')
  await getConnection(ctx.hub.db, ctx.tenantId, run.connection_id)
  if (run.direction === 'pull') {
    const jobId = await ctx.hub.boss.send(
      SYNC_QUEUES.pull.name,
      {
        tenantId: ctx.tenantId,
        connectionId: run.connection_id,
        stream: run.stream,
        trigger,
        fromCursor: run.start_cursor,
      },
      { singletonKey: scheduleKey(run.connection_id, run.stream) },
    )
    return { queued: jobId !== null, jobId }
  }
  // a push run: mark its failed SKUs dirty again and push
  const failed = await ctx.hub
    .db('sync_run_failures')
    .where({ tenant_id: ctx.tenantId, run_id: runId })
    .whereNull('resolved_at')
    .pluck('external_id')
  const skus = [...new Set(failed.map((k: string) => k.split('@')[0]!))]
  await markDirty(ctx.hub.db, ctx.tenantId, [run.connection_id], skus)
  const jobId = await ctx.hub.boss.send(
    SYNC_QUEUES.inventoryPush.name,
    { tenantId: ctx.tenantId, connectionId: run.connection_id },
    { singletonKey: `push:${run.connection_id}` },
  )
  return { queued: jobId !== null, jobId, skus: skus.length }
}

defineRoute({
  method: 'POST',
  url: '/runs/:runId/replay',
  role: 'ops',
  tags,
  status: 202,
  params: { runId: 'run' },
  summary: 'Replay a run from the cursor it started at',
  handler: async (ctx, req) => {
    const { runId } = req.params as { runId: string }
    const out = await replayRun(ctx, runId, 'replay')
    await ctx.audit('run.replayed', 'run', runId)
    return out
  },
})

defineRoute({
  method: 'POST',
  url: '/runs/:runId/failures/:failureId/retry',
  role: 'ops',
  tags,
  status: 202,
  params: { runId: 'run', failureId: 'failure' },
  summary: 'Retry one failed record (fetched and mapped again; resolved when it goes through)',
  handler: async (ctx, req) => {
    const { runId, failureId } = req.params as { runId: string; failureId: string }
    notFoundUnlessUuid(failureId, 'failure')
    const f = await ctx.hub
      .db('sync_run_failures')
      .where({ tenant_id: ctx.tenantId, id: failureId, run_id: UUID.test(runId) ? runId : null })
      .first()
    if (!f) throw new CrossdockError('NOT_FOUND', 'no such failed record')
    const out = await replayRun(ctx, runId, 'retry')
    await ctx.audit('record.retried', 'failure', failureId, { externalId: f.external_id })
    return out
  },
})

defineRoute({
  method: 'GET',
  url: '/inbox',
  role: 'viewer',
  tags,
  summary: 'Webhook inbox, newest first',
  querystring: Type.Object({
    ...PageQuery,
    status: Type.Optional(Type.String()),
    connectionId: Type.Optional(Type.String()),
  }),
  handler: async (ctx, req) => {
    const q = req.query as { limit: number; cursor?: string; status?: string; connectionId?: string }
    const query = ctx.hub
      .db('webhook_inbox')
      .where({ tenant_id: ctx.tenantId })
      .select(
        'id',
        'connection_id',
        'kind',
        'event_id',
        'topic',
        'status',
        'attempts',
        'error',
        'received_at',
        'processed_at',
      )
    if (q.status) query.andWhere('status', q.status)
    if (q.connectionId)
      query.andWhere(
        'connection_id',
        UUID.test(q.connectionId) ? q.connectionId : '00000000-0000-0000-0000-000000000000',
      )
    return keysetPage(query, { key: 'received_at', id: 'id', limit: q.limit, cursor: q.cursor })
  },
})

defineRoute({
  method: 'GET',
  url: '/inbox/:inboxId',
  role: 'viewer',
  tags,
  params: { inboxId: 'inbox' },
  summary: 'One inbox event with its payload and per-record result',
  handler: async (ctx, req) => {
    const { inboxId } = req.params as { inboxId: string }
    notFoundUnlessUuid(inboxId, 'inbox event')
    const row = await ctx.hub.db('webhook_inbox').where({ tenant_id: ctx.tenantId, id: inboxId }).first()
    if (!row) throw new CrossdockError('NOT_FOUND', 'no such inbox event')
    return row
  },
})

defineRoute({
  method: 'POST',
  url: '/inbox/:inboxId/replay',
  role: 'ops',
  tags,
  status: 202,
  params: { inboxId: 'inbox' },
  summary: 'Process an inbox event again',
  handler: async (ctx, req) => {
    const { inboxId } = req.params as { inboxId: string }
    notFoundUnlessUuid(inboxId, 'inbox event')
    const n = await ctx.hub
      .db('webhook_inbox')
      .where({ tenant_id: ctx.tenantId, id: inboxId })
      .update({ status: 'received', error: null })
    if (!n) throw new CrossdockError('NOT_FOUND', 'no such inbox event')
    const jobId = await ctx.hub.boss.send(QUEUES.webhookProcess.name, { tenantId: ctx.tenantId, inboxId })
    await ctx.audit('inbox.replayed', 'inbox', inboxId)
    return { queued: true, jobId }
  },
})

defineRoute({
  method: 'POST',
  url: '/inbox/:inboxId/discard',
  role: 'ops',
  tags,
  params: { inboxId: 'inbox' },
  summary: 'Discard an inbox event, with a reason (audited)',
  example: { reason: 'duplicate sent by mistake' },
  body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }),
  handler: async (ctx, req) => {
    const { inboxId } = req.params as { inboxId: string }
    notFoundUnlessUuid(inboxId, 'inbox event')
    const { reason } = req.body as { reason: string }
    const n = await ctx.hub
      .db('webhook_inbox')
      .where({ tenant_id: ctx.tenantId, id: inboxId })
      .update({ status: 'discarded', error: `discarded: ${reason}` })
    if (!n) throw new CrossdockError('NOT_FOUND', 'no such inbox event')
    await ctx.audit('inbox.discarded', 'inbox', inboxId, { reason })
    return { discarded: true }
  },
})

defineRoute({
  method: 'GET',
  url: '/dead-letters',
  role: 'viewer',
  tags,
  summary: 'Jobs that exhausted their retries',
  handler: async (ctx) => {
    const jobs = await ctx.hub.boss.findJobs<Record<string, unknown>>(DEAD_LETTER_QUEUE, {
      data: { tenantId: ctx.tenantId },
      limit: 500,
    })
    return {
      items: jobs
        .filter((j) => j.state !== 'completed' && j.state !== 'cancelled')
        .map((j) => ({
          id: j.id,
          source: j.sourceName,
          data: j.data,
          state: j.state,
          createdOn: j.createdOn,
          lastError: j.sourceOutput ?? null,
        })),
    }
  },
})

async function deadJob(ctx: ApiContext, jobId: string) {
  notFoundUnlessUuid(jobId, 'dead letter')
  const [job] = await ctx.hub.boss.findJobs<Record<string, unknown>>(DEAD_LETTER_QUEUE, {
    id: jobId,
    data: { tenantId: ctx.tenantId },
  })
  if (!job || job.state === 'completed' || job.state === 'cancelled')
    throw new CrossdockError('NOT_FOUND', 'no such dead letter')
  return job
}

defineRoute({
  method: 'POST',
  url: '/dead-letters/:jobId/replay',
  role: 'ops',
  tags,
  status: 202,
  params: { jobId: 'job' },
  summary: 'Send a dead job back to its queue',
  handler: async (ctx, req) => {
    const { jobId } = req.params as { jobId: string }
    const job = await deadJob(ctx, jobId)
    if (!job.sourceName) throw new CrossdockError('CONFLICT', 'this dead letter does not say which queue it came from')
    const newId = await ctx.hub.boss.send(job.sourceName, job.data)
    // a dead letter waits in its queue (nobody works it): includeQueued closes it all the same
    await ctx.hub.boss.complete(DEAD_LETTER_QUEUE, jobId, { replayedAs: newId }, { includeQueued: true })
    await ctx.audit('dead_letter.replayed', 'job', jobId, { queue: job.sourceName, newId })
    return { queued: true, jobId: newId }
  },
})

defineRoute({
  method: 'POST',
  url: '/dead-letters/:jobId/discard',
  role: 'ops',
  tags,
  params: { jobId: 'job' },
  summary: 'Discard a dead job, with a reason (audited)',
  example: { reason: 'duplicate sent by mistake' },
  body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }),
  handler: async (ctx, req) => {
    const { jobId } = req.params as { jobId: string }
    await deadJob(ctx, jobId)
    const { reason } = req.body as { reason: string }
    await ctx.hub.boss.cancel(DEAD_LETTER_QUEUE, jobId)
    await ctx.audit('dead_letter.discarded', 'job', jobId, { reason })
    return { discarded: true }
  },
})
