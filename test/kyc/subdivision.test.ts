import { describe, expect, it } from 'vitest';
import { indianStateSubdivision, indianStateSuffix } from '../../src/kyc/anon-aadhaar/states.js';
import { decodeSubdivision, encodeSubdivision } from '../../src/kyc/lib/subdivision.js';
import { SLOTS, encodeAttributes } from '../../src/credentials/schema.js';

describe('subdivision slot encoding (ISO 3166-2 suffix, base 37)', () => {
  it('encodes by the documented rule and round-trips', () => {
    expect(encodeSubdivision('DL')).toBe(4 * 37 + 12);
    expect(encodeSubdivision('A')).toBe(1);
    expect(encodeSubdivision('999')).toBe(37 ** 3 - 1);
    for (const s of ['DL', 'BY', 'NY', 'A', '1', '01', '9Z', 'ZZZ'])
      expect(decodeSubdivision(encodeSubdivision(s))).toBe(s);
  });

  it('keeps "1" and "01" apart and never produces 0 (unknown)', () => {
    expect(encodeSubdivision('1')).not.toBe(encodeSubdivision('01'));
    expect(encodeSubdivision('A')).toBeGreaterThan(0);
  });

  it('fits the credential slot range', () => {
    const attributes = {
      kycLevel: 1,
      jurisdiction: 356,
      investorClass: 'none' as const,
      ageOver18: false,
      tradeLimit: '0',
      subdivision: encodeSubdivision('999'),
    };
    const slots = encodeAttributes({
      subject: 1n,
      credentialIndex: 0,
      issuedAt: 1,
      expiresAt: 2,
      evidenceKind: 'anon-aadhaar',
      attributes,
    });
    expect(slots[SLOTS.subdivision]).toBe(BigInt(37 ** 3 - 1));
  });

  it('refuses what is not an ISO 3166-2 suffix', () => {
    for (const s of ['', 'dl', 'ABCD', 'D-L']) expect(() => encodeSubdivision(s)).toThrow(RangeError);
    for (const n of [0, -1, 37 ** 3, 1.5]) expect(() => decodeSubdivision(n)).toThrow(RangeError);
  });
});

describe('Aadhaar state names', () => {
  it('map current and former spellings to ISO 3166-2:IN', () => {
    expect(indianStateSuffix('Delhi')).toBe('DL');
    expect(indianStateSuffix('Orissa')).toBe(indianStateSuffix('Odisha'));
    expect(indianStateSuffix('Jammu & Kashmir')).toBe('JK');
    expect(indianStateSuffix('  uttar   PRADESH ')).toBe('UP');
    expect(indianStateSuffix('Telangana')).toBe('TS');
    expect(indianStateSubdivision('Maharashtra')).toBe(encodeSubdivision('MH'));
  });

  it('leave an unknown name as 0 (unknown) rather than guess', () => {
    expect(indianStateSubdivision('Atlantis')).toBe(0);
    expect(indianStateSubdivision('toString')).toBe(0);
  });
});
