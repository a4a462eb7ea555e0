// Where the hub may send a request. A tenant chooses base URLs (a shop, an ERP, a 3PL sandbox, an
// event subscriber), so without a policy any of them could point at the hub's own network and
// read the answer back (SSRF). Only public unicast addresses are reachable, unless the operator
// allow-lists a host name, an address or a range in CROSSDOCK_EGRESS_ALLOW; tenants cannot.
//
// The address that was checked is the address the socket connects to: the agents' `lookup`
// resolves once, checks every answer and hands only checked addresses to the socket, so a DNS
// answer that changes between the check and the connection (rebinding) reaches nothing new.
// IP literals never go through `lookup`, so `assertUrlAllowed` checks them before the request.
import { lookup as dnsLookup } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import type { LookupAddress, LookupOptions } from 'node:dns'
import type { Socket } from 'node:net'
import ipaddr from 'ipaddr.js'
import { CrossdockError } from '../../errors.ts'

type Address = ipaddr.IPv4 | ipaddr.IPv6

export interface EgressAllowList {
  hosts: Set<string>
  ranges: [Address, number][]
}

/** Resolve a name to every address it has (injectable: tests play a DNS answer that changes). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>

export interface EgressPolicy {
  allow: EgressAllowList
  resolve: Resolver
}

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  )

/** `127.0.0.1,10.0.5.0/24,erp.internal,::1` → the allow-list (an unreadable entry is an error, not ignored). */
export function parseAllowList(text: string | undefined): EgressAllowList {
  const out: EgressAllowList = { hosts: new Set(), ranges: [] }
  for (const raw of (text ?? '').split(',')) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1')
    if (!entry) continue
    const unreadable = () =>
      new CrossdockError('VALIDATION_FAILED', `CROSSDOCK_EGRESS_ALLOW: cannot read "${raw.trim()}"`)
    if (entry.includes('/')) {
      let range: [Address, number]
      try {
        range = ipaddr.parseCIDR(entry)
      } catch {
        throw unreadable()
      }
      const [addr, bits] = range
      out.ranges.push([normalize(addr), normalize(addr).kind() === addr.kind() ? bits : bits - 96])
    } else if (ipaddr.isValid(entry)) {
      const a = normalize(ipaddr.parse(entry))
      out.ranges.push([a, a.kind() === 'ipv4' ? 32 : 128])
    } else if (/^[a-z0-9.-]+$/.test(entry)) {
      out.hosts.add(entry.replace(/\.$/, ''))
    } else {
      throw unreadable()
    }
  }
  return out
}

export function egressPolicy(allow: string | EgressAllowList | undefined, resolve: Resolver = systemResolver) {
  return { allow: typeof allow === 'object' ? allow : parseAllowList(allow), resolve } satisfies EgressPolicy
}

/** IPv4-mapped (::ffff:a.b.c.d) becomes the IPv4 address it is. */
function normalize(a: Address): Address {
  return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a
}

/** The IPv4 address an IPv6 form carries (compatible ::a.b.c.d, SIIT, NAT64 64:ff9b::/96, 6to4). */
function embeddedIPv4(a: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = a.parts
  const low = () => new ipaddr.IPv4([p[6]! >> 8, p[6]! & 255, p[7]! >> 8, p[7]! & 255])
  const range = a.range()
  if (range === 'rfc6145') return low()
  if (range === 'rfc6052' && p[1] === 0xff9b && p[2] === 0) return low()
  if (range === '6to4') return new ipaddr.IPv4([p[1]! >> 8, p[1]! & 255, p[2]! >> 8, p[2]! & 255])
  // IPv4-compatible (deprecated, RFC 4291 §2.5.5.1): ::a.b.c.d, but not :: and ::1
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7]! > 1)) return low()
  return undefined
}

function allowListed(a: Address, allow: EgressAllowList): boolean {
  return allow.ranges.some(([net, bits]) => net.kind() === a.kind() && a.match(net, bits))
}

/** Why an address is refused, or undefined when a public unicast address (or allow-listed). */
export function refusalOf(address: string, allow: EgressAllowList): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address'
  const a = normalize(ipaddr.parse(address))
  if (allowListed(a, allow)) return undefined
  if (a.kind() === 'ipv4') {
    const range = a.range()
    return range === 'unicast' ? undefined : range
  }
  const v6 = a as ipaddr.IPv6
  const inner = embeddedIPv4(v6)
  if (inner) return refusalOf(inner.toString(), allow) && `${v6.range()} form of ${inner.toString()}`
  const range = v6.range()
  if (range !== 'unicast') return range
  // only 2000::/3 is global unicast today; the rest is unassigned
  return v6.match(ipaddr.parseCIDR('2000::/3')) ? undefined : 'unassigned'
}

function refused(host: string, address: string, why: string): CrossdockError {
  return new CrossdockError(
    'EGRESS_REFUSED',
    `${host} resolves to ${address} (${why}): the hub does not call such addresses unless the operator allow-lists them in CROSSDOCK_EGRESS_ALLOW`,
    { details: { host, address, reason: why } },
  )
}

function bareHost(hostname: string): string {
  return hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase()
}

export function isHostAllowListed(hostname: string, allow: EgressAllowList): boolean {
  const host = bareHost(hostname)
  if (allow.hosts.has(host)) return true
  return ipaddr.isValid(host) && allowListed(normalize(ipaddr.parse(host)), allow)
}

/**
 * Refuse a URL before any socket: not http(s), or an IP literal the policy refuses. Host names
 * are checked when they are resolved, by the agents' lookup (the address checked is the one used).
 */
export function assertUrlAllowed(url: URL, allow: EgressAllowList): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CrossdockError('EGRESS_REFUSED', `only http and https URLs are called, not ${url.protocol}`, {
      details: { url: url.origin },
    })
  const host = bareHost(url.hostname)
  if (!ipaddr.isValid(host)) return
  const why = refusalOf(host, allow)
  if (why) throw refused(host, host, why)
}

/** Resolve a name and keep only addresses the policy allows; refuse when none is left. */
export async function resolveAllowed(hostname: string, policy: EgressPolicy): Promise<LookupAddress[]> {
  const host = bareHost(hostname)
  if (ipaddr.isValid(host)) {
    const why = refusalOf(host, policy.allow)
    if (why) throw refused(host, host, why)
    return [{ address: host, family: ipaddr.parse(host).kind() === 'ipv4' ? 4 : 6 }]
  }
  const answers = await policy.resolve(host)
  if (policy.allow.hosts.has(host)) return answers
  const ok = answers.filter((a) => !refusalOf(a.address, policy.allow))
  if (ok.length === 0) {
    const first = answers[0]
    throw first
      ? refused(host, first.address, refusalOf(first.address, policy.allow)!)
      : new CrossdockError('CONNECTOR_NETWORK', `${host} has no address`)
  }
  return ok
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/** A `lookup` for sockets: resolve, check, and hand the socket only checked addresses. */
export function pinnedLookup(policy: EgressPolicy) {
  return (hostname: string, options: LookupOptions | number | LookupCallback, callback?: LookupCallback): void => {
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback
    const opts: LookupOptions = typeof options === 'object' ? options : {}
    resolveAllowed(hostname, policy).then(
      (addresses) => {
        const family = opts.family === 'IPv4' ? 4 : opts.family === 'IPv6' ? 6 : opts.family
        const wanted = family ? addresses.filter((a) => a.family === family) : addresses
        if (wanted.length === 0)
          return cb(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), '')
        if (opts.all) return cb(null, wanted)
        cb(null, wanted[0]!.address, wanted[0]!.family)
      },
      (err: Error) => cb(err as NodeJS.ErrnoException, ''),
    )
  }
}

export interface AgentOptions {
  /** ms to wait for the TCP connection before giving up */
  connectTimeoutMs: number
  keepAlive?: boolean
}

function withConnectTimeout(socket: Socket, ms: number): Socket {
  const timer = setTimeout(() => {
    socket.destroy(Object.assign(new Error(`connect timeout after ${ms} ms`), { code: 'ETIMEDOUT' }))
  }, ms)
  timer.unref()
  socket.once('connect', () => clearTimeout(timer))
  socket.once('close', () => clearTimeout(timer))
  return socket
}

/** http and https agents whose sockets connect only to addresses the policy allows, in bounded time. */
export function egressAgents(
  policy: EgressPolicy,
  o: AgentOptions,
): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const lookup = pinnedLookup(policy) as unknown as http.AgentOptions['lookup']
  const keepAlive = o.keepAlive ?? true
  class HttpAgent extends http.Agent {
    override createConnection(...args: Parameters<http.Agent['createConnection']>) {
      return withConnectTimeout(super.createConnection(...args) as Socket, o.connectTimeoutMs)
    }
  }
  class HttpsAgent extends https.Agent {
    override createConnection(...args: Parameters<https.Agent['createConnection']>) {
      return withConnectTimeout(super.createConnection(...args) as Socket, o.connectTimeoutMs)
    }
  }
  return {
    httpAgent: new HttpAgent({ lookup, keepAlive }),
    httpsAgent: new HttpsAgent({ lookup, keepAlive }),
  }
}

/**
 * For a caller outside the connector runtime that sends with axios (outbound event deliveries):
 * spread this into the request config, and call `assertUrlAllowed` first for IP literals.
 */
export function egressAxiosOptions(policy: EgressPolicy, o: AgentOptions = { connectTimeoutMs: 10_000 }) {
  return { ...egressAgents(policy, { keepAlive: false, ...o }), proxy: false as const, maxRedirects: 0 }
}
