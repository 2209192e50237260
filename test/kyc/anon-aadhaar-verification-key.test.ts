import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  anonAadhaarVerificationKey,
  verificationKeyFromSolidity,
} from '../../src/kyc/anon-aadhaar/verification-key.js';
import { fixtureText } from './fixtures.js';

const solidity = readFileSync(
  join(dirname(createRequire(import.meta.url).resolve('@anon-aadhaar/contracts/package.json')), 'src', 'Verifier.sol'),
  'utf8',
);

describe('Anon Aadhaar verification key rebuilt from Verifier.sol', () => {
  it('equals the published reference rebuild (vkey.v2.from-Verifier.sol.json)', () => {
    const reference = JSON.parse(fixtureText('vkey.v2.from-Verifier.sol.json')) as unknown;
    expect(anonAadhaarVerificationKey()).toEqual(reference);
  });

  it('swaps G2 coordinates back from Solidity (c1, c0) order to snarkjs [c0, c1]', () => {
    const vk = verificationKeyFromSolidity(solidity);
    const constant = (name: string) => new RegExp(`uint256 constant ${name}\\s*=\\s*(\\d+);`).exec(solidity)![1];
    expect(vk.vk_beta_2[0]).toEqual([constant('betax2'), constant('betax1')]);
    expect(vk.vk_delta_2[1]).toEqual([constant('deltay2'), constant('deltay1')]);
    expect(vk.nPublic).toBe(9);
    expect(vk.IC).toHaveLength(10);
  });

  it('refuses a verifier whose IC points do not match its public-signal count', () => {
    const truncated = solidity.replace(/uint256 constant IC9x[^\n]*\n/, '');
    expect(() => verificationKeyFromSolidity(truncated)).toThrow(TypeError);
  });

  it('refuses a verifier for another curve', () => {
    const other = solidity.replace(
      /(uint256 constant r\s*=\s*)\d+/,
      '$1' + '52435875175126190479447740508185965837690552500527637822603658699938581184513',
    );
    expect(() => verificationKeyFromSolidity(other)).toThrow(/BN254/);
  });

  it('refuses a constant outside the base field', () => {
    const big = solidity.replace(
      /(uint256 constant alphax\s*=\s*)\d+/,
      '$1' + '21888242871839275222246405745257275088696311157297823662689037894645226208583',
    );
    expect(() => verificationKeyFromSolidity(big)).toThrow(/out of range/);
  });
});
