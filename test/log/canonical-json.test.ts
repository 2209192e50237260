/**
 * Canonical JSON (the bytes of every log leaf and bundle record hash) against the RFC 8785 (JCS)
 * examples: property sorting by UTF-16 code units and ECMAScript number/string serialization.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, encodeEntry } from '../../src/log/index.js';

describe('canonical JSON', () => {
  it('reproduces the RFC 8785 §3.2.2 serialization example', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalJson(JSON.parse(input))).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts properties by UTF-16 code units as in the RFC 8785 §3.2.3 example', () => {
    const input = String.raw`{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}`;
    const order = [...canonicalJson(JSON.parse(input)).matchAll(/:"([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  it('encodes nested objects without whitespace, independent of insertion order', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":2,"d":1}]}');
    expect(encodeEntry('hook-decision', { z: 1, a: 2 }).body).toBe(encodeEntry('hook-decision', { a: 2, z: 1 }).body);
  });

  it('refuses values with no single JSON spelling', () => {
    for (const bad of [
      { a: undefined },
      { a: Number.POSITIVE_INFINITY },
      { a: 1n },
      { a: new Date(0) },
      { a: () => 1 },
    ]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError);
    }
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => canonicalJson(cyc)).toThrow(TypeError);
  });
});
