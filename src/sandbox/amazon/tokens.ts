// Tokens API 2021-03-01 createRestrictedDataToken [M-tok]: a short-lived Restricted Data Token
// (RDT, "Atz.sprdt|…", 3600 s) for restricted resources — a method and path of an operation that
// returns PII, plus the dataElements wanted (buyerInfo, shippingAddress, buyerTaxInformation; only
// the Orders v0 reads take them). The RDT is then sent in x-amz-access-token instead of the LWA
// token, and only for the resources it names (http.ts checks that). Without one, Orders v0 answers
// with no buyer and an address cut to city, region, postal code and country [facts §3, §10.4].
//
// An application without the restricted role is refused with Amazon's own words, a 400 InvalidInput
// "Application does not have access to one or more requested data elements: [buyerInfo, …]"
// (GH abuzuhri/Amazon-SP-API-CSharp#155, amzn/selling-partner-api-docs#1201); the `pii: 'empty'`
// knob instead issues the token and still withholds the data, as sellers report for apps whose
// role was granted for some marketplaces only.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { invalid, registerOperation, SpApiError, type SpApiContext } from './http.ts'

export const RDT_TTL_SECONDS = 3600

/** The restricted operations the sandbox serves, as RDT paths (templated ids match any id) [M-tok RestrictedResource]. */
const RESTRICTED = [
  { method: 'GET', path: '/orders/v0/orders', operation: 'getOrders' },
  { method: 'GET', path: '/orders/v0/orders/{orderId}', operation: 'getOrder@orders-v0' },
  { method: 'GET', path: '/orders/v0/orders/{orderId}/orderItems', operation: 'getOrderItems' },
]
const DATA_ELEMENTS = ['buyerInfo', 'shippingAddress', 'buyerTaxInformation']

export interface RestrictedResource {
  method: string
  path: string
  dataElements?: string[]
}

export interface RdtGrant {
  expiresAt: number
  resources: RestrictedResource[]
  /** issued, but the application lacks the role: the data stays withheld */
  withheld: boolean
}

/** What PII a call made with an RDT may see, or null when the RDT does not cover it. */
export function rdtCovers(
  grant: RdtGrant,
  method: string,
  pathname: string,
): { buyerInfo: boolean; shippingAddress: boolean } | null {
  const segments = (p: string) => p.split('/').filter(Boolean)
  const want = segments(pathname)
  const hit = grant.resources.find((r) => {
    const have = segments(r.path)
    return (
      r.method === method && have.length === want.length && have.every((s, i) => s === want[i] || /^\{\w+\}$/.test(s))
    )
  })
  if (!hit) return null
  const has = (e: string) => !grant.withheld && (hit.dataElements ?? []).includes(e)
  return { buyerInfo: has('buyerInfo'), shippingAddress: has('shippingAddress') }
}

export function registerTokens(app: FastifyInstance, c: SpApiContext): void {
  registerOperation(app, c, 'createRestrictedDataToken', (req) => {
    const resources = (req.body as { restrictedResources: RestrictedResource[] }).restrictedResources
    if (resources.length === 0 || resources.length > 50)
      throw invalid('restrictedResources must hold between 1 and 50 resources.')
    for (const r of resources) {
      const known = RESTRICTED.some(
        (x) => x.method === r.method && rdtCovers({ expiresAt: 0, resources: [x], withheld: false }, r.method, r.path),
      )
      if (!known)
        throw new SpApiError(
          400,
          'InvalidInput',
          'Application do not have access to some or all requested resource',
          '',
        )
      const bad = (r.dataElements ?? []).filter((e) => !DATA_ELEMENTS.includes(e))
      if (bad.length) throw invalid(`Unknown data elements: ${bad.join(', ')}.`)
    }
    const asked = [...new Set(resources.flatMap((r) => r.dataElements ?? []))]
    if (asked.length && c.state.pii === 'refused')
      throw new SpApiError(
        400,
        'InvalidInput',
        `Application does not have access to one or more requested data elements: [${asked.join(', ')}]`,
        '',
      )
    const token = `Atz.sprdt|${randomBytes(36).toString('base64url')}`
    c.state.rdts.set(token, {
      expiresAt: c.now() + RDT_TTL_SECONDS * 1000,
      resources: resources.map((r) => ({ ...r })),
      withheld: c.state.pii === 'empty',
    })
    return { status: 200, body: { restrictedDataToken: token, expiresIn: RDT_TTL_SECONDS } }
  })
}
