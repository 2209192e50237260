/** explainPolicy and explainPredicates: plain-language sentences generated from the compiled values. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainPolicy, explainPredicates, failingPredicates, compilePolicy } from '../../src/policy/index.js';
import { SLOTS } from '../../src/credentials/schema.js';
import { VouchError } from '../../src/errors/index.js';
import { docWith, POLICIES_DIR } from './fixtures.js';

const example = (name: string) => JSON.parse(readFileSync(join(POLICIES_DIR, `${name}.json`), 'utf8'));

describe('explainPolicy', () => {
  it('explains the MiCA example rule by rule', () => {
    const text = explainPolicy(example('eu-mica-retail-spot'));
    expect(text).toContain("The holder's jurisdiction is one of: Austria (AT), Belgium (BE), Bulgaria (BG)");
    expect(text).toContain('Iceland (IS), Liechtenstein (LI), Norway (NO).');
    expect(text).toContain("The holder's KYC level is at least 2 (enhanced");
    expect(text).toContain('The holder is verified to be 18 or older.');
    expect(text).toContain("The holder's last sanctions/PEP screening is on or after 2025-10-01T00:00:00Z.");
    expect(text).toContain('Markets: only *-EUR');
    expect(text).toContain('at most 200 orders and a total notional of 10000.00');
    expect(text).toContain('one proof per trade');
  });

  it('names the cap, epochs and excluded jurisdictions', () => {
    const perps = explainPolicy(example('pro-perps-notional-cap'));
    expect(perps).toContain("is at most the holder's per-trade limit");
    expect(perps).toContain('one proof per holder per venue per 3600-second epoch');
    expect(perps).toContain('investor class is one of: professional, eligible counterparty, institutional.');
    const fatf = explainPolicy(example('fatf-high-risk-exclusion'));
    expect(fatf).toContain('is none of: North Korea (KP)');
    expect(fatf).toContain('unknown (ZZ)');
    expect(explainPolicy(example('india-retail-anon-aadhaar'))).toContain(
      "The holder's KYC evidence is an Anon Aadhaar proof.",
    );
  });

  it('phrases ranges, dates, money and negated booleans', () => {
    const text = explainPolicy(
      docWith((d) => {
        d.predicates = [
          { attribute: 'tradeLimit', operator: 'notbetween', min: '0', max: '999.99' },
          { attribute: 'expiresAt', operator: 'gt', value: '2026-06-30T22:00:00-02:00' },
          { attribute: 'ageOver18', operator: 'ne', value: true },
          { attribute: 'birthYear', operator: 'lte', value: 2007 },
        ];
        delete d.trade;
        d.session = { allowed: false };
      }),
    );
    expect(text).toContain("The holder's per-trade limit is not between 0.00 and 999.99 (inclusive).");
    expect(text).toContain("The credential's expiry date is after 2026-07-01T00:00:00Z.");
    expect(text).toContain('The holder is not verified as 18 or older.');
    expect(text).toContain("The holder's year of birth is at most 2007.");
    expect(text).toContain('Markets: any market.');
    expect(text).toContain('Sessions: not allowed');
  });

  it('names countries with the reader\u2019s namer, the code kept beside the name, and English where it has none', () => {
    const namer = (alpha2: string) => ({ AT: 'Österreich', DE: 'Deutschland' })[alpha2];
    const text = explainPolicy(example('eu-mica-retail-spot'), { countryName: namer });
    expect(text).toContain('one of: Österreich (AT), Belgium (BE)');
    expect(text).toContain('Deutschland (DE)');
    expect(explainPolicy(example('fatf-high-risk-exclusion'), { countryName: () => 'X' })).toContain('unknown (ZZ)');
  });

  it('gives each predicate as a sentence in the document\u2019s order, the indices failingPredicates returns', () => {
    const doc = example('eu-mica-retail-spot');
    const sentences = explainPredicates(doc);
    expect(sentences).toHaveLength(doc.predicates.length);
    expect(sentences[1]).toBe("The holder's KYC level is at least 2 (enhanced: plus address and liveness).");
    const slots = new Array<bigint>(16).fill(0n);
    slots[SLOTS.kycLevel] = 1n; // everything else is unmet too (0)
    const failing = failingPredicates(compilePolicy(doc), slots).map((i) => sentences[i]);
    expect(failing).toContain(sentences[1]);
  });

  it('validates before explaining', () => {
    expect(() =>
      explainPolicy(
        docWith((d) => {
          d.predicates[0].attribute = 'subject';
        }),
      ),
    ).toThrow(VouchError);
    try {
      explainPolicy({});
    } catch (err) {
      expect((err as VouchError).code).toBe('POLICY_INVALID');
    }
    expect.assertions(2);
  });
});
