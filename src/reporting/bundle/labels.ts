/** Bundle labels (kind, institution, period) are short printable strings, checked in one place. */
import { VouchError } from '../../errors/index.js';

const KIND = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Printable, no control characters, at most 200 characters: identifiers and periods, not prose. */
const LABEL = /^[^\u0000-\u001f\u007f]{1,200}$/u;

export function checkBundleLabels(l: { kind: unknown; institution: unknown; period: unknown }): void {
  if (typeof l.kind !== 'string' || !KIND.test(l.kind))
    bad('kind', 'lower-case letters, digits, ".", "_", "-" (max 64)');
  if (typeof l.institution !== 'string' || !LABEL.test(l.institution)) bad('institution', '1-200 printable characters');
  if (typeof l.period !== 'string' || !LABEL.test(l.period))
    bad('period', '1-200 printable characters (e.g. 2026 or 2026-01-01/2026-12-31)');
}

function bad(field: string, what: string): never {
  throw new VouchError('INPUT_INVALID', `bundle ${field} must be ${what}`, { details: { field } });
}
