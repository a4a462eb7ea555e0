// Sign in: POST /auth/login, then back to where the viewer was going (only a /ui/ path).
/* global location, URLSearchParams */
import { authCall } from '../lib/api.js'
import { $ } from '../lib/dom.js'
import { clearErrors, showErrors } from '../lib/ui.js'

const form = $('[data-form="login"]')
form.email.focus()

function nextUrl() {
  const next = new URLSearchParams(location.search).get('next') ?? ''
  return next.startsWith('/ui/') && !next.startsWith('//') ? next : '/ui/'
}

form.addEventListener('submit', async (e) => {
  e.preventDefault()
  clearErrors(form)
  const missing = ['email', 'password']
    .filter((n) => !form[n].value.trim())
    .map((n) => ({ field: `/${n}`, message: 'required' }))
  if (missing.length) return showErrors(form, missing)
  const button = form.querySelector('button[type=submit]')
  button.disabled = true
  try {
    await authCall('POST', '/auth/login', { email: form.email.value.trim(), password: form.password.value })
    location.assign(nextUrl())
  } catch (err) {
    if (err.code === 'UNAUTHENTICATED') showErrors(form, [{ field: '/password', message: 'wrong email or password' }])
    else if (err.status === 429) showErrors(form, err, 'Too many attempts: wait a minute and try again.')
    else showErrors(form, err)
  } finally {
    button.disabled = false
  }
})
