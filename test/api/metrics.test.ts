import { describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../../src/api/metrics/registry.js';

describe('metrics registry', () => {
  it('renders counters with escaped labels in Prometheus text format', () => {
    const m = createMetricsRegistry();
    const c = m.counter('vouch_checks_total', 'Checks by decision\nand reason', ['decision']);
    c.inc({ decision: 'allow' });
    c.inc({ decision: 'allow' }, 2);
    c.inc({ decision: 'a\\b\n"c"' });
    expect(m.render()).toBe(
      [
        '# HELP vouch_checks_total Checks by decision\\nand reason',
        '# TYPE vouch_checks_total counter',
        'vouch_checks_total{decision="allow"} 3',
        'vouch_checks_total{decision="a\\\\b\\n\\"c\\""} 1',
        '',
      ].join('\n'),
    );
  });

  it('renders cumulative histogram buckets, sum and count', () => {
    const m = createMetricsRegistry();
    const h = m.histogram('vouch_verify_seconds', 'Verify latency', [], [0.1, 1]);
    h.observe({}, 0.05);
    h.observe({}, 0.5);
    h.observe({}, 5);
    expect(m.render()).toContain(
      [
        'vouch_verify_seconds_bucket{le="0.1"} 1',
        'vouch_verify_seconds_bucket{le="1"} 2',
        'vouch_verify_seconds_bucket{le="+Inf"} 3',
        'vouch_verify_seconds_sum 5.55',
        'vouch_verify_seconds_count 3',
      ].join('\n'),
    );
  });

  it('returns the same metric when registered twice with the same shape, and refuses a clash', () => {
    const m = createMetricsRegistry();
    m.counter('vouch_x_total', 'x', ['a']).inc({ a: '1' });
    m.counter('vouch_x_total', 'x', ['a']).inc({ a: '1' });
    expect(m.render()).toContain('vouch_x_total{a="1"} 2');
    expect(() => m.counter('vouch_x_total', 'x', ['b'])).toThrow(TypeError);
    expect(() => m.histogram('vouch_x_total', 'x', ['a'])).toThrow(TypeError);
  });

  it('refuses invalid names, missing labels and decreasing counters', () => {
    const m = createMetricsRegistry();
    expect(() => m.counter('bad-name', 'x')).toThrow(TypeError);
    expect(() => m.counter('ok_total', 'x', ['le'])).toThrow(TypeError);
    const c = m.counter('ok_total', 'x', ['a']);
    expect(() => c.inc({})).toThrow(TypeError);
    expect(() => c.inc({ a: 1 }, -1)).toThrow(RangeError);
  });
});
