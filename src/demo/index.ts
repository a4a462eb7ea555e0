// `npm run demo`: a whole seller's world on one machine, so a newcomer sees crossdock work within
// a minute. It starts the sandboxes (a Shopify store, Amazon US + DE, an SAP-shaped ERP, two
// ShipBob-shaped warehouses), a hub with its embedded PostgreSQL in ./.crossdock-demo (its own
// data folder, wiped at each start, so the demo never touches a real hub's data in ./.crossdock),
// sets a seller up through the public API, and keeps buyers ordering.
//
//   catalog.ts    the articles, their stock at the ERP, the buyers
//   sandboxes.ts  the outside world on local ports
//   client.ts     the hub's HTTP API as the demo uses it (setup, sign-in, token)
//   setup.ts      connections, locations, routing, channel locations, mapping, catalog
//   traffic.ts    orders every few seconds, goods receipts every half minute
//   main.ts       the command line
//
// Imports: hub (start), sandboxes, connector data (marketplace ids), the ERP presets.
import { httpRuntimeConfig } from '../config.ts'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Logger } from 'pino'
import { freePort } from '../db/embedded.ts'
import { startHub, type RunningHub } from '../hub.ts'
import { createLogger } from '../log.ts'
import { hubClient, ownerToken, type Owner } from './client.ts'
import { startSandboxes, type DemoPorts, type DemoSandboxes } from './sandboxes.ts'
import { setUpSeller, type DemoConnections } from './setup.ts'
import { startTraffic, type Traffic } from './traffic.ts'

export const DEMO_OWNER: Owner = {
  tenantName: 'Kettle & Co.',
  email: 'demo@crossdock.test',
  password: 'crossdock-demo',
  timeZone: 'Europe/Berlin',
  baseCurrency: 'USD',
}

export const DEFAULT_PORTS: DemoPorts = { shopify: 4101, amazon: 4102, erp: 4103, warehouseUs: 4104, warehouseEu: 4105 }

const MARKER = '.crossdock-demo'

export interface DemoOptions {
  /** hub port (default 3000); 0 picks a free one */
  port?: number
  host?: string
  /** embedded PostgreSQL data folder (default ./.crossdock-demo, wiped at start) */
  dataDir?: string
  /** an existing database instead of the embedded one (tests) */
  databaseUrl?: string
  secretKey?: string
  sandboxPorts?: Partial<DemoPorts>
  /** how long a warehouse takes to ship an order (default 8 s) */
  shipDelayMs?: number
  orderEveryMs?: number
  receiptEveryMs?: number
  owner?: Owner
  /** one line per thing the demo does */
  say?: (line: string) => void
  logger?: Logger
}

export interface RunningDemo {
  url: string
  owner: Owner
  hub: RunningHub
  sandboxes: DemoSandboxes
  connections: DemoConnections
  traffic: Traffic
  stop(): Promise<void>
}

/** A data folder the demo may wipe: absent, empty, or made by an earlier demo. */
function freshDataDir(dir: string): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir)
    if (entries.length && !entries.includes(MARKER)) {
      throw new Error(`${dir} exists and was not made by the demo; give another folder with CROSSDOCK_DEMO_DIR`)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  mkdirSync(dir, { recursive: true, mode: 0o755 })
  writeFileSync(path.join(dir, MARKER), 'made by `npm run demo`; deleted at its next start\n')
}

export async function startDemo(opts: DemoOptions = {}): Promise<RunningDemo> {
  const say = opts.say ?? (() => undefined)
  const owner = opts.owner ?? DEMO_OWNER
  const host = opts.host ?? '127.0.0.1'
  const ports = { ...DEFAULT_PORTS, ...opts.sandboxPorts }
  say('starting the sandboxes: Shopify, Amazon US + DE, ERP, warehouses US and EU')
  const sandboxes = await startSandboxes(ports, { shipDelayMs: opts.shipDelayMs ?? 8000, host })
  let hub: RunningHub | undefined
  try {
    const port = opts.port === 0 ? await freePort() : (opts.port ?? 3000)
    const dataDir = path.resolve(opts.dataDir ?? path.join(process.cwd(), '.crossdock-demo'))
    if (!opts.databaseUrl) freshDataDir(dataDir)
    else mkdirSync(dataDir, { recursive: true })
    say(opts.databaseUrl ? 'starting the hub' : `starting the hub with its embedded PostgreSQL in ${dataDir}`)
    hub = await startHub({
      config: {
        port,
        host,
        publicUrl: `http://${host}:${port}`,
        dataDir,
        databaseUrl: opts.databaseUrl,
        http: { ...httpRuntimeConfig(), egressAllow: host }, // the sandboxes listen there: allow it, and only it
        ...(opts.secretKey ? { secretKey: opts.secretKey } : {}),
      },
      log: opts.logger ?? createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }),
    })
    const url = hub.url!.replace('0.0.0.0', '127.0.0.1')
    say(`setting up the seller "${owner.tenantName}" through the API`)
    const api = hubClient(url, await ownerToken(url, owner))
    const connections = await setUpSeller(api, sandboxes)
    say('buyers start ordering')
    const traffic = startTraffic(api, sandboxes, connections, {
      orderEveryMs: opts.orderEveryMs ?? 4000,
      receiptEveryMs: opts.receiptEveryMs ?? 30_000,
      log: (l) => say(l),
    })
    const running = hub
    let stopping: Promise<void> | undefined
    return {
      url,
      owner,
      hub,
      sandboxes,
      connections,
      traffic,
      stop: () => {
        stopping ??= (async () => {
          traffic.stop()
          await running.stop()
          await sandboxes.close()
        })()
        return stopping
      },
    }
  } catch (err) {
    await hub?.stop().catch(() => undefined)
    await sandboxes.close()
    throw err
  }
}
