// ISO 4217 minor-unit exponents. Only currencies whose exponent differs from 2 are listed in
// EXCEPTIONS; every other valid code uses 2. Source: ISO 4217 amendment list (SIX), table A.1.
const EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
}

// The currencies a seller plausibly trades in; an unknown code is refused rather than assumed
// to have two decimals, because a wrong exponent silently multiplies prices by 100.
const KNOWN = new Set([
  ...Object.keys(EXCEPTIONS),
  'AED',
  'AUD',
  'BGN',
  'BRL',
  'CAD',
  'CHF',
  'CNY',
  'CZK',
  'DKK',
  'EGP',
  'EUR',
  'GBP',
  'HKD',
  'HUF',
  'IDR',
  'ILS',
  'INR',
  'MXN',
  'MYR',
  'NOK',
  'NZD',
  'PHP',
  'PLN',
  'RON',
  'RUB',
  'SAR',
  'SEK',
  'SGD',
  'THB',
  'TRY',
  'TWD',
  'UAH',
  'USD',
  'ZAR',
  'COP',
  'PEN',
  'ARS',
  'NGN',
  'KES',
  'MAD',
  'PKR',
  'QAR',
  'BDT',
  'LKR',
  'RSD',
  'ISK',
  'HRK',
])

export function isKnownCurrency(code: string): boolean {
  return KNOWN.has(code)
}

export function currencyExponent(code: string): number {
  if (!KNOWN.has(code)) throw new RangeError(`unknown ISO 4217 currency code "${code}"`)
  return EXCEPTIONS[code] ?? 2
}
