// The marketplaces the sandbox plays, as Amazon publishes them: ids and regions from the SP-API
// docs (marketplace-ids, sp-api-endpoints), currencies as ISO 4217 (bizon/amazon-ids, which the
// Sellers API's defaultCurrencyCode agrees with), country codes ISO 3166-1 (GB, where Amazon's label
// is UK), domains and locales as getMarketplaceParticipations names them [M-sel]. Facts:
// /work/shared/specs/amazon.md §1–2. Kept apart from the connector's own table on purpose: a
// wrong id or currency on one side must be able to fail a test.

export type SandboxRegion = 'NA' | 'EU' | 'FE'

export interface SandboxMarketplace {
  id: string
  /** Amazon's label (UK for the United Kingdom) */
  code: string
  /** ISO 3166-1 alpha-2 */
  country: string
  currency: string
  region: SandboxRegion
  domain: string
  language: string
  /** the sales channel name orders carry (Amazon.com, Amazon.de…) */
  name: string
}

// id, code, country, currency, region, domain, language
const ROWS: [string, string, string, string, SandboxRegion, string, string][] = [
  ['ATVPDKIKX0DER', 'US', 'US', 'USD', 'NA', 'amazon.com', 'en_US'],
  ['A2EUQ1WTGCTBG2', 'CA', 'CA', 'CAD', 'NA', 'amazon.ca', 'en_CA'],
  ['A1AM78C64UM0Y8', 'MX', 'MX', 'MXN', 'NA', 'amazon.com.mx', 'es_MX'],
  ['A2Q3Y263D00KWC', 'BR', 'BR', 'BRL', 'NA', 'amazon.com.br', 'pt_BR'],
  ['A1F83G8C2ARO7P', 'UK', 'GB', 'GBP', 'EU', 'amazon.co.uk', 'en_GB'],
  ['A1PA6795UKMFR9', 'DE', 'DE', 'EUR', 'EU', 'amazon.de', 'de_DE'],
  ['A13V1IB3VIYZZH', 'FR', 'FR', 'EUR', 'EU', 'amazon.fr', 'fr_FR'],
  ['APJ6JRA9NG5V4', 'IT', 'IT', 'EUR', 'EU', 'amazon.it', 'it_IT'],
  ['A1RKKUPIHCS9HS', 'ES', 'ES', 'EUR', 'EU', 'amazon.es', 'es_ES'],
  ['A1805IZSGTT6HS', 'NL', 'NL', 'EUR', 'EU', 'amazon.nl', 'nl_NL'],
  ['A28R8C7NBKEWEA', 'IE', 'IE', 'EUR', 'EU', 'amazon.ie', 'en_IE'],
  ['AMEN7PMS3EDWL', 'BE', 'BE', 'EUR', 'EU', 'amazon.com.be', 'fr_BE'],
  ['A2NODRKZP88ZB9', 'SE', 'SE', 'SEK', 'EU', 'amazon.se', 'sv_SE'],
  ['A1C3SOZRARQ6R3', 'PL', 'PL', 'PLN', 'EU', 'amazon.pl', 'pl_PL'],
  ['A33AVAJ2PDY3EV', 'TR', 'TR', 'TRY', 'EU', 'amazon.com.tr', 'tr_TR'],
  ['A2VIGQ35RCS4UG', 'AE', 'AE', 'AED', 'EU', 'amazon.ae', 'en_AE'],
  ['A17E79C6D8DWNP', 'SA', 'SA', 'SAR', 'EU', 'amazon.sa', 'ar_SA'],
  ['A21TJRUUN4KGV', 'IN', 'IN', 'INR', 'EU', 'amazon.in', 'en_IN'],
  ['AE08WJ6YKNBMC', 'ZA', 'ZA', 'ZAR', 'EU', 'amazon.co.za', 'en_ZA'],
  ['ARBP9OOSHTCHU', 'EG', 'EG', 'EGP', 'EU', 'amazon.eg', 'ar_EG'],
  ['A1VC38T7YXB528', 'JP', 'JP', 'JPY', 'FE', 'amazon.co.jp', 'ja_JP'],
  ['A39IBJ37TRP1C6', 'AU', 'AU', 'AUD', 'FE', 'amazon.com.au', 'en_AU'],
  ['A19VAU5U5O7RUS', 'SG', 'SG', 'SGD', 'FE', 'amazon.sg', 'en_SG'],
]

export const SANDBOX_MARKETPLACES: readonly SandboxMarketplace[] = ROWS.map(
  ([id, code, country, currency, region, domain, language]) => ({
    id,
    code,
    country,
    currency,
    region,
    domain,
    language,
    name: domain.replace(/^amazon/, 'Amazon'),
  }),
)

const BY_ID = new Map(SANDBOX_MARKETPLACES.map((m) => [m.id, m]))
const BY_CODE = new Map(SANDBOX_MARKETPLACES.map((m) => [m.code, m]))

export function marketplaceById(id: string): SandboxMarketplace | undefined {
  return BY_ID.get(id)
}

/** By Amazon's label (US, UK, DE…); GB is taken for UK. */
export function marketplaceByCode(code: string): SandboxMarketplace | undefined {
  return BY_CODE.get(code === 'GB' ? 'UK' : code)
}
