import { describe, expect, it } from 'vitest';
import type { DecodeOptions } from '../../src/codec/codecOptions.js';
import { encodeValue } from '../../src/codec/encodeValue.js';
import { decodeInner, encodeErrorOf, parseErrorOf } from './documents.js';

/** `<dateTime.iso8601>` both ways (src/codec/dateTime.ts). */

function dateTime(text: string, options?: DecodeOptions): Date {
  const value = decodeInner(`<dateTime.iso8601>${text}</dateTime.iso8601>`, options);
  expect(value).toBeInstanceOf(Date);
  return value as Date;
}

const iso = (text: string, options?: DecodeOptions) => dateTime(text, options).toISOString();

describe('decoding <dateTime.iso8601>', () => {
  it('reads the spec form and the extended form, as UTC by default', () => {
    expect(iso('19980717T14:08:55')).toBe('1998-07-17T14:08:55.000Z');
    expect(iso('1998-07-17T14:08:55')).toBe('1998-07-17T14:08:55.000Z');
    expect(iso('19980717T140855')).toBe('1998-07-17T14:08:55.000Z');
  });

  it('reads fractional seconds, to the millisecond', () => {
    expect(iso('19980717T14:08:55.123')).toBe('1998-07-17T14:08:55.123Z');
    expect(iso('19980717T14:08:55.5')).toBe('1998-07-17T14:08:55.500Z');
    expect(iso('19980717T14:08:55,25')).toBe('1998-07-17T14:08:55.250Z');
    expect(iso('1998-07-17T14:08:55.123456789Z')).toBe('1998-07-17T14:08:55.123Z');
  });

  it('reads every three-digit fraction exactly', () => {
    for (let ms = 0; ms < 1000; ms++) {
      const fraction = String(ms).padStart(3, '0');
      expect(dateTime(`20240229T23:59:59.${fraction}`).getUTCMilliseconds()).toBe(ms);
    }
  });

  it('honours Z and ±hh:mm offsets', () => {
    expect(iso('19980717T14:08:55Z')).toBe('1998-07-17T14:08:55.000Z');
    expect(iso('19980717T14:08:55+02:00')).toBe('1998-07-17T12:08:55.000Z');
    expect(iso('1998-07-17T14:08:55-05:30')).toBe('1998-07-17T19:38:55.000Z');
    expect(iso('19980717T14:08:55+0530')).toBe('1998-07-17T08:38:55.000Z');
    expect(iso('19980717T14:08:55-03')).toBe('1998-07-17T17:08:55.000Z');
    expect(iso('19980101T00:30:00+01:00')).toBe('1997-12-31T23:30:00.000Z');
  });

  it('tolerates whitespace around the value', () => {
    expect(iso(' \n\t19980717T14:08:55 \n')).toBe('1998-07-17T14:08:55.000Z');
  });

  it('reads years below 100 as such, not as 19xx', () => {
    expect(dateTime('00990101T00:00:00').getUTCFullYear()).toBe(99);
    expect(dateTime('00010203T04:05:06').toISOString()).toBe('0001-02-03T04:05:06.000Z');
    expect(dateTime('00000101T00:00:00').getUTCFullYear()).toBe(0);
    expect(iso('99991231T23:59:59')).toBe('9999-12-31T23:59:59.000Z');
  });

  it('knows leap years', () => {
    expect(iso('20240229T00:00:00')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso('20000229T00:00:00')).toBe('2000-02-29T00:00:00.000Z');
    expect(parseErrorOf(() => dateTime('20230229T00:00:00')).message).toContain('does not exist');
    expect(parseErrorOf(() => dateTime('19000229T00:00:00')).message).toContain('does not exist');
  });

  it.each([
    ['month 13', '19981317T14:08:55'],
    ['month 0', '19980017T14:08:55'],
    ['February 30', '19980230T00:00:00'],
    ['April 31', '19980431T00:00:00'],
    ['day 0', '19980700T00:00:00'],
    ['hour 24', '19980717T24:00:00'],
    ['minute 60', '19980717T14:60:00'],
    ['second 60', '19980717T14:08:60'],
    ['a two-digit year', '980717T14:08:55'],
    ['a two-digit year, extended', '98-07-17T14:08:55'],
    ['a five-digit year', '119980717T14:08:55'],
    ['one-digit month', '1998-7-17T14:08:55'],
    ['no time', '19980717'],
    ['no T', '19980717 14:08:55'],
    ['mixed date separators', '1998-0717T14:08:55'],
    ['an offset past 23 hours', '19980717T14:08:55+24:00'],
    ['an offset of 99:99', '19980717T14:08:55+99:99'],
    ['offset minutes past 59', '19980717T14:08:55+05:60'],
    ['a named zone', '19980717T14:08:55 CET'],
    ['non-ASCII digits', '\u0661\u0669\u0669\u0668\u0660\u0667\u0661\u0667T14:08:55'],
    ['empty text', ''],
    ['junk', 'yesterday'],
  ])('refuses %s with a parse error, never an Invalid Date', (_, text) => {
    const error = parseErrorOf(() => dateTime(text));
    expect(error.path).toBe('methodResponse/params/param/value/dateTime.iso8601');
  });

  it('says exactly what is impossible', () => {
    expect(parseErrorOf(() => dateTime('19981317T14:08:55')).message).toBe(
      'month 13 does not exist at methodResponse/params/param/value/dateTime.iso8601: "19981317T14:08:55"',
    );
    expect(parseErrorOf(() => dateTime('19980230T00:00:00')).message).toBe(
      'day 30 does not exist in 1998-02 at methodResponse/params/param/value/dateTime.iso8601: "19980230T00:00:00"',
    );
    expect(parseErrorOf(() => dateTime('19980717T24:00:00')).message).toBe(
      'time of day out of range at methodResponse/params/param/value/dateTime.iso8601: "19980717T24:00:00"',
    );
    expect(parseErrorOf(() => dateTime('980717T14:08:55')).message).toBe(
      'not an ISO 8601 date-time (expected YYYYMMDDTHH:MM:SS) at methodResponse/params/param/value/dateTime.iso8601: "980717T14:08:55"',
    );
  });
});

describe('the `timezone` option', () => {
  it("'local' reads an offset-less value in this machine's zone", () => {
    expect(dateTime('19980717T14:08:55', { timezone: 'local' }).getTime()).toBe(
      new Date(1998, 6, 17, 14, 8, 55).getTime(),
    );
    expect(dateTime('20240115T03:04:05', { timezone: 'local' }).getTime()).toBe(
      new Date(2024, 0, 15, 3, 4, 5).getTime(),
    );
  });

  it('a fixed offset shifts offset-less values', () => {
    expect(iso('19980717T14:08:55', { timezone: '+05:30' })).toBe('1998-07-17T08:38:55.000Z');
    expect(iso('19980717T14:08:55', { timezone: '-0800' })).toBe('1998-07-17T22:08:55.000Z');
  });

  it('an IANA zone follows its daylight saving time', () => {
    const newYork = { timezone: 'America/New_York' };
    expect(iso('20240115T12:00:00', newYork)).toBe('2024-01-15T17:00:00.000Z'); // EST, -05:00
    expect(iso('20240701T12:00:00', newYork)).toBe('2024-07-01T16:00:00.000Z'); // EDT, -04:00
    // 2024-03-10: clocks go forward at 02:00 local time.
    expect(iso('20240310T01:30:00', newYork)).toBe('2024-03-10T06:30:00.000Z');
    expect(iso('20240310T12:00:00', newYork)).toBe('2024-03-10T16:00:00.000Z');
    expect(iso('20240701T12:00:00', { timezone: 'Europe/Paris' })).toBe('2024-07-01T10:00:00.000Z');
    expect(iso('20240701T12:00:00', { timezone: 'Asia/Kolkata' })).toBe('2024-07-01T06:30:00.000Z');
  });

  it('keeps years below 100 in an IANA zone', () => {
    const newYork = { timezone: 'America/New_York' };
    expect(dateTime('00990101T12:00:00', newYork).getUTCFullYear()).toBe(99);
    const yearZero = dateTime('00000101T12:00:00', newYork);
    expect([yearZero.getUTCFullYear(), yearZero.getUTCMonth(), yearZero.getUTCDate()]).toEqual([0, 0, 1]);
  });

  it('never overrides an explicit offset', () => {
    expect(iso('19980717T14:08:55Z', { timezone: 'America/New_York' })).toBe('1998-07-17T14:08:55.000Z');
    expect(iso('19980717T14:08:55+01:00', { timezone: '+05:30' })).toBe('1998-07-17T13:08:55.000Z');
  });

  it.each(['Mars/Base', '+99:00', '+05:60', 'CEST+1', ''])(
    'refuses %j up front with a RangeError naming the option',
    (timezone) => {
      // Thrown before the document is read, so even a document without dates fails.
      expect(() => decodeInner('<int>1</int>', { timezone })).toThrow(RangeError);
      expect(() => decodeInner('<int>1</int>', { timezone })).toThrow(/`timezone`/);
    },
  );
});

describe('encoding a Date', () => {
  it('writes UTC YYYYMMDDTHH:MM:SS, dropping milliseconds', () => {
    expect(encodeValue(new Date(Date.UTC(1998, 6, 17, 14, 8, 55, 999)))).toBe(
      '<value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value>',
    );
  });

  it('pads years below 1000', () => {
    const date = new Date(Date.UTC(2000, 0, 1));
    date.setUTCFullYear(99);
    expect(encodeValue(date)).toBe('<value><dateTime.iso8601>00990101T00:00:00</dateTime.iso8601></value>');
  });

  it('refuses an invalid Date and years outside 0000-9999', () => {
    expect(encodeErrorOf(() => encodeValue([new Date(Number.NaN)], undefined, 'params[0]')).message).toBe(
      'Date is invalid or outside years 0000-9999 at params[0][0]',
    );
    expect(encodeErrorOf(() => encodeValue(new Date(Date.UTC(10000, 0, 1)))).path).toBe('value');
    expect(encodeErrorOf(() => encodeValue(new Date(Date.UTC(-1, 0, 1)))).path).toBe('value');
  });
});
