// Calling the hub's REST API as a tenant would: create tenants with owners and tokens, and a
// small fetch wrapper that returns status and JSON.
import { createApiToken, createTenantWithOwner } from '../../src/auth/accounts.ts'
import type { Role } from '../../src/auth/roles.ts'
import type { RunningHub } from '../../src/hub.ts'

export interface ApiCaller {
  token: string
  tenantId: string
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>
}

let n = 0

export async function tenantWithToken(
  hub: RunningHub,
  role: Role = 'owner',
  name = `Seller ${++n}`,
): Promise<ApiCaller & { userId: string; email: string }> {
  const email = `owner${Date.now()}${++n}@example.com`
  const { tenantId, userId } = await createTenantWithOwner(hub.services.db, {
    tenantName: name,
    email,
    password: 'correct horse battery',
  })
  const { token } = await createApiToken(hub.services.db, tenantId, { name: 'test', role })
  return { ...caller(hub, token, tenantId), userId, email }
}

export async function extraToken(hub: RunningHub, tenantId: string, role: Role): Promise<ApiCaller> {
  const { token } = await createApiToken(hub.services.db, tenantId, { name: `${role} token`, role })
  return caller(hub, token, tenantId)
}

export function caller(hub: RunningHub, token: string, tenantId: string): ApiCaller {
  return {
    token,
    tenantId,
    async call(method, path, body, headers = {}) {
      const res = await fetch(`${hub.url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      const text = await res.text()
      let json: unknown = text
      try {
        json = JSON.parse(text)
      } catch {}
      return { status: res.status, body: json }
    },
  }
}
