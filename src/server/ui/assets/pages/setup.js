// First-run setup: POST /auth/setup (only while the hub has no user), then sign in.
/* global location */
import { authCall } from '../lib/api.js'
import { $ } from '../lib/dom.js'
import { viewerTimeZone } from '../lib/format.js'
import { clearErrors, showErrors } from '../lib/ui.js'

const form = $('[data-form="setup"]')
form.timeZone.value = viewerTimeZone
form.tenantName.focus()

form.addEventListener('submit', async (e) => {
  e.preventDefault()
  clearErrors(form)
  const body = {
    tenantName: form.tenantName.value.trim(),
    baseCurrency: form.baseCurrency.value.trim().toUpperCase(),
    timeZone: form.timeZone.value.trim(),
    email: form.email.value.trim(),
    password: form.password.value,
  }
  const local = []
  for (const k of ['tenantName', 'email', 'password']) if (!body[k]) local.push({ field: `/${k}`, message: 'required' })
  if (body.password && body.password.length < 10) local.push({ field: '/password', message: 'at least 10 characters' })
  if (body.baseCurrency && !/^[A-Z]{3}$/.test(body.baseCurrency))
    local.push({ field: '/baseCurrency', message: 'three letters, e.g. USD' })
  if (local.length) return showErrors(form, local)
  if (!body.timeZone) delete body.timeZone
  const button = form.querySelector('button[type=submit]')
  button.disabled = true
  try {
    await authCall('POST', '/auth/setup', body)
    await authCall('POST', '/auth/login', { email: body.email, password: body.password })
    location.assign('/ui/connections')
  } catch (err) {
    showErrors(form, err)
  } finally {
    button.disabled = false
  }
})
