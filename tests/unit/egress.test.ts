// The egress policy as a table: which addresses the hub may call, in every form an address can
// take (v4, v6, IPv4-mapped, IPv4-compatible, NAT64, 6to4), and what the allow-list changes.
import { describe, expect, it } from 'vitest'
import {
  assertUrlAllowed,
  parseAllowList,
  pinnedLookup,
  refusalOf,
  resolveAllowed,
  egressPolicy,
} from '../../src/connectors/http/egress.ts'

const none = parseAllowList('')

describe('addresses refused by default', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.0.0.2', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
  ])('%s (%s)', (address, range) => {
    expect(refusalOf(address, none)).toBe(range)
  })

  it.each([
    ['::ffff:127.0.0.2'],
    ['::ffff:169.254.169.254'],
    ['::ffff:10.0.0.1'],
    ['::127.0.0.2'],
    ['::ffff:0:10.0.0.1'],
    ['64:ff9b::a9fe:a9fe'],
    ['64:ff9b::10.0.0.1'],
    ['2002:a9fe:a9fe::1'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2'],
    ['64:ff9b:1::1'],
  ])('v6 forms that carry a refused v4 address or reach one: %s', (address) => {
    expect(refusalOf(address, none)).toBeDefined()
  })

  it.each([['93.184.216.34'], ['8.8.8.8'], ['2606:4700:4700::1111'], ['::ffff:8.8.8.8'], ['64:ff9b::808:808']])(
    'public addresses pass: %s',
    (address) => {
      expect(refusalOf(address, none)).toBeUndefined()
    },
  )
})

describe('the operator allow-list', () => {
  const allow = parseAllowList('127.0.0.1, 10.0.5.0/24 ,erp.internal, [fd00::7]')

  it('lets exactly what it names through', () => {
    expect(refusalOf('127.0.0.1', allow)).toBeUndefined()
    expect(refusalOf('::ffff:127.0.0.1', allow)).toBeUndefined()
    expect(refusalOf('127.0.0.2', allow)).toBe('loopback')
    expect(refusalOf('::ffff:127.0.0.2', allow)).toBeDefined()
    expect(refusalOf('10.0.5.77', allow)).toBeUndefined()
    expect(refusalOf('10.0.6.1', allow)).toBe('private')
    expect(refusalOf('fd00::7', allow)).toBeUndefined()
    expect(refusalOf('fd00::8', allow)).toBe('uniqueLocal')
  })

  it('refuses an entry it cannot read rather than ignoring it', () => {
    expect(() => parseAllowList('10.0.0.0/33')).toThrow()
    expect(() => parseAllowList('http://erp.internal')).toThrow(/CROSSDOCK_EGRESS_ALLOW/)
  })

  it('checks IP literals in URLs before any socket, and only http(s)', () => {
    expect(() => assertUrlAllowed(new URL('http://127.0.0.2:8080/x'), allow)).toThrow(/loopback/)
    expect(() => assertUrlAllowed(new URL('http://[::ffff:127.0.0.2]/'), allow)).toThrow(/EGRESS|allow-lists/)
    expect(() => assertUrlAllowed(new URL('http://169.254.169.254/latest/meta-data/'), allow)).toThrow(/linkLocal/)
    expect(() => assertUrlAllowed(new URL('http://[::ffff:127.0.0.1]:80/'), allow)).not.toThrow()
    expect(() => assertUrlAllowed(new URL('file:///etc/passwd'), allow)).toThrow(/http/)
    expect(() => assertUrlAllowed(new URL('http://shop.example.com/'), allow)).not.toThrow()
  })
})

describe('name resolution', () => {
  const answers: Record<string, { address: string; family: number }[]> = {
    'erp.internal': [{ address: '10.9.9.9', family: 4 }],
    'shop.example.com': [{ address: '93.184.216.34', family: 4 }],
    'mixed.example.com': [
      { address: '10.0.0.1', family: 4 },
      { address: '93.184.216.35', family: 4 },
    ],
    'metadata.example.com': [{ address: '169.254.169.254', family: 4 }],
  }
  const policy = egressPolicy('127.0.0.1,erp.internal', async (h) => answers[h] ?? [])

  it('refuses a name that resolves only to refused addresses, keeps the allowed ones of a mixed answer', async () => {
    await expect(resolveAllowed('metadata.example.com', policy)).rejects.toMatchObject({ code: 'EGRESS_REFUSED' })
    expect(await resolveAllowed('mixed.example.com', policy)).toEqual([{ address: '93.184.216.35', family: 4 }])
    expect(await resolveAllowed('shop.example.com', policy)).toHaveLength(1)
  })

  it('trusts a host name the operator allow-listed, whatever it resolves to', async () => {
    expect(await resolveAllowed('erp.internal', policy)).toEqual([{ address: '10.9.9.9', family: 4 }])
  })

  it("hands the socket only the checked addresses, in lookup's both calling forms", async () => {
    const lookup = pinnedLookup(policy)
    const one = await new Promise((resolve, reject) =>
      lookup('mixed.example.com', {}, (err, address, family) => (err ? reject(err) : resolve([address, family]))),
    )
    expect(one).toEqual(['93.184.216.35', 4])
    const all = await new Promise((resolve, reject) =>
      lookup('mixed.example.com', { all: true }, (err, address) => (err ? reject(err) : resolve(address))),
    )
    expect(all).toEqual([{ address: '93.184.216.35', family: 4 }])
    const refused = await new Promise((resolve) => lookup('metadata.example.com', {}, (err) => resolve(err)))
    expect(refused).toMatchObject({ code: 'EGRESS_REFUSED' })
  })
})
