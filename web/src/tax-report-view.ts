/**
 * A verified tax bundle (kind "tax"; its records are the tax report's disposal, income and
 * shortfall records) shown to the auditor: the totals, every disposal present as a table, and the
 * realized gains by month (the library's exact gainsByMonth) as an inline SVG chart with the same
 * figures as a table beside it, for screen readers and for copying. Drawn from data only (text
 * nodes and attributes, never markup from the bundle), nothing fetched.
 */
import { chartValue, gainsByMonth, type MonthGains } from '../../src/reporting/tax/gains-by-month.js';
import { h } from './lib/dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const MONTH = new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' });

interface Aggregates {
  complete?: boolean;
  disposals?: { lines: number; proceeds: string; costBasis: string; gain: string };
  income?: { lines: number; net: string };
  shortfalls?: { lines: number; proceeds: string };
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

const monthName = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTH.format(new Date(Date.UTC(y, m - 1, 1)))} ${y}`;
};

/** The bar chart of gains by month: bars up for gains, down for losses, from one zero line. */
function chart(rows: readonly MonthGains[], titleId: string): SVGSVGElement {
  const W = 640;
  const H = 240;
  const pad = { top: 16, bottom: 34, left: 8, right: 8 };
  const values = rows.map((r) => chartValue(r.gain));
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const y = (v: number) => pad.top + ((max - v) / span) * (H - pad.top - pad.bottom);
  const slot = (W - pad.left - pad.right) / Math.max(rows.length, 1);
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-labelledby': titleId,
    class: 'chart',
    id: 'tax-chart',
  });
  root.append(svg('title', { id: titleId }, 'Realized gains by month of disposal'));
  rows.forEach((r, i) => {
    const v = values[i]!;
    const x = pad.left + i * slot + slot * 0.15;
    const top = y(Math.max(v, 0));
    const height = Math.max(Math.abs(y(v) - y(0)), v === 0 ? 0 : 1);
    root.append(
      svg(
        'rect',
        {
          x: x.toFixed(1),
          y: top.toFixed(1),
          width: (slot * 0.7).toFixed(1),
          height: height.toFixed(1),
          class: v < 0 ? 'bar loss' : 'bar gain',
          'data-month': r.month,
          'data-gain': r.gain,
        },
        svg('title', {}, `${monthName(r.month)}: ${r.gain} (${r.disposals} disposals)`),
      ),
      svg(
        'text',
        { x: (x + slot * 0.35).toFixed(1), y: H - pad.bottom + 16, 'text-anchor': 'middle', class: 'axis' },
        monthName(r.month).slice(0, 3),
      ),
    );
  });
  root.append(svg('line', { x1: pad.left, x2: W - pad.right, y1: y(0), y2: y(0), class: 'zero' }));
  return root;
}

function table(caption: string, head: string[], rows: string[][], id: string): HTMLTableElement {
  return h(
    'table',
    { id, class: 'numbers' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r[0]!), ...r.slice(1).map((c) => h('td', {}, c)))),
    ),
  );
}

/** Renders a verified tax bundle's records into `box` (replacing what was there). */
export function renderTaxReport(
  box: HTMLElement,
  bundle: { period: string; aggregates: unknown; records: { record: unknown }[] },
  complete: boolean,
): void {
  const records = bundle.records.map((r) => r.record as Record<string, string>);
  const year = /^[0-9]{4}$/.test(bundle.period) ? Number(bundle.period) : undefined;
  const months = gainsByMonth(records, year);
  const disposals = records.filter((r) => r.type === 'disposal');
  const a = (bundle.aggregates ?? {}) as Aggregates;
  const totals = h('dl', { id: 'tax-totals' });
  const item = (k: string, v: string) => totals.append(h('dt', {}, k), h('dd', {}, v));
  if (a.disposals) {
    item('Disposals', String(a.disposals.lines));
    item('Proceeds', a.disposals.proceeds);
    item('Cost basis', a.disposals.costBasis);
    item('Realized gain', a.disposals.gain);
  }
  if (a.income) item('Income (net)', `${a.income.net} (${a.income.lines} lines)`);
  if (a.shortfalls) item('Shortfalls', `${a.shortfalls.lines} (proceeds ${a.shortfalls.proceeds} without basis)`);
  item('Complete', a.complete === false ? 'no: some disposals had no acquisitions to match' : 'yes');

  box.replaceChildren(
    h('h3', { id: 'tax-title' }, `Tax report ${bundle.period}`),
    h(
      'p',
      {},
      complete
        ? 'Every record of the bundle is present and verified. Amounts are exact decimals in the report currency.'
        : 'A disclosure: only the records shown were disclosed (each verified against the signed commitment); the totals are the signed ones.',
    ),
    totals,
    h('h4', { id: 'tax-chart-title' }, 'Realized gains by month'),
    chart(months, 'tax-chart-label'),
    table(
      'Realized gains by month of disposal (the chart’s figures)',
      ['Month', 'Disposals', 'Proceeds', 'Cost basis', 'Gain'],
      months.map((m) => [monthName(m.month), String(m.disposals), m.proceeds, m.costBasis, m.gain]),
      'tax-months',
    ),
    table(
      `Disposals (${disposals.length})`,
      ['Disposed', 'Asset', 'Quantity', 'Acquired', 'Proceeds', 'Cost basis', 'Gain', 'Term'],
      disposals.map((d) => [
        d.disposedDate ?? '',
        d.asset ?? '',
        d.quantity ?? '',
        d.acquiredDate ?? '',
        d.proceeds ?? '',
        d.costBasis ?? '',
        d.gain ?? '',
        `${d.term ?? ''}${d.holdingClass ? ` (${d.holdingClass})` : ''}`,
      ]),
      'tax-disposals',
    ),
  );
  box.hidden = false;
}
