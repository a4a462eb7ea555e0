// Imported first by every entry point: on a Node too old for pg-boss and vitest, say so in one
// line and stop before anything touches the data folder. npm scripts run on the Node this project
// installs (the `node` package in node_modules/.bin), so this only trips when run directly.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `crossdock: needs Node 22.12 or newer, this is ${process.version}; run it through npm ` +
      `(npm start, npm run demo), which uses the Node this project installs in node_modules/.bin\n`,
  )
  process.exit(2)
}
export {}
