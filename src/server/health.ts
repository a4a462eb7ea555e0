// Liveness and readiness. /healthz answers while the process runs; /readyz only when the
// database answers, every migration is applied and the queue is running, so a load balancer
// sends no traffic to a hub that would only fail it.
import type { FastifyInstance } from 'fastify'
import { migrationsCurrent, ping } from '../db/knex.ts'
import type { HubServices } from '../services.ts'

export async function healthRoutes(app: FastifyInstance, hub: HubServices): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }))

  app.get('/readyz', async (_req, reply) => {
    const checks: Record<string, 'ok' | string> = {}
    try {
      await ping(hub.db)
      checks.database = 'ok'
    } catch (err) {
      checks.database = `unreachable: ${(err as Error).message}`
    }
    if (checks.database === 'ok') {
      try {
        checks.migrations = (await migrationsCurrent(hub.db)) ? 'ok' : 'pending migrations'
      } catch (err) {
        checks.migrations = `unknown: ${(err as Error).message}`
      }
    } else {
      checks.migrations = 'unknown'
    }
    checks.queue = hub.isQueueRunning() ? 'ok' : 'not running'
    const ready = Object.values(checks).every((c) => c === 'ok')
    void reply.status(ready ? 200 : 503)
    return { status: ready ? 'ready' : 'not ready', checks }
  })
}
