import { describe, expect, it } from 'vitest';
import {
  divHalfEven,
  formatDecimal,
  formatFixed,
  mulDivHalfEven,
  mulHalfEven,
  ONE,
  parseDecimal,
  roundHalfEven,
} from '../../src/reporting/ledger/index.js';

describe('fixed-point decimals (scale 18, no floats)', () => {
  it('parses and prints decimals exactly', () => {
    expect(parseDecimal('0.1')).toBe(100_000_000_000_000_000n);
    expect(parseDecimal('123.000000000000000001')).toBe(123n * ONE + 1n);
    expect(parseDecimal('-2.5')).toBe(-25n * 10n ** 17n);
    expect(formatDecimal(parseDecimal('0.1')! + parseDecimal('0.2')!)).toBe('0.3'); // 0.1 + 0.2 is exactly 0.3 here
    expect(formatDecimal(parseDecimal('1.500')!)).toBe('1.5');
    expect(formatDecimal(-1n)).toBe('-0.000000000000000001');
    expect(formatDecimal(0n)).toBe('0');
  });

  it('refuses what is not a plain decimal or has more than 18 fractional digits', () => {
    for (const bad of ['', '1e-8', '.5', '5.', '+1', '1,5', ' 1', '0x10', '1.0000000000000000001', 'NaN'])
      expect(parseDecimal(bad)).toBeUndefined();
  });

  it('rounds half to even only where asked', () => {
    expect(divHalfEven(5n, 2n)).toBe(2n); // 2.5 -> 2
    expect(divHalfEven(7n, 2n)).toBe(4n); // 3.5 -> 4
    expect(divHalfEven(-5n, 2n)).toBe(-2n);
    expect(divHalfEven(-7n, 2n)).toBe(-4n);
    expect(divHalfEven(5n, 3n)).toBe(2n); // 1.67 -> 2
    expect(formatFixed(parseDecimal('0.125')!, 2)).toBe('0.12');
    expect(formatFixed(parseDecimal('0.135')!, 2)).toBe('0.14');
    expect(formatFixed(parseDecimal('-0.125')!, 2)).toBe('-0.12');
    expect(formatFixed(parseDecimal('1234.5')!, 2)).toBe('1234.50');
    expect(formatFixed(parseDecimal('0.999')!, 0)).toBe('1');
    expect(formatDecimal(roundHalfEven(parseDecimal('2.345')!, 2))).toBe('2.34');
    expect(formatDecimal(roundHalfEven(parseDecimal('2.355')!, 2))).toBe('2.36');
  });

  it('multiplies with one half-even rounding back to 18 places', () => {
    // 0.333333333333333333² = 0.111111111111111110|888…: the 19th digit is 8, so it rounds up to …111.
    const third = parseDecimal('0.333333333333333333')!;
    expect(formatDecimal(mulHalfEven(third, third))).toBe('0.111111111111111111');
    // 0.000000000000000001 × 0.5 = 0.0000000000000000005 -> tie -> even (0)
    expect(mulHalfEven(1n, parseDecimal('0.5')!)).toBe(0n);
    // 0.000000000000000003 × 0.5 = 1.5e-18 -> 2e-18
    expect(mulHalfEven(3n, parseDecimal('0.5')!)).toBe(2n);
    // 301 × 1 / 3 = 100.333… (next digit 3: rounds down)
    expect(formatDecimal(mulDivHalfEven(parseDecimal('301')!, ONE, parseDecimal('3')!))).toBe('100.333333333333333333');
  });
});
