// Sign-in and first-run setup: plain forms with labels; the page module posts them to /auth/*
// and shows errors next to their fields.
import type { PageSpec } from '../layout.ts'

const errors = '<div class="form-errors" role="alert" tabindex="-1" hidden></div>'

export const authPages: PageSpec[] = [
  {
    path: '/login',
    title: 'Sign in',
    script: 'login',
    bare: true,
    body: () => `
<form class="panel" data-form="login" novalidate>
  ${errors}
  <div class="field">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required data-pointer="/email">
  </div>
  <div class="field">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required data-pointer="/password">
  </div>
  <div class="actions"><button type="submit">Sign in</button></div>
</form>`,
  },
  {
    path: '/setup',
    title: 'Set up crossdock',
    script: 'setup',
    bare: true,
    body: () => `
<p>No one has signed in to this hub yet. Name your business and create the owner's account; you
can add people and API tokens afterwards.</p>
<form class="panel" data-form="setup" novalidate>
  ${errors}
  <div class="field">
    <label for="tenantName">Business name</label>
    <input id="tenantName" name="tenantName" required autocomplete="organization" data-pointer="/tenantName">
  </div>
  <div class="field">
    <label for="baseCurrency">Base currency</label>
    <input id="baseCurrency" name="baseCurrency" value="USD" maxlength="3" autocomplete="off" aria-describedby="baseCurrency-hint" data-pointer="/baseCurrency">
    <p class="hint" id="baseCurrency-hint">ISO 4217 code (USD, EUR, JPY…): reports convert to it.</p>
  </div>
  <div class="field">
    <label for="timeZone">Your time zone</label>
    <input id="timeZone" name="timeZone" autocomplete="off" aria-describedby="timeZone-hint" data-pointer="/timeZone">
    <p class="hint" id="timeZone-hint">IANA name, e.g. Europe/Berlin: schedules run in it.</p>
  </div>
  <div class="field">
    <label for="email">Owner email</label>
    <input id="email" name="email" type="email" autocomplete="username" required data-pointer="/email">
  </div>
  <div class="field">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required aria-describedby="password-hint" data-pointer="/password">
    <p class="hint" id="password-hint">At least 10 characters.</p>
  </div>
  <div class="actions"><button type="submit">Create and sign in</button></div>
</form>`,
  },
]
