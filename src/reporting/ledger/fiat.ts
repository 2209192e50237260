/**
 * Which ledger assets are fiat money. A fiat asset is never a tax lot (it is the measure, not the
 * thing measured), and CARF tells crypto–fiat exchanges from crypto–crypto ones by it.
 *
 * The list is the ISO 4217 code list of the OECD CARF type schema (isocarftypes_v1.1.xsd,
 * currCode_Type), less the codes that are not money a user holds: precious metals (XAU XAG XPD XPT),
 * IMF/EU units of account (XDR XBA XBB XBC XBD XSU XUA XFU) and XXX. Stablecoins (USDT, USDC…) are
 * crypto-assets under CARF, so they are not here. Symbols are matched exactly (upper case).
 */
const CURRENCY_CODES =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BYR BZD ' +
  'CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL ' +
  'GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD ' +
  'KYD KZT LAK LBP LKR LRD LSL LTL LVL LYD MAD MDL MGA MKD MMK MNT MOP MRO MRU MUR MVR MWK MXN MXV MYR MZN NAD ' +
  'NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLL SOS ' +
  'SRD SSP STD STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN USS UYI UYU UYW UZS VEF VES ' +
  'VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL';

const FIAT = new Set(CURRENCY_CODES.split(' '));

export function isFiat(asset: string): boolean {
  return FIAT.has(asset);
}

/** Codes accepted as a report currency (CARF MonAmnt_Type needs an ISO 4217 code). */
export function isCurrencyCode(code: string): boolean {
  return FIAT.has(code);
}
