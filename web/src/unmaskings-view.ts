/**
 * The auditor console's list of every identity-escrow unmasking request and its outcome, from the
 * transparency log of the service this page is served by: the log's entries up to its signed
 * checkpoint are fetched and checked here against the pinned log key (auditUnmaskings: the
 * entries must produce the signed root, so none was hidden), then paired request → result.
 */
import { auditUnmaskings } from '../../src/escrow/audit-unmaskings.js';
import type { LogEntryView } from '../../src/escrow/list-unmaskings.js';
import { api } from './lib/api.js';
import { $, h, showError } from './lib/dom.js';

/** Entries fetched at once: the log route serves one entry per request. */
const LANES = 8;

async function entries(size: number): Promise<LogEntryView[]> {
  const out: LogEntryView[] = new Array(size);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < size; i = next++) out[i] = await api<LogEntryView>(`/v1/log/entries/${i}`);
  };
  await Promise.all(Array.from({ length: Math.min(LANES, size) }, lane));
  return out;
}

const when = (unix: number) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z');

export function initUnmaskings(): void {
  $('unmask-list').addEventListener('click', async () => {
    const error = $('auditor-error');
    const status = $('unmask-status');
    const table = $<HTMLTableElement>('unmaskings');
    showError(error, undefined);
    table.hidden = true;
    status.textContent = '';
    try {
      const logKey = $<HTMLInputElement>('audit-log-key').value.trim();
      if (!logKey)
        throw Object.assign(new Error('the log verifier key is required (pin it, or use this service’s)'), {
          code: 'INPUT_INVALID',
        });
      const root = await api<{ size: number; checkpoint: string }>('/v1/log/root');
      status.textContent = `Fetching the log’s ${root.size} entries…`;
      const listing = auditUnmaskings({ entries: await entries(root.size), checkpoint: root.checkpoint, logKey });
      const body = table.tBodies[0]!;
      body.replaceChildren();
      for (const u of listing.unmaskings) {
        const result = u.results[0];
        body.append(
          h(
            'tr',
            { 'data-request': String(u.requestIndex), 'data-status': u.status },
            h('th', { scope: 'row' }, `#${u.requestIndex}`),
            h('td', {}, when(u.requestedAt)),
            h('td', {}, u.requester),
            h('td', {}, u.legalBasis),
            h('td', {}, u.decision),
            h(
              'td',
              { class: u.status === 'recovered' ? 'bad' : '' },
              result
                ? `${result.outcome} (entry #${result.index}) by members ${result.members.join(', ')}`
                : 'pending: no result in the log',
            ),
          ),
        );
      }
      for (const o of listing.orphanResults) {
        body.append(
          h(
            'tr',
            { 'data-result': String(o.index), 'data-status': 'orphan' },
            h('th', { scope: 'row' }, `#${o.index}`),
            h('td', { colspan: '5', class: 'bad' }, `a result naming no earlier request (${o.request.slice(0, 16)}…)`),
          ),
        );
      }
      table.hidden = false;
      status.textContent = `${listing.unmaskings.length} unmasking requests, ${listing.unmaskings.filter((u) => u.status === 'recovered').length} carried out: every entry of the log up to its signed checkpoint (size ${listing.size}) was checked against the log key, so this is every request.`;
    } catch (err) {
      status.textContent = '';
      showError(error, err);
    }
  });
}
