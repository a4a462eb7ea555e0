// The import rule, enforced by `npm run check` (docs/architecture.md): model ← mappers ← connectors
// ← sync ← server, with the repositories (db) importable by sync, server, privacy and auth, and
// privacy at the level of sync (sync may use it; it never imports sync). errors.ts is a leaf every
// layer may import. tests/unit/import-rule.test.ts reads the same table.

/** folders (and single files) of src, each one layer */
export const LAYERS = {
  errors: { files: ['src/errors.ts'] },
  base: { files: ['src/config.ts', 'src/log.ts', 'src/require-node.ts'] },
  services: { files: ['src/services.ts'] },
  top: { files: ['src/hub.ts', 'src/cli.ts'], folders: ['src/demo'] },
  model: { folders: ['src/model'] },
  mappers: { folders: ['src/mappers'] },
  connectors: { folders: ['src/connectors'] },
  db: { folders: ['src/db'] },
  queue: { folders: ['src/queue'] },
  secrets: { folders: ['src/secrets'] },
  auth: { folders: ['src/auth'] },
  fx: { folders: ['src/fx'] },
  privacy: { folders: ['src/privacy'] },
  sync: { folders: ['src/sync'] },
  server: { folders: ['src/server'] },
  sandbox: { folders: ['src/sandbox'] },
}

const LOW = ['model', 'base']
/** what each layer may import besides itself and errors.ts */
export const MAY_IMPORT = {
  errors: [],
  model: [],
  base: [],
  secrets: ['base'],
  queue: ['base'],
  mappers: LOW,
  connectors: [...LOW, 'mappers'],
  db: [...LOW, 'secrets'],
  auth: [...LOW, 'db'],
  fx: [...LOW, 'db'],
  services: [...LOW, 'db', 'queue', 'secrets', 'connectors'],
  privacy: [...LOW, 'db', 'queue', 'secrets', 'connectors', 'services'],
  sync: [...LOW, 'mappers', 'connectors', 'db', 'queue', 'secrets', 'services', 'privacy', 'auth', 'fx'],
  server: [...LOW, 'connectors', 'db', 'queue', 'secrets', 'services', 'privacy', 'auth', 'fx', 'sync'],
  top: [
    ...LOW,
    ...['mappers', 'connectors', 'db', 'queue', 'secrets', 'services', 'privacy', 'auth', 'fx', 'sync'],
    ...['server', 'sandbox'],
  ],
  // a sandbox is built from the platform's contract, never from the client code it checks
  sandbox: [...LOW],
}

export async function boundariesConfig() {
  const { default: boundaries } = await import('eslint-plugin-boundaries')
  // The plugin classifies folders; the few single files at the top of src (errors, config, log,
  // services, hub, cli) are left to tests/unit/import-rule.test.ts, which reads this same table.
  const elements = Object.entries(LAYERS).flatMap(([type, { folders = [] }]) =>
    folders.map((pattern) => ({ type, pattern, partialMatch: false })),
  )
  return {
    files: ['src/**/*.ts'],
    ignores: ['src/server/ui/assets/**'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      'boundaries/include': ['src/**/*'],
      'boundaries/elements': elements,
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: Object.entries(MAY_IMPORT).map(([from, to]) => ({
            from: { element: { type: from } },
            allow: { to: { element: { types: { anyOf: [from, 'errors', ...to] } } } },
          })),
        },
      ],
    },
  }
}
