/**
 * The venue's requirements table (issue 19 finding 2): the venue, not the prover, chooses which
 * policy a market requires. First matching row wins; a market no row matches admits nothing; a
 * hook enforcing several policies must be told which (a coded error otherwise, at creation).
 */
import { describe, expect, it } from 'vitest';
import { isVouchError } from '../../src/errors/index.js';
import {
  createComplianceHook,
  ephemeralReceiptSigner,
  MemoryNullifierStore,
  requirementTable,
} from '../../src/hook/index.js';
import { committedDevVkey } from '../support/forge.js';
import { makeWorld, sessionPolicy, spotPolicy } from '../support/hook-world.js';

const spot = spotPolicy();
const perps = sessionPolicy();

function codeOf(f: () => unknown): string {
  try {
    f();
    return 'returned';
  } catch (err) {
    return isVouchError(err) ? err.code : `uncoded ${String(err)}`;
  }
}

describe('requirementTable', () => {
  it('applies the first row whose market pattern matches; alternatives are any-of', () => {
    const t = requirementTable(
      [
        { market: 'BTC-EUR', policies: [spot.ref] },
        { market: '*-EUR', policies: [perps.ref, spot.ref] },
        { market: '*-PERP', policies: [perps.ref] },
      ],
      [spot, perps],
    );
    expect(t.forMarket('BTC-EUR')).toEqual([spot.ref]);
    expect(t.forMarket('ETH-EUR')).toEqual([perps.ref, spot.ref]);
    expect(t.forMarket('BTC-PERP')).toEqual([perps.ref]);
    expect(t.forMarket('BTC-USD')).toBeUndefined();
    expect(t.requires(perps.ref)).toBe(true);
  });

  it('requires the only policy of a one-policy hook everywhere, and nothing of a policy no row names', () => {
    const t = requirementTable(undefined, [spot]);
    expect(t.forMarket('ANY-THING')).toEqual([spot.ref]);
    expect(requirementTable([{ market: '*-EUR', policies: [spot.ref] }], [spot, perps]).requires(perps.ref)).toBe(
      false,
    );
  });

  it('refuses, with CONFIG_INVALID, several policies and no table (the prover would pick the weakest), or a malformed row', () => {
    expect(codeOf(() => requirementTable(undefined, [spot, perps]))).toBe('CONFIG_INVALID');
    expect(codeOf(() => requirementTable([{ market: '', policies: [spot.ref] }], [spot]))).toBe('CONFIG_INVALID');
    expect(codeOf(() => requirementTable([{ market: '*', policies: [] }], [spot]))).toBe('CONFIG_INVALID');
  });
});

describe('createComplianceHook', () => {
  it('refuses to start with several policies and no requirements', async () => {
    const world = await makeWorld();
    let code = '';
    try {
      await createComplianceHook({
        policies: [spot, perps],
        registry: await world.registry(),
        store: new MemoryNullifierStore(),
        signer: await ephemeralReceiptSigner('v1'),
        verifyingKey: committedDevVkey(),
        allowDevArtifacts: true,
      });
    } catch (err) {
      code = isVouchError(err) ? err.code : 'uncoded';
    }
    expect(code).toBe('CONFIG_INVALID');
  });
});
