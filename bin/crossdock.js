#!/usr/bin/env node
// Runs the TypeScript CLI in this same process through tsx's loader (no build step to forget,
// and signals reach the hub directly for a clean shutdown).
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli.ts')
await main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`crossdock: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`)
  process.exit(1)
})
