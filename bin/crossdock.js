#!/usr/bin/env node
// Runs the TypeScript CLI in this same process through tsx's loader (no build step to forget,
// and signals reach the hub directly for a clean shutdown).
//
// The project brings its own Node (the registry's `node` package, a dependency): npm scripts put
// node_modules/.bin first in PATH, so `npm start` runs on it whatever Node the machine has. Run
// directly on an older Node, say so in one line before anything touches the data folder.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `crossdock: needs Node 22.12 or newer, this is ${process.version}; run it through npm (npm start), ` +
      `or put node_modules/.bin first in PATH to use the Node this project installs\n`,
  )
  process.exit(2)
}
const { register } = await import('tsx/esm/api')
register()
const { main } = await import('../src/cli.ts')
await main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`crossdock: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
