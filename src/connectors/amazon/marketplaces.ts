// The one table of Amazon marketplaces: id, country, currency, IANA time zone, SP-API region.
// Ids, regions and currencies: /work/shared/specs/amazon.md §1 (regional endpoints) and §2
// (marketplace ids; currencies from bizon/amazon-ids, agreeing with ISO 4217).
// Time zones are the zone a marketplace's business day is shown in; they are our choice (Amazon
// gives no zone per marketplace), used only to show `placedAt` in local time beside the UTC value.
// Amazon labels the United Kingdom "UK"; addresses use ISO 3166 "GB", so both are kept.

export type SpApiRegion = 'NA' | 'EU' | 'FE'

export interface Marketplace {
  id: string
  /** Amazon's label (UK for the United Kingdom) */
  code: string
  /** ISO 3166-1 alpha-2 (GB for the United Kingdom) */
  country: string
  currency: string
  timeZone: string
  region: SpApiRegion
  domain: string
  language: string
  name: string
}

const M = (
  id: string,
  code: string,
  country: string,
  currency: string,
  timeZone: string,
  region: SpApiRegion,
  domain: string,
  language: string,
): Marketplace => ({
  id,
  code,
  country,
  currency,
  timeZone,
  region,
  domain,
  language,
  name: domain.replace(/^amazon/, 'Amazon'),
})

export const MARKETPLACES: readonly Marketplace[] = [
  M('ATVPDKIKX0DER', 'US', 'US', 'USD', 'America/Los_Angeles', 'NA', 'amazon.com', 'en_US'),
  M('A2EUQ1WTGCTBG2', 'CA', 'CA', 'CAD', 'America/Toronto', 'NA', 'amazon.ca', 'en_CA'),
  M('A1AM78C64UM0Y8', 'MX', 'MX', 'MXN', 'America/Mexico_City', 'NA', 'amazon.com.mx', 'es_MX'),
  M('A2Q3Y263D00KWC', 'BR', 'BR', 'BRL', 'America/Sao_Paulo', 'NA', 'amazon.com.br', 'pt_BR'),
  M('A1F83G8C2ARO7P', 'UK', 'GB', 'GBP', 'Europe/London', 'EU', 'amazon.co.uk', 'en_GB'),
  M('A1PA6795UKMFR9', 'DE', 'DE', 'EUR', 'Europe/Berlin', 'EU', 'amazon.de', 'de_DE'),
  M('A13V1IB3VIYZZH', 'FR', 'FR', 'EUR', 'Europe/Paris', 'EU', 'amazon.fr', 'fr_FR'),
  M('APJ6JRA9NG5V4', 'IT', 'IT', 'EUR', 'Europe/Rome', 'EU', 'amazon.it', 'it_IT'),
  M('A1RKKUPIHCS9HS', 'ES', 'ES', 'EUR', 'Europe/Madrid', 'EU', 'amazon.es', 'es_ES'),
  M('A1805IZSGTT6HS', 'NL', 'NL', 'EUR', 'Europe/Amsterdam', 'EU', 'amazon.nl', 'nl_NL'),
  M('A28R8C7NBKEWEA', 'IE', 'IE', 'EUR', 'Europe/Dublin', 'EU', 'amazon.ie', 'en_IE'),
  M('AMEN7PMS3EDWL', 'BE', 'BE', 'EUR', 'Europe/Brussels', 'EU', 'amazon.com.be', 'fr_BE'),
  M('A2NODRKZP88ZB9', 'SE', 'SE', 'SEK', 'Europe/Stockholm', 'EU', 'amazon.se', 'sv_SE'),
  M('A1C3SOZRARQ6R3', 'PL', 'PL', 'PLN', 'Europe/Warsaw', 'EU', 'amazon.pl', 'pl_PL'),
  M('A33AVAJ2PDY3EV', 'TR', 'TR', 'TRY', 'Europe/Istanbul', 'EU', 'amazon.com.tr', 'tr_TR'),
  M('A2VIGQ35RCS4UG', 'AE', 'AE', 'AED', 'Asia/Dubai', 'EU', 'amazon.ae', 'en_AE'),
  M('A17E79C6D8DWNP', 'SA', 'SA', 'SAR', 'Asia/Riyadh', 'EU', 'amazon.sa', 'ar_SA'),
  M('A21TJRUUN4KGV', 'IN', 'IN', 'INR', 'Asia/Kolkata', 'EU', 'amazon.in', 'en_IN'),
  M('AE08WJ6YKNBMC', 'ZA', 'ZA', 'ZAR', 'Africa/Johannesburg', 'EU', 'amazon.co.za', 'en_ZA'),
  M('ARBP9OOSHTCHU', 'EG', 'EG', 'EGP', 'Africa/Cairo', 'EU', 'amazon.eg', 'ar_EG'),
  M('A1VC38T7YXB528', 'JP', 'JP', 'JPY', 'Asia/Tokyo', 'FE', 'amazon.co.jp', 'ja_JP'),
  M('A39IBJ37TRP1C6', 'AU', 'AU', 'AUD', 'Australia/Sydney', 'FE', 'amazon.com.au', 'en_AU'),
  M('A19VAU5U5O7RUS', 'SG', 'SG', 'SGD', 'Asia/Singapore', 'FE', 'amazon.sg', 'en_SG'),
]

const BY_ID = new Map(MARKETPLACES.map((m) => [m.id, m]))
const BY_CODE = new Map(MARKETPLACES.map((m) => [m.code, m]))

/** Production SP-API hosts per region [D:docs/sp-api-endpoints]. */
export const REGION_ENDPOINTS: Readonly<Record<SpApiRegion, string>> = {
  NA: 'https://sellingpartnerapi-na.amazon.com',
  EU: 'https://sellingpartnerapi-eu.amazon.com',
  FE: 'https://sellingpartnerapi-fe.amazon.com',
}

/** SP-API uses api.amazon.com for every region (regional LWA hosts are unverified, facts §1). */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token'

export function marketplaceById(id: string): Marketplace | undefined {
  return BY_ID.get(id)
}

/** By Amazon's code (US, UK, DE…); GB is accepted for UK. */
export function marketplaceByCode(code: string): Marketplace | undefined {
  return BY_CODE.get(code === 'GB' ? 'UK' : code)
}

/** FBA stock of a marketplace lives in one location per marketplace: FBA-US, FBA-DE, FBA-UK… */
export function fbaLocationCode(m: Marketplace): string {
  return `FBA-${m.code}`
}
