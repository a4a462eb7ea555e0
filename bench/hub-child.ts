// The hub process the benchmarks run against: what `crossdock start` does (startHub with API and
// workers, settings from the environment), plus a leash — when the benchmark process goes away
// (its end of our stdin closes, however it died) the hub stops and exits instead of running on
// as an orphan against a database that is about to be dropped.
import { startHub } from '../src/hub.ts'

const hub = await startHub({ roles: { api: true, worker: true } })
let stopping = false
const stop = (why: string) => {
  if (stopping) return
  stopping = true
  hub.services.log.info({ why }, 'bench hub stopping')
  const hard = setTimeout(() => process.exit(1), 30_000)
  hard.unref()
  hub.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.once('SIGTERM', () => stop('SIGTERM'))
process.once('SIGINT', () => stop('SIGINT'))
process.stdin.on('end', () => stop('parent gone'))
process.stdin.on('close', () => stop('parent gone'))
process.stdin.resume()
process.stdout.write(`bench hub ready at ${hub.url}\n`)
