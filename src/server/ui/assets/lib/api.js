// Calls to the public REST API (/api/v1) and to sign-in (/auth), as the browser: the session
// cookie goes along by itself; every write carries the CSRF token in x-csrf-token (fetched once
// per page from /auth/csrf, fetched again if the server says it went stale). A 401 sends the
// viewer to the sign-in page and back here afterwards.
/* global location, URLSearchParams */

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message)
    this.status = status
    this.code = code
    this.details = details ?? {}
  }

  /** field errors as the API names them: [{field: '/settings/shop', message}] */
  get fields() {
    const f = this.details?.fields ?? this.details?.errors
    return Array.isArray(f) ? f.filter((x) => x && typeof x.field === 'string') : []
  }
}

let csrfToken = null

async function freshCsrf() {
  const res = await fetch('/auth/csrf', { credentials: 'same-origin', headers: { accept: 'application/json' } })
  if (res.status === 401) {
    toSignIn()
    throw new ApiError(401, 'UNAUTHENTICATED', 'signed out')
  }
  csrfToken = (await res.json()).csrfToken
  return csrfToken
}

export function setCsrf(token) {
  csrfToken = token
}

export function toSignIn() {
  const next = location.pathname + location.search
  location.assign(`/ui/login?next=${encodeURIComponent(next)}`)
}

async function parse(res) {
  const text = await res.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

async function send(method, url, body, retried) {
  const headers = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken ?? (await freshCsrf())
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const data = await parse(res)
  if (res.ok) return data
  const err =
    data && typeof data === 'object' && data.error
      ? data.error
      : { code: 'HTTP_' + res.status, message: String(data || res.statusText) }
  if (res.status === 403 && err.details?.csrf && !retried) {
    await freshCsrf()
    return send(method, url, body, true)
  }
  if (res.status === 401 && url.startsWith('/api/')) {
    toSignIn()
  }
  throw new ApiError(res.status, err.code, err.message, err.details)
}

/** api('GET', '/connections') → the JSON body; throws ApiError with code, message and field details. */
export function api(method, path, body) {
  return send(method, `/api/v1${path}`, body, false)
}

/** Sign-in routes (/auth/...): no CSRF before a session exists. */
export async function authCall(method, path, body) {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const data = await parse(res)
  if (!res.ok) {
    const err = data?.error ?? { code: 'HTTP_' + res.status, message: res.statusText }
    throw new ApiError(res.status, err.code, err.message, err.details)
  }
  return data
}

/** Build a query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}
