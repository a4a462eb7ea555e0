import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: integration files each get their own database cloned from a migrated template,
    // so they can run side by side without stepping on each other.
    maxWorkers: 2,
    // the sandboxes listen on 127.0.0.1: the egress policy lets the hub call that address, and
    // only it (127.0.0.2 and every other loopback, private or reserved address stay refused)
    env: { CROSSDOCK_EGRESS_ALLOW: '127.0.0.1' },
  },
})
