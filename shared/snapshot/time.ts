/**
 * Times as AWS writes them in snapshot files: ISO 8601 dates and date-times
 * (`2026-11-01T09:30:00+00:00`, `2026-12-01T16:48:54.566490Z`, `2026-11-01`).
 *
 * `Date.parse` is not enough: it rolls an impossible date over
 * (`2026-02-30` becomes March 2) and reads a time without an offset as local
 * time. AWS times are UTC, so a time without an offset is UTC here, and a
 * date that is not on the calendar is not a time at all.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Epoch milliseconds of an ISO 8601 date or date-time on the calendar, or null when it is not one. */
export function parseAwsTime(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', offset = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (offset.toUpperCase() !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

export const AWS_TIME_EXPECTED = 'expected an ISO 8601 date or time on the calendar (e.g. 2026-11-01T09:30:00+00:00)';
