/**
 * Calendar days in the taxpayer's time zone. Tax years and holding periods are counted in local
 * calendar dates, not in elapsed milliseconds: a trade at 23:30 in New York on 31 December belongs
 * to that year even though it is already 1 January in UTC.
 *
 * A day is an integer count of days since 1970-01-01 in the zone. Offsets come from the runtime's
 * IANA database (Intl) and are cached per quarter hour, so converting 10^6 fill times costs a
 * few thousand Intl calls (every real zone changes offset only on a quarter-hour boundary).
 */

const DAY_MS = 86_400_000;
const BUCKET_MS = 900_000;

export class Calendar {
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat | undefined;
  private readonly offsets = new Map<number, number>();
  private readonly isoCache = new Map<number, string>();

  constructor(timeZone = 'UTC') {
    this.timeZone = timeZone;
    if (timeZone === 'UTC') {
      this.format = undefined;
      return;
    }
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`unknown time zone ${timeZone}`);
    }
  }

  /** The zone's offset from UTC at `ms`, in milliseconds. */
  offsetMs(ms: number): number {
    if (this.format === undefined) return 0;
    const bucket = Math.floor(ms / BUCKET_MS);
    let off = this.offsets.get(bucket);
    if (off === undefined) {
      const at = bucket * BUCKET_MS;
      const p: Record<string, number> = {};
      for (const part of this.format.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
      off = local - at;
      this.offsets.set(bucket, off);
    }
    return off;
  }

  /** Local calendar day of `ms`. */
  dayOf(ms: number): number {
    return Math.floor((ms + this.offsetMs(ms)) / DAY_MS);
  }

  /** `YYYY-MM-DD` of a day number. */
  isoDate(day: number): string {
    let s = this.isoCache.get(day);
    if (s === undefined) {
      s = new Date(day * DAY_MS).toISOString().slice(0, 10);
      this.isoCache.set(day, s);
    }
    return s;
  }
}

/**
 * The day `years` calendar years after `day`: same month and day-of-month, except that 29 February
 * becomes 28 February in a year without one (the anniversary cannot fall in March).
 */
export function addYears(day: number, years: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear() + years;
  const m = d.getUTCMonth();
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.floor(Date.UTC(y, m, Math.min(d.getUTCDate(), lastOfMonth)) / DAY_MS);
}

/** The day number of a `YYYY-MM-DD` date. */
export function dayOfIsoDate(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}
