// Scale-out: several hub processes on one database. A second `crossdock worker` (a real child
// process running the CLI) starts beside a running hub, and stops cleanly on SIGTERM.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnCli } from '../support/spawn.ts'
import { startTestHub, TEST_SECRET_KEY, type TestHub } from '../support/hub.ts'

describe('several hub processes on one database', () => {
  let hub: TestHub
  beforeAll(async () => {
    hub = await startTestHub()
  })
  afterAll(async () => {
    await hub?.close()
  })

  it('a second crossdock worker starts, registers with the queue, and stops cleanly on SIGTERM', async () => {
    const child = spawnCli(['worker'], {
      DATABASE_URL: hub.database.url,
      CROSSDOCK_SECRET_KEY: TEST_SECRET_KEY,
      CROSSDOCK_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'cd-worker-')),
    })
    const ready = JSON.parse(await child.waitFor(/crossdock ready/))
    expect(ready.roles).toEqual({ api: false, worker: true })
    expect(ready.url).toBeUndefined()
    // both processes are pg-boss instances on the same database
    const apps = (
      await hub.services.db.raw(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'crossdock-worker'`,
      )
    ).rows[0].n
    expect(apps).toBeGreaterThan(0)
    child.proc.kill('SIGTERM')
    const exit = await child.exited
    expect(exit.code).toBe(0)
    expect(child.lines.some((l) => /"msg":"stopped"/.test(l))).toBe(true)
    // the first hub is still ready
    expect((await fetch(`${hub.url}/readyz`)).status).toBe(200)
  })

  it('crossdock version and migrate work from the CLI', async () => {
    const v = spawnCli(['version'], {})
    expect(await v.waitFor(/^crossdock \d+\.\d+\.\d+/)).toMatch(/crossdock 0\./)
    expect((await v.exited).code).toBe(0)
    const m = spawnCli(['migrate'], { DATABASE_URL: hub.database.url })
    await m.waitFor(/database already current/)
    expect((await m.exited).code).toBe(0)
  })
})
