/**
 * Times as AWS writes them in snapshot files: ISO 8601 dates and date-times
 * (`2026-11-01T09:30:00+00:00`, `2026-12-01T16:48:54.566490Z`, `2026-11-01`).
 *
 * `Date.parse` is not enough: it rolls an impossible date over
 * (`2026-02-30` becomes March 2) and reads a time without an offset as local
 * time. AWS times are UTC, so a time without an offset is UTC here, and a
 * date that is not on the calendar is not a time at all.
 */

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (year: number, month: number) =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month - 1];

/** The number written by the digits of `s` in [from, to). */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/**
 * Epoch milliseconds of an ISO 8601 date or date-time on the calendar, or
 * null when it is not one. Hand-read after one regular expression: a
 * credential report of 200,000 rows holds over a million times.
 */
export function parseAwsTime(input: string): number | null {
  const s = input.length > 0 && (input.charCodeAt(0) <= 32 || input.charCodeAt(input.length - 1) <= 32) ? input.trim() : input;
  if (!ISO.test(s)) return null;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  let offsetMinutes = 0;
  if (s.length > 10) {
    hour = digits(s, 11, 13);
    minute = digits(s, 14, 16);
    let i = 16;
    if (s[i] === ':') {
      second = digits(s, 17, 19);
      i = 19;
      if (s[i] === '.' || s[i] === ',') {
        let end = i + 1;
        while (end < s.length && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++;
        // Milliseconds: the first three digits of any fraction (moto writes microseconds).
        millis = Math.round(digits(s, i + 1, Math.min(end, i + 4)) * 10 ** (3 - Math.min(3, end - i - 1)));
        i = end;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return null;
    const sign = s[i];
    if (sign === '+' || sign === '-') {
      const oh = digits(s, i + 1, i + 3);
      const at = s[i + 3] === ':' ? i + 4 : i + 3;
      const om = at < s.length ? digits(s, at, at + 2) : 0;
      if (oh > 23 || om > 59) return null;
      offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

export const AWS_TIME_EXPECTED = 'expected an ISO 8601 date or time on the calendar (e.g. 2026-11-01T09:30:00+00:00)';
