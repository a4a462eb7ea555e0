// `npm run demo` (tsx src/demo/main.ts): start the demo, print where to look and how to sign in,
// keep going until Ctrl-C. Environment: PORT (hub, default 3000), CROSSDOCK_DEMO_DIR (data
// folder, default ./.crossdock-demo), DATABASE_URL (use that database instead), LOG_LEVEL.
import '../require-node.ts'
import { DEFAULT_PORTS, startDemo } from './index.ts'

const started = Date.now()
const say = (line: string) =>
  process.stdout.write(`[demo ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`)

const demo = await startDemo({
  port: process.env.PORT ? Number(process.env.PORT) : 3000,
  ...(process.env.CROSSDOCK_DEMO_DIR ? { dataDir: process.env.CROSSDOCK_DEMO_DIR } : {}),
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  say,
}).catch((err: Error) => {
  process.stderr.write(`demo: ${err.stack ?? err.message}\n`)
  process.exit(1)
})

process.stdout.write(`
  crossdock demo is running

    Open        ${demo.url}/ui/orders
    Email       ${demo.owner.email}
    Password    ${demo.owner.password}

    Orders arrive every few seconds on the Shopify store and on Amazon US and DE; the US and EU
    warehouses ship them about 8 s later. Watch Orders, Overview, Inventory and Runs.
    Amazon orders show up about two minutes after they are placed: SP-API lists an order only
    once its last change is two minutes old, and the hub asks the way Amazon allows.

    Sandboxes   Shopify :${DEFAULT_PORTS.shopify}  Amazon :${DEFAULT_PORTS.amazon}  ERP :${DEFAULT_PORTS.erp}  warehouse US :${DEFAULT_PORTS.warehouseUs}  EU :${DEFAULT_PORTS.warehouseEu}
    API docs    ${demo.url}/docs

  Ctrl-C stops everything.

`)

let stopping = false
const stop = (signal: string) => {
  if (stopping) return
  stopping = true
  say(`${signal}: stopping`)
  demo.stop().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`demo: ${(err as Error).message}\n`)
      process.exit(1)
    },
  )
}
process.once('SIGINT', () => stop('SIGINT'))
process.once('SIGTERM', () => stop('SIGTERM'))
