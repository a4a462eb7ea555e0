// Carrier choice and tracking numbers in each carrier's real format, check digit included, so a
// hub that validates numbers (or a person who pastes one into a carrier's site) sees the same
// shape as in production. The check-digit rules are written out here independently of the hub's
// validators (src/mappers/warehouse/carriers.ts) on purpose: the tests compare the two.
import { randomInt } from 'node:crypto'

export type SandboxCarrier = 'UPS' | 'USPS' | 'DHL Express' | 'Yamato'

export const CARRIER_SERVICE: Record<SandboxCarrier, string> = {
  UPS: 'UPS Ground',
  USPS: 'USPS Ground Advantage',
  'DHL Express': 'DHL Express Domestic',
  Yamato: 'TA-Q-BIN',
}

const TRACKING_URL: Record<SandboxCarrier, (n: string) => string> = {
  UPS: (n) => `https://www.ups.com/track?tracknum=${n}`,
  USPS: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  'DHL Express': (n) => `https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=${n}`,
  Yamato: (n) => `https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number00=1&number01=${n}`,
}

/** The carrier a facility in this country hands parcels to, unless the facility names one. */
export function carrierForCountry(country: string): SandboxCarrier {
  switch (country) {
    case 'JP':
      return 'Yamato'
    case 'US':
      return 'UPS'
    default:
      return 'DHL Express'
  }
}

function randomDigits(n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += String(randomInt(10))
  return s
}

function mod7(numberText: string): string {
  let r = 0
  for (const ch of numberText) r = (r * 10 + Number(ch)) % 7
  return String(r)
}

/** 1Z + 6-char shipper number + 2-digit service + 7 digits + check digit (18 characters). */
function ups(shipper: string): string {
  const body = `${shipper}03${randomDigits(7)}`
  let total = 0
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!
    const value = c >= '0' && c <= '9' ? Number(c) : (c.charCodeAt(0) - 63) % 10
    total += i % 2 === 1 ? value * 2 : value
  }
  return `1Z${body}${(10 - (total % 10)) % 10}`
}

/** IMpb: 22 digits, "9400 1" channel/service prefix, mod-10 check with weights 3 and 1 from the right. */
function usps(): string {
  const body = `94001${randomDigits(16)}`
  let total = 0
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) total += Number(body[i]) * w
  return `${body}${(10 - (total % 10)) % 10}`
}

/** DHL Express waybill: 9 digits and their value mod 7. */
function dhlExpress(): string {
  const body = `${1 + randomInt(9)}${randomDigits(8)}`
  return body + mod7(body)
}

/** Yamato (ヤマト運輸) slip number: 11 digits and their value mod 7. */
function yamato(): string {
  const body = `${2 + randomInt(7)}${randomDigits(10)}`
  return body + mod7(body)
}

export function newTrackingNumber(carrier: SandboxCarrier, shipper = 'W86V41'): string {
  switch (carrier) {
    case 'UPS':
      return ups(shipper)
    case 'USPS':
      return usps()
    case 'DHL Express':
      return dhlExpress()
    case 'Yamato':
      return yamato()
  }
}

export function trackingUrl(carrier: SandboxCarrier, n: string): string {
  return TRACKING_URL[carrier](n)
}
