/**
 * Ledger and price-table times: Unix seconds (an integer, or with up to 3 fractional digits) or
 * ISO 8601 / RFC 3339 date-time with an explicit offset (`Z` or `±hh:mm`). A time without an
 * offset is refused: which day a trade fell on decides tax years and holding periods, so local
 * times are never guessed. Returns Unix milliseconds or undefined.
 */

const UNIX_RE = /^(\d{1,12})(?:\.(\d{1,3}))?$/;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/;

/** 9999-12-31T23:59:59Z: beyond this a "time" is a unit mistake (milliseconds given as seconds). */
const MAX_SECONDS = 253402300799;

export function parseTime(value: string | number): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0 || value > MAX_SECONDS) return undefined;
    return value * 1000;
  }
  const u = UNIX_RE.exec(value);
  if (u !== null) {
    const seconds = Number(u[1]);
    if (seconds > MAX_SECONDS) return undefined;
    return seconds * 1000 + Number((u[2] ?? '').padEnd(3, '0'));
  }
  const m = ISO_RE.exec(value);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  let offsetMin = 0;
  const z = m[8]!;
  if (z !== 'Z' && z !== 'z') {
    const oh = Number(z.slice(1, 3));
    const om = Number(z.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (z[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60_000;
  return t < 0 ? undefined : t;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
