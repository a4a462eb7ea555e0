// The demo drives the hub the way any integration would: over its public HTTP API. It signs up
// the owner (first-run setup), signs in once to mint an API token, and uses the token after that.

export class HubApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(
      `${what} → ${status}: ${typeof body === 'object' && body && 'error' in body ? JSON.stringify((body as { error: unknown }).error) : String(body)}`,
    )
  }
}

async function json(res: Response): Promise<unknown> {
  const text = await res.text()
  try {
    return text ? JSON.parse(text) : null
  } catch {
    return text
  }
}

export interface HubClient {
  url: string
  call<T = any>(method: string, path: string, body?: unknown): Promise<T>
}

export function hubClient(url: string, token: string): HubClient {
  return {
    url,
    async call(method, path, body) {
      const res = await fetch(`${url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      const data = await json(res)
      if (!res.ok) throw new HubApiError(res.status, data, `${method} ${path}`)
      return data as any
    },
  }
}

export interface Owner {
  tenantName: string
  email: string
  password: string
  timeZone: string
  baseCurrency: string
}

/** First-run setup (when the hub has no user yet), sign-in, and an owner API token for the demo. */
export async function ownerToken(url: string, owner: Owner): Promise<string> {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
  const needed = (await json(await fetch(`${url}/auth/setup-needed`))) as { setupNeeded: boolean }
  if (needed.setupNeeded) {
    const res = await post('/auth/setup', {
      tenantName: owner.tenantName,
      email: owner.email,
      password: owner.password,
      timeZone: owner.timeZone,
      baseCurrency: owner.baseCurrency,
    })
    if (!res.ok) throw new HubApiError(res.status, await json(res), 'first-run setup')
  }
  const login = await post('/auth/login', { email: owner.email, password: owner.password })
  const session = (await json(login)) as { csrfToken: string }
  if (!login.ok) throw new HubApiError(login.status, session, 'sign in')
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const created = await post(
    '/api/v1/tokens',
    { name: `demo ${new Date().toISOString()}`, role: 'owner' },
    { cookie, 'x-csrf-token': session.csrfToken },
  )
  const body = (await json(created)) as { token: string }
  if (!created.ok) throw new HubApiError(created.status, body, 'create an API token')
  return body.token
}

/** Poll `fn` until it returns something truthy. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline)
      throw new Error(`demo: timed out waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
