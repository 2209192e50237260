/**
 * CARF XML (OECD Crypto-Asset Reporting Framework, CARFXML v1.5, namespace urn:oecd:ties:carf:v1):
 * one message per reporting period with the RCASP and, per reportable user, one
 * RelevantTransactions block per crypto-asset holding the aggregates by transaction type
 * (number of transactions, fiat amount, units), in the element order of the schema and of
 * HMRC's sample messages (test fixtures). With no reportable user the message is a nil report
 * (CARF703, no CARFBody), like HMRC's nil sample.
 *
 * Amounts: the exact sums are rounded half-even to 2 decimals here, once ("full amounts and two
 * decimals", MonAmnt_Type). Crypto–fiat amounts are the gross fiat paid or received; crypto–crypto
 * and transfer amounts are fair market values; fees are not deducted (CARF Section II(A)(3)
 * reports gross amounts), and a fee paid in a crypto-asset is not reported as a transfer.
 * Identity data comes only from the users file (users-file.ts).
 */
import { createHash } from 'node:crypto';
import { VouchError } from '../../errors/index.js';
import { formatDecimal, formatFixed, parseDecimal, type Fixed, isCurrencyCode } from '../ledger/index.js';
import { MOVEMENT_ORDER, type TransactionAggregate, type MovementType } from '../tax/index.js';
import type { CarfAddress, CarfParty, CarfTin, CarfUsers } from './users-file.js';
import { XmlWriter } from './xml-writer.js';

export const CARF_NS = 'urn:oecd:ties:carf:v1';
export const CARF_STF_NS = 'urn:oecd:ties:carfstf:v5';
export const CARF_ISO_NS = 'urn:oecd:ties:isocarftypes:v1';

export interface CarfMessageOptions {
  /** Reporting period: the calendar year (ReportingPeriod = year-12-31). */
  year: number;
  /** ISO 4217 code of the amounts. */
  currency: string;
  /** MessageSpec/Timestamp (written in UTC without a zone suffix, as in HMRC's samples). */
  timestamp: Date;
  /** Default: `<transmitting><year><receiving>-<16 hex of a SHA-256 over the content>`. */
  messageRefId?: string;
  /** Mark documents as test data (DocTypeIndic OECD11 instead of OECD1). */
  testData?: boolean;
}

interface Agg {
  transactions: number;
  units: Fixed;
  amount: Fixed;
}

export function buildCarfXml(
  transactions: readonly TransactionAggregate[],
  users: CarfUsers,
  options: CarfMessageOptions,
): string {
  if (!isCurrencyCode(options.currency)) throw new RangeError('currency must be an ISO 4217 code');
  // user → asset → "type|transferType" → aggregate
  const byUser = new Map<string, Map<string, Map<string, Agg>>>();
  const missing = new Set<string>();
  for (const t of transactions) {
    const user = users.canonical.get(t.account);
    if (user === undefined) {
      missing.add(t.account);
      continue;
    }
    const assets = byUser.get(user) ?? new Map<string, Map<string, Agg>>();
    byUser.set(user, assets);
    const types = assets.get(t.asset) ?? new Map<string, Agg>();
    assets.set(t.asset, types);
    const key = `${t.type}|${t.transferType ?? ''}`;
    const a = types.get(key) ?? { transactions: 0, units: 0n, amount: 0n };
    a.transactions += t.transactions;
    a.units += parseDecimal(t.units)!;
    a.amount += parseDecimal(t.amount)!;
    types.set(key, a);
  }
  if (missing.size > 0) {
    const accounts = [...missing].sort();
    throw new VouchError(
      'CARF_USER_MISSING',
      `${accounts.length} account(s) with reportable transactions are not in the users file`,
      { details: { accounts } },
    );
  }

  const r = users.rcasp;
  const transmitting = r.transmittingCountry ?? r.resCountryCode[0]!;
  const receiving = r.receivingCountry ?? transmitting;
  const userIds = [...byUser.keys()].sort();
  const messageRefId = options.messageRefId ?? defaultMessageRefId(transmitting, receiving, options, transactions);
  if (messageRefId.length < 1 || messageRefId.length > 170)
    throw new RangeError('messageRefId must be 1-170 characters');
  const docType = options.testData ? 'OECD11' : 'OECD1';

  const x = new XmlWriter();
  x.open('CARF_OECD', { xmlns: CARF_NS, 'xmlns:stf': CARF_STF_NS, 'xmlns:iso': CARF_ISO_NS, version: '1.5' });
  x.open('MessageSpec')
    .leaf('SendingEntityIN', r.sendingEntityIN)
    .leaf('TransmittingCountry', transmitting)
    .leaf('ReceivingCountry', receiving)
    .leaf('MessageType', 'CARF')
    .leaf('Contact', r.contact)
    .leaf('MessageRefId', messageRefId)
    .leaf('MessageTypeIndic', userIds.length > 0 ? 'CARF701' : 'CARF703')
    .leaf('ReportingPeriod', `${String(options.year).padStart(4, '0')}-12-31`)
    .leaf('Timestamp', options.timestamp.toISOString().slice(0, 19))
    .close('MessageSpec');
  if (userIds.length > 0) {
    x.open('CARFBody');
    x.open('RCASP').open('RCASP_ID');
    party(x, r);
    x.close('RCASP_ID');
    x.leaf('Nexus', r.nexus);
    docSpec(x, docType, `${messageRefId}-RCASP`);
    x.close('RCASP');
    userIds.forEach((user, n) => {
      x.open('CryptoUsers').open('UserID');
      party(x, users.parties.get(user)!);
      x.close('UserID');
      const assets = byUser.get(user)!;
      for (const asset of [...assets.keys()].sort())
        relevantTransactions(x, asset, assets.get(asset)!, options.currency);
      docSpec(x, docType, `${messageRefId}-U${n + 1}`);
      x.close('CryptoUsers');
    });
    x.close('CARFBody');
  }
  x.close('CARF_OECD');
  return x.toString();
}

function relevantTransactions(x: XmlWriter, asset: string, types: Map<string, Agg>, currency: string): void {
  x.open('RelevantTransactions').leaf('CryptoAsset', asset);
  const keys = [...types.keys()].sort((a, b) => {
    const [ta, xa] = a.split('|') as [MovementType, string];
    const [tb, xb] = b.split('|') as [MovementType, string];
    return MOVEMENT_ORDER.indexOf(ta) - MOVEMENT_ORDER.indexOf(tb) || (xa < xb ? -1 : xa > xb ? 1 : 0);
  });
  for (const key of keys) {
    const [type, transferType] = key.split('|') as [MovementType, string];
    const a = types.get(key)!;
    x.open(type);
    if (type === 'CryptoTransferIn' || type === 'CryptoTransferOut') x.leaf('TransferType', transferType);
    x.leaf('NumberofTransactions', String(a.transactions))
      .leaf('Amount', formatFixed(a.amount, 2), { currCode: currency })
      .leaf('NumberofUnits', formatDecimal(a.units))
      .close(type);
  }
  x.close('RelevantTransactions');
}

function party(x: XmlWriter, p: CarfParty): void {
  if (p.type === 'individual') {
    x.open('Individual');
    for (const c of p.resCountryCode) x.leaf('ResCountryCode', c);
    for (const t of p.tin) tin(x, t, p.resCountryCode[0]!);
    x.open('Name')
      .leaf('FirstName', p.firstName)
      .leaf('MiddleName', p.middleName)
      .leaf('LastName', p.lastName)
      .close('Name');
    address(x, p.address);
    for (const c of p.nationality ?? []) x.leaf('Nationality', c);
    x.open('BirthInfo').leaf('BirthDate', p.birthDate);
    if (p.birthPlace) {
      x.open('BirthPlace')
        .leaf('City', p.birthPlace.city)
        .open('CountryInfo')
        .leaf('CountryCode', p.birthPlace.countryCode)
        .close('CountryInfo')
        .close('BirthPlace');
    }
    x.close('BirthInfo').close('Individual');
    return;
  }
  x.open('Entity');
  for (const c of p.resCountryCode) x.leaf('ResCountryCode', c);
  for (const t of p.tin) tin(x, t, p.resCountryCode[0]!);
  for (const i of p.in ?? []) x.leaf('IN', i.value, { issuedBy: i.issuedBy, INType: i.type });
  x.leaf('Name', p.name);
  address(x, p.address);
  x.close('Entity');
}

function tin(x: XmlWriter, t: CarfTin, residence: string): void {
  x.leaf('TIN', t.value ?? '', {
    issuedBy: t.issuedBy ?? (t.unknown ? undefined : residence),
    unknown: t.unknown === undefined ? undefined : String(t.unknown),
  });
}

function address(x: XmlWriter, a: CarfAddress): void {
  x.open('Address', { legalAddressType: a.legalAddressType })
    .leaf('CountryCode', a.countryCode)
    .open('AddressFix')
    .leaf('Street', a.street)
    .leaf('BuildingIdentifier', a.buildingIdentifier)
    .leaf('SuiteIdentifier', a.suiteIdentifier)
    .leaf('FloorIdentifier', a.floorIdentifier)
    .leaf('DistrictName', a.districtName)
    .leaf('POB', a.pob)
    .leaf('PostCode', a.postCode)
    .leaf('City', a.city)
    .leaf('CountrySubentity', a.countrySubentity)
    .close('AddressFix')
    .leaf('AdditionalAddressInfo', a.additionalInfo)
    .close('Address');
}

function docSpec(x: XmlWriter, docType: string, docRefId: string): void {
  x.open('DocSpec').leaf('stf:DocTypeIndic', docType).leaf('stf:DocRefId', docRefId).close('DocSpec');
}

function defaultMessageRefId(
  transmitting: string,
  receiving: string,
  options: CarfMessageOptions,
  transactions: readonly TransactionAggregate[],
): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify({
        year: options.year,
        currency: options.currency,
        timestamp: options.timestamp.toISOString(),
        transactions,
      }),
    )
    .digest('hex');
  return `${transmitting}${options.year}${receiving}-${digest.slice(0, 16)}`;
}
