// Carriers as the hub names them, whatever a warehouse API calls them ("UPS", "ups", "UPSMI",
// "DHLExpress"…): one canonical name, the public tracking page, and a check of the tracking
// number's real format (length, alphabet and the carrier's own check digit), so a number that a
// warehouse or a sandbox invents can be told apart from one a carrier would print.

export type CarrierName =
  | 'UPS'
  | 'USPS'
  | 'FedEx'
  | 'DHL Express'
  | 'DHL eCommerce'
  | 'Yamato'
  | 'Sagawa'
  | 'Japan Post'
  | 'Royal Mail'
  | 'DPD'
  | 'Deutsche Post DHL'

interface CarrierSpec {
  name: CarrierName
  /** lower-case spellings seen in warehouse APIs, without spaces, dashes or underscores */
  aliases: string[]
  trackingUrl(number: string): string
  /** the number's format, including its check digit where the carrier publishes one */
  valid?(number: string): boolean
}

const enc = encodeURIComponent

function digits(text: string): number[] {
  return [...text].map((c) => Number(c))
}

/** UPS "1Z" numbers: 1Z + 6-char shipper + 2-digit service + 7-digit package + check digit. */
export function upsCheckDigit(body15: string): number {
  // letters count as (char code − 63) mod 10 (A=2 … I=0 … Z=7); odd positions once, even twice
  let sum = 0
  ;[...body15].forEach((c, i) => {
    const v = /\d/.test(c) ? Number(c) : (c.charCodeAt(0) - 63) % 10
    sum += i % 2 === 0 ? v : 2 * v
  })
  return (10 - (sum % 10)) % 10
}

/** USPS IMpb (22 digits): weights 3,1,3… from the rightmost data digit, mod 10. */
export function uspsCheckDigit(body21: string): number {
  let sum = 0
  digits(body21)
    .reverse()
    .forEach((d, i) => {
      sum += i % 2 === 0 ? 3 * d : d
    })
  return (10 - (sum % 10)) % 10
}

/** DHL Express waybill (10 digits); Yamato, Sagawa and Japan Post (12 digits, "7DR"): the data digits mod 7. */
export function mod7CheckDigit(body: string): number {
  return Number(BigInt(body) % 7n)
}

const CARRIERS: CarrierSpec[] = [
  {
    name: 'UPS',
    aliases: ['ups', 'upsground', 'upsmi', 'unitedparcelservice'],
    trackingUrl: (n) => `https://www.ups.com/track?tracknum=${enc(n)}`,
    valid: (n) => /^1Z[0-9A-Z]{16}$/.test(n) && upsCheckDigit(n.slice(2, 17)) === Number(n[17]),
  },
  {
    name: 'USPS',
    aliases: ['usps', 'unitedstatespostalservice', 'uspsfirstclass', 'uspspriority'],
    trackingUrl: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${enc(n)}`,
    valid: (n) => /^9\d{21}$/.test(n) && uspsCheckDigit(n.slice(0, 21)) === Number(n[21]),
  },
  {
    name: 'FedEx',
    aliases: ['fedex', 'fedexground', 'fedexhomedelivery', 'federalexpress'],
    trackingUrl: (n) => `https://www.fedex.com/fedextrack/?trknbr=${enc(n)}`,
    valid: (n) => /^(\d{12}|\d{15}|\d{20}|\d{22})$/.test(n),
  },
  {
    name: 'DHL Express',
    aliases: ['dhlexpress', 'dhl', 'dhlworldwide', 'dhlexpressworldwide'],
    trackingUrl: (n) =>
      `https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=${enc(n)}`,
    valid: (n) => /^\d{10}$/.test(n) && mod7CheckDigit(n.slice(0, 9)) === Number(n[9]),
  },
  {
    name: 'DHL eCommerce',
    aliases: ['dhlecommerce', 'dhlec', 'dhlglobalmail', 'dhlsmartmail'],
    trackingUrl: (n) => `https://webtrack.dhlecs.com/orders?trackingNumber=${enc(n)}`,
  },
  {
    name: 'Deutsche Post DHL',
    aliases: ['dhlparcel', 'dhlpaket', 'deutschepost', 'dhlparceluk'],
    trackingUrl: (n) => `https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=${enc(n)}`,
  },
  {
    name: 'Yamato',
    aliases: ['yamato', 'yamatotransport', 'kuronekoyamato', 'takkyubin'],
    trackingUrl: (n) => `https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number00=1&number01=${enc(n)}`,
    valid: (n) => /^\d{12}$/.test(n) && mod7CheckDigit(n.slice(0, 11)) === Number(n[11]),
  },
  {
    name: 'Sagawa',
    aliases: ['sagawa', 'sagawaexpress'],
    trackingUrl: (n) => `https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo=${enc(n)}`,
    valid: (n) => /^\d{12}$/.test(n) && mod7CheckDigit(n.slice(0, 11)) === Number(n[11]),
  },
  {
    name: 'Japan Post',
    aliases: ['japanpost', 'jppost', 'yuupack', 'jpems'],
    trackingUrl: (n) => `https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1=${enc(n)}`,
    // domestic Yu-Pack: 12 digits, mod 7 like Yamato and Sagawa; international: UPU S10 (EMS, e.g. EE123456789JP)
    valid: (n) =>
      (/^\d{12}$/.test(n) && mod7CheckDigit(n.slice(0, 11)) === Number(n[11])) || /^[A-Z]{2}\d{9}JP$/.test(n),
  },
  {
    name: 'Royal Mail',
    aliases: ['royalmail', 'rm', 'parcelforce'],
    trackingUrl: (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${enc(n)}`,
  },
  {
    name: 'DPD',
    aliases: ['dpd', 'dpdde', 'dpduk'],
    trackingUrl: (n) => `https://tracking.dpd.de/status/en_US/parcel/${enc(n)}`,
  },
]

function key(text: string): string {
  return text.toLowerCase().replace(/[\s_\-.()]/g, '')
}

const BY_ALIAS = new Map<string, CarrierSpec>()
for (const c of CARRIERS) {
  BY_ALIAS.set(key(c.name), c)
  for (const a of c.aliases) BY_ALIAS.set(a, c)
}

/** The hub's name for a carrier string from a remote; unknown carriers keep their own name. */
export function canonicalCarrier(remote: string): string {
  return BY_ALIAS.get(key(remote))?.name ?? remote.trim()
}

/** Public tracking page for a number, or undefined when the carrier is not one we know. */
export function trackingUrlFor(carrier: string, trackingNumber: string): string | undefined {
  return BY_ALIAS.get(key(carrier))?.trackingUrl(trackingNumber.trim())
}

/**
 * true / false when the carrier publishes a format we check; undefined when we cannot tell
 * (unknown carrier, or one whose numbers have no fixed shape).
 */
export function isValidTrackingNumber(carrier: string, trackingNumber: string): boolean | undefined {
  const spec = BY_ALIAS.get(key(carrier))
  if (!spec?.valid) return undefined
  return spec.valid(trackingNumber.trim().toUpperCase())
}
