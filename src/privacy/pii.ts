// Finding buyer PII in the payloads we store (webhook bodies, failed records, event bodies) and
// replacing it with a tombstone. Pure: JSON in, JSON out. Keys are compared lower-cased without
// punctuation, so `first_name`, `firstName` and `FirstName` are one key.
//
// The key lists come from the payload shapes in shared/specs:
//   Shopify REST order/customer webhooks (shopify.md §payload shapes): email, contact_email, phone,
//     customer{…}, billing_address / shipping_address{first_name, last_name, address1, address2,
//     city, province, zip, phone, company, latitude, longitude, name}, client_details.browser_ip,
//     shipping_lines[].phone; customers/redact bodies: customer{id, email, phone}.
//   Amazon Orders v0: BuyerInfo{BuyerEmail, BuyerName, BuyerTaxInfo{CompanyLegalName}},
//     ShippingAddress{Name, CompanyName, AddressLine1-3, City, County, District, StateOrRegion,
//     Municipality, PostalCode, Phone, ExtendedFields{StreetName, StreetNumber, Complement,
//     Neighborhood}}; Orders 2026-01-01: buyer{buyerName, buyerEmail, buyerCompanyName},
//     recipient{deliveryAddress{name, companyName, addressLine1-3, districtOrCounty, phone, …}}.
//   3PL (erp-3pl.md): ShipBob recipient{name, address{address1, address2, city, state, zip_code,
//     company_name}, email, phone_number}; 4PX flat name, last_name, company, address1-3,
//     doorplate, phone, email; oconsignment_desc{first_name, last_name, street, house_number,
//     company, phone, email, post_code}.
//   ERP: SAP B1 CardName, Address, AddressExtension{ShipToStreet, ShipToBuilding, …};
//     Odoo partner_id / partner_shipping_id as [id, "display name"].
// Country codes are kept everywhere (tax and history need them); everything else personal goes.

export const ERASED = '[erased]'

const norm = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '')

/** Keys whose value is personal wherever they appear. */
const PII_FIELDS = new Set([
  'email',
  'contactemail',
  'buyeremail',
  'customeremail',
  'emailaddress',
  'recipientemail',
  'phone',
  'phonenumber',
  'buyerphone',
  'mobile',
  'mobilephone',
  'telephone',
  'fax',
  'firstname',
  'lastname',
  'middlename',
  'fullname',
  'buyername',
  'customername',
  'recipientname',
  'shiptoname',
  'cardname',
  'contactname',
  'address1',
  'address2',
  'address3',
  'addressline1',
  'addressline2',
  'addressline3',
  'line1',
  'line2',
  'line3',
  'street',
  'streetname',
  'streetnumber',
  'street1',
  'street2',
  'housenumber',
  'doorplate',
  'complement',
  'neighborhood',
  'companyname',
  'buyercompanyname',
  'companylegalname',
  'shiptostreet',
  'shiptobuilding',
  'shiptoblock',
  'shiptoaddress2',
  'shiptoaddress3',
  'shiptocity',
  'shiptozipcode',
  'billtostreet',
  'billtobuilding',
  'billtoblock',
  'billtoaddress2',
  'billtoaddress3',
  'billtocity',
  'billtozipcode',
  'latitude',
  'longitude',
  'geocoordinates',
  'browserip',
  'ipaddress',
  'giftmessagetext',
  'partnerid',
  'partnershippingid',
  'partnerinvoiceid',
])

/** Keys whose whole value (an object, usually) describes a person or their address. */
const PII_CONTAINERS = new Set([
  'customer',
  'buyer',
  'buyerinfo',
  'buyertaxinfo',
  'buyertaxinformation',
  'recipient',
  'consignee',
  'oconsignmentdesc',
  'address',
  'addresses',
  'defaultaddress',
  'shippingaddress',
  'billingaddress',
  'deliveryaddress',
  'addressextension',
  'extendedfields',
  'shipto',
  'billto',
  'contact',
  'clientdetails',
])

/** Keys that are personal when the object around them is a person or an address. */
const PERSON_FIELDS = new Set([
  'name',
  'company',
  'city',
  'province',
  'state',
  'stateorregion',
  'region',
  'county',
  'district',
  'districtorcounty',
  'municipality',
  'zip',
  'zipcode',
  'postalcode',
  'postcode',
  'note',
])

/** An object with one of these keys is taken for a person or an address (4PX orders are flat). */
const PERSON_MARKERS = new Set([
  'email',
  'phone',
  'phonenumber',
  'address1',
  'addressline1',
  'line1',
  'street',
  'zip',
  'zipcode',
  'postalcode',
  'postcode',
  'firstname',
  'lastname',
])

/** Personal even as numbers (phones typed as numbers, coordinates). */
const NUMERIC_PII = new Set([
  'phone',
  'phonenumber',
  'mobile',
  'mobilephone',
  'telephone',
  'fax',
  'latitude',
  'longitude',
])

/** Kept inside personal objects: not personal on their own, and history and tax need them. */
const keep = (nk: string) =>
  nk.endsWith('country') || nk.endsWith('countrycode') || nk === 'countryname' || nk === 'countryid'

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/

export interface ScrubOptions {
  /** strings that identify the buyer (their email, name, street…); any string containing one goes */
  needles?: string[]
  /** also erase any string that looks like an email address (a whole shop's data is being erased) */
  anyEmail?: boolean
}

export interface Scrubbed<T> {
  value: T
  changed: boolean
}

function matcher(opts: ScrubOptions): (s: string) => boolean {
  const needles = (opts.needles ?? []).map((n) => n.trim().toLowerCase()).filter((n) => n.length >= 4)
  return (s) => {
    if (opts.anyEmail && EMAIL_RE.test(s)) return true
    if (needles.length === 0) return false
    const low = s.toLowerCase()
    return needles.some((n) => low.includes(n))
  }
}

/** A text column (an error message, say): the tombstone if it mentions the buyer, else as it was. */
export function scrubText(text: string | null | undefined, opts: ScrubOptions): Scrubbed<string | null> {
  if (text === null || text === undefined) return { value: null, changed: false }
  return matcher(opts)(text) ? { value: ERASED, changed: true } : { value: text, changed: false }
}

/** Replace every personal value in `json` with the tombstone; numbers, booleans and nulls stay. */
export function scrubPii<T>(json: T, opts: ScrubOptions = {}): Scrubbed<T> {
  const hit = matcher(opts)
  let changed = false
  const erase = (): string => {
    changed = true
    return ERASED
  }

  const walk = (v: unknown, personal: boolean): unknown => {
    if (typeof v === 'string') return v !== '' && v !== ERASED && (personal || hit(v)) ? erase() : v
    if (Array.isArray(v)) return v.map((x) => walk(x, personal))
    if (v === null || typeof v !== 'object') return v
    const obj = v as Record<string, unknown>
    const keys = Object.keys(obj)
    const personLike = keys.some((k) => PERSON_MARKERS.has(norm(k)))
    const out: Record<string, unknown> = {}
    let renamed = 0
    for (const k of keys) {
      const nk = norm(k)
      // a map keyed by the buyer's email would keep it in its keys
      const key = hit(k) ? `${ERASED}${renamed++ ? `#${renamed}` : ''}` : k
      if (key !== k) changed = true
      if (keep(nk)) out[key] = obj[k]
      else if (typeof obj[k] === 'number' && NUMERIC_PII.has(nk)) out[key] = erase()
      else
        out[key] = walk(
          obj[k],
          personal || PII_FIELDS.has(nk) || PII_CONTAINERS.has(nk) || (personLike && PERSON_FIELDS.has(nk)),
        )
    }
    return out
  }

  const value = walk(json, false) as T
  return { value, changed }
}
