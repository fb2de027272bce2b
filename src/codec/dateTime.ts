import { shownValue } from './messageParts.js';
import { trimXmlWhitespace } from './xmlText.js';

/*
 * `dateTime.iso8601` both ways. The spec's example is `19980717T14:08:55` with no zone; servers also
 * send the extended form, fractions and offsets. A value without an offset is wall-clock time in the
 * zone the caller names (UTC by default).
 */

const DATE_TIME =
  /^(\d{4})(-?)(\d{2})\2(\d{2})T(\d{2})(:?)(\d{2})\6(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const FIXED_OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Milliseconds since the epoch of a UTC wall-clock time; `Date.UTC` would read years below 100 as 19xx. */
function utcMillis(
  year: number,
  month: number,
  day: number,
  h: number,
  m: number,
  s: number,
  ms: number,
): number {
  const date = new Date(Date.UTC(2000, month - 1, day, h, m, s, ms));
  date.setUTCFullYear(year);
  return date.getTime();
}

/** Minutes east of UTC of an offset such as `+05:30` or `-0800`; `undefined` when it is none or impossible. */
function fixedOffsetMinutes(offset: string): number | undefined {
  const fixed = FIXED_OFFSET.exec(offset);
  if (fixed === null) return undefined;
  const hours = Number(fixed[2]);
  const minutes = Number(fixed[3]);
  if (hours > 23 || minutes > 59) return undefined;
  return (fixed[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Offset from UTC, in minutes, of `zone` at the instant `utc` (wall-clock minus UTC). */
function zoneOffsetMinutes(zone: string, utc: number): number {
  if (zone === 'UTC') return 0;
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== undefined) return fixed;
  if (zone === 'local') return -new Date(utc).getTimezoneOffset();
  const parts = zoneFormatter(zone).formatToParts(new Date(utc));
  const field = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  // Intl counts years by era: the year 0000 comes back as 1 BC.
  const year = parts.find((p) => p.type === 'era')?.value === 'BC' ? 1 - field('year') : field('year');
  const wall = utcMillis(
    year,
    field('month'),
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
    0,
  );
  return Math.round((wall - utc) / 60_000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Throws a `RangeError` naming the option unless `zone` is one `parseDateTime` understands. */
export function checkTimezone(zone: string): void {
  if (zone === 'UTC' || zone === 'local' || fixedOffsetMinutes(zone) !== undefined) return;
  // An out-of-range offset such as '+99:00' must not pass as a zone name either.
  if (typeof zone === 'string' && !FIXED_OFFSET.test(zone) && isZoneName(zone)) return;
  throw new RangeError(
    `\`timezone\` must be 'UTC', 'local', an offset like '+02:00' or an IANA zone name, but got ${shownValue(zone)}`,
  );
}

function isZoneName(zone: string): boolean {
  try {
    zoneFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant `text` names (XML whitespace around it ignored), or a string saying why it is not a
 * valid `dateTime.iso8601`.
 */
export function parseDateTime(text: string, zone: string): Date | string {
  const match = DATE_TIME.exec(trimXmlWhitespace(text));
  if (match === null) return 'not an ISO 8601 date-time (expected YYYYMMDDTHH:MM:SS)';
  const year = Number(match[1]);
  const month = Number(match[3]);
  const day = Number(match[4]);
  const hour = Number(match[5]);
  const minute = Number(match[7]);
  const second = Number(match[8]);
  const ms = match[9] === undefined ? 0 : Math.floor(Number(`0.${match[9]}`) * 1000);
  if (month < 1 || month > 12) return `month ${match[3]} does not exist`;
  if (day < 1 || day > daysInMonth(year, month))
    return `day ${match[4]} does not exist in ${match[1]}-${match[3]}`;
  if (hour > 23 || minute > 59 || second > 59) return 'time of day out of range';
  const wall = utcMillis(year, month, day, hour, minute, second, ms);
  const offset = match[10];
  if (offset === 'Z') return new Date(wall);
  if (offset !== undefined) {
    const minutes = fixedOffsetMinutes(offset.length === 3 ? `${offset}:00` : offset);
    if (minutes === undefined) return `time zone offset ${offset} out of range`;
    return new Date(wall - minutes * 60_000);
  }
  // Resolve a zone's offset at the guessed instant, then once more in case that crossed a DST change.
  const guess = wall - zoneOffsetMinutes(zone, wall) * 60_000;
  return new Date(wall - zoneOffsetMinutes(zone, guess) * 60_000);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Formats `date` as the spec's `YYYYMMDDTHH:MM:SS`, in UTC; `undefined` when it has no such form. */
export function formatDateTime(date: Date): string | undefined {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) return undefined;
  return `${pad(year, 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
}
