// What people paste into a form, made into what the API expects before it is sent (the server
// normalizes as well; this shows the seller the value that will be saved): a shop's admin or
// storefront URL becomes its myshopify.com domain, a web address gets its scheme and loses its
// trailing slash.

// hosts on the seller's own machine or network answer plain http (a sandbox, an ERP on the LAN)
const LOCAL_HOST =
  /^(localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1\]|10(\.\d+){3}|192\.168(\.\d+){2}|172\.(1[6-9]|2\d|3[01])(\.\d+){2})(:\d+)?([/?#]|$)/i
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

/** "127.0.0.1:4101/" → "http://127.0.0.1:4101", "erp.example.com/api/" → "https://erp.example.com/api". */
export function normalizeUrl(raw) {
  let s = String(raw ?? '').trim()
  if (!s) return s
  if (!SCHEME.test(s)) {
    s = s.replace(/^\/+/, '')
    s = `${LOCAL_HOST.test(s) ? 'http' : 'https'}://${s}`
  }
  return s.replace(/(?<!:\/?)\/+$/, '')
}

/**
 * "https://Kettle.myshopify.com/admin", "kettle.myshopify.com/", "admin.shopify.com/store/kettle"
 * and "kettle" all → "kettle.myshopify.com". Anything else is left for the API to judge.
 */
export function normalizeShop(raw) {
  const s = String(raw ?? '')
    .trim()
    .toLowerCase()
  if (!s) return s
  // the admin's own address since 2023: admin.shopify.com/store/<handle>
  const admin = /^(?:[a-z]+:\/\/)?admin\.shopify\.com\/store\/([a-z0-9][a-z0-9_-]*)/.exec(s)
  if (admin) return `${admin[1]}.myshopify.com`
  const host = s.replace(SCHEME, '').replace(/[/?#].*$/, '')
  if (/^[a-z0-9][a-z0-9_-]*$/.test(host)) return `${host}.myshopify.com`
  return host
}

/** The normalizer a schema field asks for, by what it says it holds; none for anything else. */
export function normalizerFor(name, schema) {
  const pattern = schema?.pattern ?? ''
  if (/myshopify/.test(pattern)) return normalizeShop
  if (schema?.format === 'uri' || schema?.format === 'url' || /^\^https\?:\/\//.test(pattern) || /url$/i.test(name))
    return normalizeUrl
  return null
}
