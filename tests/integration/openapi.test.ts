// The OpenAPI document at /docs/json is a valid OpenAPI 3 document (checked by swagger-parser, a
// validator we did not write), and it documents every route of the API's table.
import SwaggerParser from '@apidevtools/swagger-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_PREFIX } from '../../src/server/api/framework.ts'
import { apiRouteTable } from '../../src/server/api/index.ts'
import { startTestHub, type TestHub } from '../support/hub.ts'

describe('OpenAPI document', () => {
  let hub: TestHub
  beforeAll(async () => {
    hub = await startTestHub({ roles: { api: true, worker: false } })
  })
  afterAll(async () => {
    await hub?.close()
  })

  it('validates and covers every /api/v1 route', async () => {
    const doc = await (await fetch(`${hub.url}/docs/json`)).json()
    expect(doc.openapi).toMatch(/^3\./)
    await SwaggerParser.validate(structuredClone(doc))
    const documented = new Set<string>()
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`)
    }
    const missing = apiRouteTable(hub.services.connectors)
      .map((r) => `${r.method} ${API_PREFIX}${r.url.replace(/:(\w+)/g, '{$1}')}`)
      .filter((k) => !documented.has(k))
    expect(missing).toEqual([])
    expect((await fetch(`${hub.url}/docs`)).status).toBeLessThan(400)
  })
})
