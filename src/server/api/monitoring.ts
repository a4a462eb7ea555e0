// What ops need to find and repair a failure without reading logs: the overview (per connection
// and stream: last run, lag, throughput, failures, breaker; queue depths; the oversell window),
// runs with their failed records and payloads, retry and replay, the webhook inbox and the dead
// letter queue.
import { Type } from 'typebox'
import { breakerStates } from '../../db/breakers.ts'
import { getConnection, listConnections } from '../../db/connections.ts'
import { discardInboxEvent, getInboxRow, listInbox, reopenInboxEvent } from '../../db/inbox.ts'
import { tenantQueueDepths } from '../../db/jobs.ts'
import {
  failuresOfRun,
  findFailure,
  findRun,
  lastRunPerStream,
  listRuns,
  recentRunTotals,
  unresolvedFailureKeys,
  type RunWithConnection,
} from '../../db/runs.ts'
import { tenantStreams } from '../../db/streams.ts'
import { markDirty } from '../../db/inventory.ts'
import { oversellWindow } from '../../db/pushes.ts'
import { CrossdockError } from '../../errors.ts'
import { DEAD_LETTER_QUEUE, enqueue } from '../../queue/boss.ts'
import { SYNC_QUEUES } from '../../sync/queues.ts'
import { scheduleKey } from '../../sync/streams.ts'
import { defineRoute, PageQuery, type ApiContext, type ApiRoute } from './framework.ts'

const tags = ['monitoring']
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function notFoundUnlessUuid(id: string, what: string): void {
  if (!UUID.test(id)) throw new CrossdockError('NOT_FOUND', `no such ${what}`)
}

/** A filter on an id that is not a UUID matches nothing (rather than failing in Postgres). */
function uuidFilter(id: string | undefined): string | undefined {
  return id === undefined || UUID.test(id) ? id : '00000000-0000-0000-0000-000000000000'
}

function runView(r: RunWithConnection) {
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

async function replayRun(
  ctx: Parameters<Parameters<typeof defineRoute>[0]['handler']>[0],
  runId: string,
  trigger: string,
) {
  notFoundUnlessUuid(runId, 'run')
  const run = await findRun(ctx.hub.db, ctx.tenantId, runId)
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
  const failed = await unresolvedFailureKeys(ctx.hub.db, ctx.tenantId, runId)
  const skus = [...new Set(failed.map((k) => k.split('@')[0]!))]
  await markDirty(ctx.hub.db, ctx.tenantId, [run.connection_id], skus)
  const jobId = await ctx.hub.boss.send(
    SYNC_QUEUES.inventoryPush.name,
    { tenantId: ctx.tenantId, connectionId: run.connection_id },
    { singletonKey: `push:${run.connection_id}` },
  )
  return { queued: jobId !== null, jobId, skus: skus.length }
}

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

export const monitoringRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/overview',
    role: 'viewer',
    tags,
    summary: 'Health of every connection and stream, queues, and the oversell window',
    handler: async (ctx) => {
      const db = ctx.hub.db
      const conns = await listConnections(db, ctx.tenantId)
      const streams = await tenantStreams(db, ctx.tenantId)
      const lastRuns = await lastRunPerStream(db, ctx.tenantId)
      const recent = await recentRunTotals(db, ctx.tenantId)
      const breakers = await breakerStates(db, ctx.tenantId)
      const oversell = await oversellWindow(db, ctx.tenantId)
      const key = (r: { connection_id: string; stream: string; direction: string }) =>
        `${r.connection_id}|${r.stream}|${r.direction}`
      const last = new Map(lastRuns.map((r) => [key(r), r]))
      const rate = new Map(recent.map((r) => [key(r), r]))
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
  }),
  defineRoute({
    method: 'GET',
    url: '/queues',
    role: 'viewer',
    tags,
    summary: 'Queue depths for this tenant: waiting, active, failed, dead',
    handler: async (ctx) => {
      const names = [...ctx.hub.jobs.map((j) => j.queue.name), DEAD_LETTER_QUEUE]
      // pg-boss counts are global; count this tenant's own jobs from the job table by state
      const out = await tenantQueueDepths(ctx.hub.db, ctx.hub.config.bossSchema, names, ctx.tenantId)
      return { queues: out, dead: out[DEAD_LETTER_QUEUE]!.waiting + out[DEAD_LETTER_QUEUE]!.failed }
    },
  }),
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
      const page = await listRuns(ctx.hub.db, ctx.tenantId, { ...q, connectionId: uuidFilter(q.connectionId) }, q)
      return { ...page, items: page.items.map(runView) }
    },
  }),
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
      const r = await findRun(ctx.hub.db, ctx.tenantId, runId)
      if (!r) throw new CrossdockError('NOT_FOUND', 'no such run')
      const failures = await failuresOfRun(ctx.hub.db, ctx.tenantId, runId)
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
  }),
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
  }),
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
      const f = UUID.test(runId) ? await findFailure(ctx.hub.db, ctx.tenantId, runId, failureId) : undefined
      if (!f) throw new CrossdockError('NOT_FOUND', 'no such failed record')
      const out = await replayRun(ctx, runId, 'retry')
      await ctx.audit('record.retried', 'failure', failureId, { externalId: f.external_id })
      return out
    },
  }),
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
      return listInbox(ctx.hub.db, ctx.tenantId, { status: q.status, connectionId: uuidFilter(q.connectionId) }, q)
    },
  }),
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
      const row = await getInboxRow(ctx.hub.db, ctx.tenantId, inboxId)
      if (!row) throw new CrossdockError('NOT_FOUND', 'no such inbox event')
      return row
    },
  }),
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
      if (!(await reopenInboxEvent(ctx.hub.db, ctx.tenantId, inboxId)))
        throw new CrossdockError('NOT_FOUND', 'no such inbox event')
      const jobId = await enqueue(ctx.hub.boss, undefined, SYNC_QUEUES.webhookProcess, {
        tenantId: ctx.tenantId,
        inboxId,
      })
      await ctx.audit('inbox.replayed', 'inbox', inboxId)
      return { queued: true, jobId }
    },
  }),
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
      if (!(await discardInboxEvent(ctx.hub.db, ctx.tenantId, inboxId, reason)))
        throw new CrossdockError('NOT_FOUND', 'no such inbox event')
      await ctx.audit('inbox.discarded', 'inbox', inboxId, { reason })
      return { discarded: true }
    },
  }),
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
  }),
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
      if (!job.sourceName)
        throw new CrossdockError('CONFLICT', 'this dead letter does not say which queue it came from')
      const newId = await ctx.hub.boss.send(job.sourceName, job.data)
      // a dead letter waits in its queue (nobody works it): includeQueued closes it all the same
      await ctx.hub.boss.complete(DEAD_LETTER_QUEUE, jobId, { replayedAs: newId }, { includeQueued: true })
      await ctx.audit('dead_letter.replayed', 'job', jobId, { queue: job.sourceName, newId })
      return { queued: true, jobId: newId }
    },
  }),
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
  }),
]
