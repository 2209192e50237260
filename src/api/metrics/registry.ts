/**
 * A small Prometheus registry (text exposition format 0.0.4): counters and histograms with labels.
 * Areas add their own domain counters through the `metrics` dep, e.g.
 * `metrics.counter('vouch_hook_checks_total', 'Trade checks by decision', ['decision'])`.
 * Label values are escaped; names are validated when a metric is created (programmer misuse throws).
 */
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Request latency buckets in seconds: 5 ms to 10 s (proof verification sits around 10-50 ms). */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type Labels = Record<string, string | number>;

export interface Counter {
  inc(labels?: Labels, value?: number): void;
}

export interface Histogram {
  observe(labels: Labels, value: number): void;
}

export interface MetricsRegistry {
  counter(name: string, help: string, labelNames?: readonly string[]): Counter;
  /** A value read when scraped (pool sizes, queue lengths); registering a name again replaces its reader. */
  gauge(name: string, help: string, read: () => number): void;
  histogram(name: string, help: string, labelNames?: readonly string[], buckets?: readonly number[]): Histogram;
  /** The exposition text for GET /metrics. */
  render(): string;
}

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'histogram' | 'gauge';
  read?: () => number;
  labelNames: readonly string[];
  buckets: readonly number[];
  series: Map<string, { labels: string[]; value: number; counts: number[]; sum: number }>;
}

export function createMetricsRegistry(): MetricsRegistry {
  const families = new Map<string, Family>();

  const family = (
    name: string,
    help: string,
    type: Family['type'],
    labelNames: readonly string[],
    buckets: readonly number[],
  ): Family => {
    if (!NAME.test(name)) throw new TypeError(`invalid metric name: ${name}`);
    for (const l of labelNames) if (!LABEL.test(l) || l === 'le') throw new TypeError(`invalid label name: ${l}`);
    const existing = families.get(name);
    if (existing) {
      if (existing.type !== type || existing.labelNames.join() !== labelNames.join()) {
        throw new TypeError(`metric ${name} already registered with another type or labels`);
      }
      return existing;
    }
    const f: Family = { name, help, type, labelNames, buckets: [...buckets].sort((a, b) => a - b), series: new Map() };
    families.set(name, f);
    return f;
  };

  const series = (f: Family, labels: Labels = {}) => {
    const values = f.labelNames.map((l) => {
      const v = labels[l];
      if (v === undefined) throw new TypeError(`metric ${f.name}: missing label ${l}`);
      return String(v);
    });
    const id = JSON.stringify(values);
    let s = f.series.get(id);
    if (!s) {
      s = { labels: values, value: 0, counts: f.buckets.map(() => 0), sum: 0 };
      f.series.set(id, s);
    }
    return s;
  };

  return {
    counter(name, help, labelNames = []) {
      const f = family(name, help, 'counter', labelNames, []);
      return {
        inc(labels, value = 1) {
          if (!(value >= 0)) throw new RangeError('a counter only increases');
          series(f, labels).value += value;
        },
      };
    },
    gauge(name, help, read) {
      family(name, help, 'gauge', [], []).read = read;
    },
    histogram(name, help, labelNames = [], buckets = DEFAULT_BUCKETS) {
      const f = family(name, help, 'histogram', labelNames, buckets);
      return {
        observe(labels, value) {
          const s = series(f, labels);
          s.value += 1;
          s.sum += value;
          f.buckets.forEach((b, i) => {
            if (value <= b) s.counts[i]! += 1;
          });
        },
      };
    },
    render() {
      const out: string[] = [];
      for (const f of families.values()) {
        out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
        if (f.read) {
          out.push(`${f.name} ${f.read()}`);
          continue;
        }
        for (const s of f.series.values()) {
          const pairs = f.labelNames.map((l, i) => `${l}="${escapeLabel(s.labels[i]!)}"`);
          if (f.type === 'counter') {
            out.push(`${f.name}${braces(pairs)} ${s.value}`);
            continue;
          }
          f.buckets.forEach((b, i) => out.push(`${f.name}_bucket${braces([...pairs, `le="${b}"`])} ${s.counts[i]}`));
          out.push(`${f.name}_bucket${braces([...pairs, 'le="+Inf"'])} ${s.value}`);
          out.push(`${f.name}_sum${braces(pairs)} ${s.sum}`, `${f.name}_count${braces(pairs)} ${s.value}`);
        }
      }
      return `${out.join('\n')}\n`;
    },
  };
}

function braces(pairs: string[]): string {
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
