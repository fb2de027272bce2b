/** The parts of a `Content-Type` header the transports act on. */
export interface ContentType {
  /** `type/subtype`, lower-cased, such as `text/xml`. */
  readonly mediaType: string;
  /** The `charset` parameter, lower-cased and unquoted, when there is one. */
  readonly charset?: string;
}

/** The last header read and what it read as: a server sends the same one with every answer. */
let lastHeader: string | undefined;
let lastParsed: ContentType | undefined;

/**
 * Reads a `Content-Type` header value such as `text/xml; charset="ISO-8859-1"`.
 *
 * @returns `undefined` when the header is absent or empty.
 */
export function parseContentType(header: string | null | undefined): ContentType | undefined {
  if (!header) return undefined;
  if (header !== lastHeader) {
    lastParsed = parse(header);
    lastHeader = header;
  }
  return lastParsed;
}

function parse(header: string): ContentType | undefined {
  const [type = '', ...parameters] = header.split(';');
  const mediaType = type.trim().toLowerCase();
  if (mediaType === '') return undefined;
  for (const parameter of parameters) {
    const separator = parameter.indexOf('=');
    if (parameter.slice(0, separator).trim().toLowerCase() !== 'charset') continue;
    const charset = parameter
      .slice(separator + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset !== '') return { mediaType, charset };
  }
  return { mediaType };
}
