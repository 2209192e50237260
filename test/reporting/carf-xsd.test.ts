/**
 * CARF XML against the CARF v1.5 schema (the reconstructed root XSD with the official OECD type
 * schemas it imports, ../shared/fixtures/carf/) with a real validator: libxml2's xmllint compiled
 * to WebAssembly (xmllint-wasm), offline. HMRC's official sample messages are the sanity check;
 * our output must validate, match their structure, and a broken output must not validate.
 */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { buildCarfXml, parseCarfUsers, type CarfUsers } from '../../src/reporting/carf/index.js';
import { JURISDICTIONS, type TransactionAggregate } from '../../src/reporting/tax/index.js';
import { report } from './tax-helpers.js';
import { CARF_USERS as USERS } from '../support/carf-users.js';

const FIXTURES = new URL('../fixtures/third-party/carf/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const ROOT_XSD = 'CARFXML_v1.5.reconstructed.xsd';

async function validate(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const r = await validateXML({
    xml: [{ fileName: 'message.xml', contents: xml }],
    schema: [{ fileName: ROOT_XSD, contents: fixture(ROOT_XSD) }],
    preload: ['isocarftypes_v1.1.xsd', 'oecdcarftypes_v5.0.xsd'].map((f) => ({ fileName: f, contents: fixture(f) })),
  });
  return { valid: r.valid, errors: r.errors.map((e) => e.message) };
}

/** The element paths of a document, in order, without attributes or text (structure only). */
function elementPaths(xml: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z_:][\w:.-]*)[^>]*?(\/?)>/g)) {
    if (m[2]!.startsWith('?')) continue;
    if (m[1] === '/') stack.pop();
    else {
      stack.push(m[2]!);
      out.push(stack.join('/'));
      if (m[3] === '/') stack.pop();
    }
  }
  return out;
}

const LEDGER = [
  '2026-01-01T00:00:00Z,alice,BTC,buy,0.5,40000,USD,10,USD,V,T1,spot',
  '2026-01-02T00:00:00Z,alice-2,BTC,buy,0.25,40000.005,USD,,,V,T2,spot',
  '2026-02-01T00:00:00Z,alice,ETH,buy,2,0.05,BTC,,,V,T3,spot',
  '2026-03-01T00:00:00Z,alice,ETH,sell,1,2500,USD,,,V,T4,spot',
  '2026-03-02T00:00:00Z,alice,BTC-PERP,credit,100,,USDT,,,V,P1,pnl',
  '2026-03-03T00:00:00Z,corp,SOL,buy,10,100,USD,,,V,T5,spot',
  '2026-03-04T00:00:00Z,corp,SOL-PERP,debit,5,,SOL,,,V,F1,funding',
];
const PRICES = [
  '2026-01-01T00:00:00Z,BTC,USD,40000',
  '2026-01-01T00:00:00Z,USDT,USD,1',
  '2026-01-01T00:00:00Z,SOL,USD,100',
];
const TIMESTAMP = new Date('2027-01-15T09:30:00Z');

async function transactions(): Promise<TransactionAggregate[]> {
  return (await report(LEDGER, { jurisdiction: JURISDICTIONS.US, method: 'FIFO' }, PRICES)).transactions;
}
const users = (): CarfUsers => parseCarfUsers(USERS);

describe('CARF XML and the CARF v1.5 schema', () => {
  it('the HMRC sample messages validate (sanity check of the schema set and the validator)', async () => {
    expect(await validate(fixture('hmrc-valid-carf.xml'))).toEqual({ valid: true, errors: [] });
    expect(await validate(fixture('hmrc-nil-report.xml'))).toEqual({ valid: true, errors: [] });
  });

  it('our message validates: individual and entity users, several assets, exchanges and transfers', async () => {
    const xml = buildCarfXml(await transactions(), users(), { year: 2026, currency: 'USD', timestamp: TIMESTAMP });
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<MessageTypeIndic>CARF701</MessageTypeIndic>');
    expect(xml).toContain('<ReceivingCountry>US</ReceivingCountry>');
    expect(xml).toContain('<Name>O’Brien &amp; Söhne &lt;Trading&gt; GmbH</Name>');
  });

  it('matches the structure of HMRC’s sample: same message header and document layout', async () => {
    const ours = elementPaths(
      buildCarfXml(await transactions(), users(), { year: 2026, currency: 'USD', timestamp: TIMESTAMP }),
    );
    const hmrc = elementPaths(fixture('hmrc-valid-carf.xml'));
    expect(ours.filter((p) => p.startsWith('CARF_OECD/MessageSpec'))).toEqual(
      hmrc.filter((p) => p.startsWith('CARF_OECD/MessageSpec')),
    );
    expect(ours.filter((p) => p.startsWith('CARF_OECD/CARFBody/RCASP'))).toEqual(
      hmrc.filter((p) => p.startsWith('CARF_OECD/CARFBody/RCASP')),
    );
    // Every element path HMRC uses for a user is one we use too.
    const hmrcUser = new Set(hmrc.filter((p) => p.includes('CryptoUsers')));
    for (const p of hmrcUser) expect(ours).toContain(p);
  });

  it('aggregates per user (across the accounts of one person) and crypto-asset, with exact units and amounts to the cent', async () => {
    const xml = buildCarfXml(await transactions(), users(), {
      year: 2026,
      currency: 'USD',
      timestamp: TIMESTAMP,
      messageRefId: 'GB2026US-TEST',
    });
    // alice + alice-2 are one user: BTC bought for fiat twice: 0.5 × 40000 = 20000 and
    // 0.25 × 40000.005 = 10000.00125 -> 30000.00125, written half-even to the cent as 30000.00; 0.75 units.
    // (the 10 USD fee is not part of the gross amount paid)
    expect(xml).toMatch(
      /<CryptoAsset>BTC<\/CryptoAsset>\s*<CryptoToCryptoOut>\s*<NumberofTransactions>1<\/NumberofTransactions>\s*<Amount currCode="USD">4000\.00<\/Amount>\s*<NumberofUnits>0\.1<\/NumberofUnits>\s*<\/CryptoToCryptoOut>\s*<CryptoFiatIn>\s*<NumberofTransactions>2<\/NumberofTransactions>\s*<Amount currCode="USD">30000\.00<\/Amount>\s*<NumberofUnits>0\.75<\/NumberofUnits>/,
    );
    // ETH: in for crypto (2 ETH, 0.1 BTC × 40000 = 4000), out for fiat (1 ETH, 2500)
    expect(xml).toMatch(
      /<CryptoAsset>ETH<\/CryptoAsset>\s*<CryptoToCryptoIn>\s*<NumberofTransactions>1<\/NumberofTransactions>\s*<Amount currCode="USD">4000\.00<\/Amount>\s*<NumberofUnits>2<\/NumberofUnits>\s*<\/CryptoToCryptoIn>\s*<CryptoFiatOut>\s*<NumberofTransactions>1<\/NumberofTransactions>\s*<Amount currCode="USD">2500\.00<\/Amount>/,
    );
    // USDT settlement of a pnl credit: a transfer in, type Other (CARF508); SOL funding paid: transfer out, Other (CARF605)
    expect(xml).toMatch(
      /<CryptoTransferIn>\s*<TransferType>CARF508<\/TransferType>\s*<NumberofTransactions>1<\/NumberofTransactions>\s*<Amount currCode="USD">100\.00<\/Amount>\s*<NumberofUnits>100<\/NumberofUnits>/,
    );
    expect(xml).toMatch(
      /<CryptoTransferOut>\s*<TransferType>CARF605<\/TransferType>\s*<NumberofTransactions>1<\/NumberofTransactions>\s*<Amount currCode="USD">500\.00<\/Amount>\s*<NumberofUnits>5<\/NumberofUnits>/,
    );
    expect(xml.match(/<CryptoUsers>/g)).toHaveLength(2);
    expect(xml).toContain('<stf:DocRefId>GB2026US-TEST-U1</stf:DocRefId>');
  });

  it('is deterministic for the same inputs and timestamp', async () => {
    const t = await transactions();
    expect(buildCarfXml(t, users(), { year: 2026, currency: 'USD', timestamp: TIMESTAMP })).toBe(
      buildCarfXml(t, users(), { year: 2026, currency: 'USD', timestamp: TIMESTAMP }),
    );
  });

  it('writes a nil report (CARF703, no body) that validates when no user has reportable transactions', async () => {
    const xml = buildCarfXml([], users(), { year: 2026, currency: 'EUR', timestamp: TIMESTAMP, testData: true });
    expect(xml).toContain('<MessageTypeIndic>CARF703</MessageTypeIndic>');
    expect(xml).not.toContain('CARFBody');
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
  });

  it('a broken message does not validate', async () => {
    const good = buildCarfXml(await transactions(), users(), { year: 2026, currency: 'USD', timestamp: TIMESTAMP });
    const broken = [
      good.replace(/\s*<stf:DocRefId>[^<]*-RCASP<\/stf:DocRefId>/, ''), // required element removed
      good.replace('currCode="USD"', 'currCode="XYZ"'), // not an ISO 4217 code
      good.replace(
        '<NumberofTransactions>1</NumberofTransactions>',
        '<NumberofTransactions>one</NumberofTransactions>',
      ),
      good
        .replace('<NumberofTransactions>', '<NumberOfTransactions>')
        .replace('</NumberofTransactions>', '</NumberOfTransactions>'), // misspelt
      good.replace('<MessageTypeIndic>CARF701', '<MessageTypeIndic>CARF799'),
      good.replace('<BirthDate>1990-01-15</BirthDate>', '<BirthDate>15.01.1990</BirthDate>'),
      // order: the CryptoToCryptoOut block moved after CryptoFiatIn
      good.replace(
        /(<CryptoToCryptoOut>[\s\S]*?<\/CryptoToCryptoOut>)(\s*)(<CryptoFiatIn>[\s\S]*?<\/CryptoFiatIn>)/,
        '$3$2$1',
      ),
    ];
    for (const xml of broken) {
      expect(xml).not.toBe(good);
      const r = await validate(xml);
      expect(r.valid, xml.slice(0, 80)).toBe(false);
      expect(r.errors.length).toBeGreaterThan(0);
    }
  });
});

describe('the CARF users file', () => {
  it('is the only identity source: an account with transactions but no entry is an error', async () => {
    const t = await transactions();
    const partial = parseCarfUsers({ ...USERS, users: { alice: USERS.users.alice } });
    expect(() => buildCarfXml(t, partial, { year: 2026, currency: 'USD', timestamp: TIMESTAMP })).toThrow(
      expect.objectContaining({ code: 'CARF_USER_MISSING', details: { accounts: ['alice-2', 'corp'] } }),
    );
  });

  it('is validated field by field; errors name the path and never the value', () => {
    const bad = (users: unknown) => () => parseCarfUsers(users);
    expect(bad({ ...USERS, users: { alice: { ...USERS.users.alice, resCountryCode: 'ZZ' } } })).toThrow(
      expect.objectContaining({ code: 'CARF_USERS_INVALID', details: { pointer: '/users/alice/resCountryCode' } }),
    );
    expect(bad({ ...USERS, users: { alice: { ...USERS.users.alice, birthDate: '1990-02-30' } } })).toThrow(
      expect.objectContaining({ code: 'CARF_USERS_INVALID', details: { pointer: '/users/alice/birthDate' } }),
    );
    expect(bad({ ...USERS, users: { x: { sameAs: 'nobody' } } })).toThrow(
      expect.objectContaining({ code: 'CARF_USERS_INVALID' }),
    );
    expect(bad({ ...USERS, rcasp: { ...USERS.rcasp, nexus: 'CARF999' } })).toThrow(
      expect.objectContaining({ code: 'CARF_USERS_INVALID' }),
    );
    try {
      parseCarfUsers({ ...USERS, users: { alice: { ...USERS.users.alice, firstName: 'Secret\u0001Name' } } });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('Secret');
      expect((err as { code: string }).code).toBe('CARF_USERS_INVALID');
    }
  });

  it('the example users file in reports/templates passes both the JSON Schema and the reader', async () => {
    const Ajv2020 = (await import('ajv/dist/2020.js')).default;
    const ajv = new Ajv2020.default({ strict: false });
    const schema = JSON.parse(
      readFileSync(new URL('../../reports/carf-users.schema.json', import.meta.url), 'utf8'),
    ) as object;
    const example = JSON.parse(
      readFileSync(new URL('../../reports/templates/users.example.json', import.meta.url), 'utf8'),
    ) as unknown;
    const check = ajv.compile(schema);
    expect(check(example), JSON.stringify(check.errors)).toBe(true);
    expect(check(USERS), JSON.stringify(check.errors)).toBe(true);
    expect(check({ ...USERS, users: { a: { type: 'individual' } } })).toBe(false);
    expect(parseCarfUsers(example).parties.size).toBe(2);
  });
});
