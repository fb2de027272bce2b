import { describe, expect, it } from 'vitest';
import { parseContentType } from '../../../src/transport/internal/parseContentType.js';

describe('parseContentType', () => {
  it('reads the media type and charset', () => {
    expect(parseContentType('text/xml')).toEqual({ mediaType: 'text/xml' });
    expect(parseContentType(' Text/XML ; Charset="ISO-8859-1" ; q=1')).toEqual({
      mediaType: 'text/xml',
      charset: 'iso-8859-1',
    });
    expect(parseContentType('text/xml; boundary=x; charset=utf-8')).toEqual({
      mediaType: 'text/xml',
      charset: 'utf-8',
    });
  });

  it('ignores absent, empty and malformed parts', () => {
    expect(parseContentType(null)).toBeUndefined();
    expect(parseContentType(undefined)).toBeUndefined();
    expect(parseContentType('')).toBeUndefined();
    expect(parseContentType(' ; charset=utf-8')).toBeUndefined();
    expect(parseContentType('text/xml; charset=; charset')).toEqual({ mediaType: 'text/xml' });
  });
});
