import { describe, expect, it } from 'vitest';
import { FillKeyIndex } from '../../src/reporting/ledger/fill-key-index.js';

describe('duplicate index of fill keys', () => {
  it('finds exactly the keys added before, with their first line, across growth and rehashing', () => {
    const index = new FillKeyIndex();
    for (let i = 0; i < 50_000; i += 1) expect(index.add('X', `acct-${i % 97}`, `T${i}`, i + 2)).toBeUndefined();
    expect(index.size).toBe(50_000);
    expect(index.add('X', 'acct-5', 'T5', 99_999)).toBe(7);
    expect(index.add('X', 'acct-6', 'T5', 99_999)).toBeUndefined(); // another account
    expect(index.add('Y', 'acct-5', 'T5', 99_999)).toBeUndefined(); // another venue
    expect(index.add('Ünïcødé', '账户', '💱', 3)).toBeUndefined();
    expect(index.add('Ünïcødé', '账户', '💱', 4)).toBe(3);
    expect(index.size).toBe(50_003);
  });
});
