import { parseContentType } from './parseContentType.js';
import { transportFailure } from './transportFailure.js';

/** A complete 2xx response as a transport received it. */
export interface ReceivedBody {
  /** HTTP status, when the transport knows it. */
  readonly status?: number;
  /** The `Content-Type` header, when the transport sees headers. */
  readonly contentType?: string | null;
  /** The decoded body. */
  readonly body: string;
}

/** The first character after a byte-order mark and whitespace, which may precede the first `<`. */
const FIRST_VISIBLE = /[^\s\uFEFF]/;
/** The starts of an HTML document (case-insensitive). */
const HTML_START = /^<(!doctype\s+html|html[\s>])/i;
/** The starts of an XML-RPC response document. */
const XML_RPC_START = /^<(\?xml|methodResponse[\s>])/;

/**
 * Returns the body of a 2xx response when it can be an XML-RPC document, and otherwise throws an
 * `XmlRpcTransportError` quoting it: a proxy's HTML error page or a JSON API answered, not an
 * XML-RPC server, and a parse error would blame the wrong layer.
 *
 * The rules, in order:
 * 1. A JSON `Content-Type` (`application/json`, `text/json`, `…+json`) is refused whatever the body.
 * 2. An HTML document (`<!DOCTYPE html` or `<html` at the start) is refused whatever the header.
 *    A `text/html` `Content-Type` is accepted only when the body starts with `<?xml` or
 *    `<methodResponse`: old PHP servers label real XML-RPC answers `text/html`.
 * 3. The body, after an optional byte-order mark and whitespace, must start with `<`. Any other
 *    `Content-Type` (`text/xml`, `application/xml`, `text/plain`, none) is left to the decoder,
 *    which judges the document itself.
 *
 * @param url The endpoint without credentials, for the message.
 * @param received The response.
 * @throws XmlRpcTransportError With `status` and an excerpt of the body.
 */
export function acceptXmlBody(url: string, received: ReceivedBody): string {
  const { body, status } = received;
  const offset = body.search(FIRST_VISIBLE);
  const start = offset < 0 ? '' : body.slice(offset, offset + 64);
  const mediaType = parseContentType(received.contentType)?.mediaType;
  const labelled = mediaType === undefined ? '' : ` (Content-Type ${mediaType})`;
  let problem: string | undefined;
  if (mediaType === 'application/json' || mediaType === 'text/json' || mediaType?.endsWith('+json')) {
    problem = `response is JSON, not XML${labelled}`;
  } else if (HTML_START.test(start) || (mediaType === 'text/html' && !XML_RPC_START.test(start))) {
    problem = `response is an HTML page, not XML${labelled}`;
  } else if (!start.startsWith('<')) {
    problem = `response is not XML${labelled}`;
  }
  if (problem !== undefined) throw transportFailure(url, problem, { status, body });
  return body;
}
