import { excerpt } from '../../codec/messageParts.js';
import { XmlRpcTransportError } from '../XmlRpcTransportError.js';

/** What a transport error carries besides its problem statement. */
export interface FailureDetails {
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** The response body, or its start; quoted shortened in the message. */
  readonly body?: string;
  /** The underlying error. */
  readonly cause?: unknown;
}

/** Characters of the body looked at for the excerpt: enough to survive whitespace collapsing. */
const EXCERPT_SOURCE_LENGTH = 2048;

/** Quotes the start of a body on one line: error pages are mostly indentation and line breaks. */
function bodyExcerpt(body: string): string {
  const text = body
    .slice(0, EXCERPT_SOURCE_LENGTH)
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? '(empty body)' : excerpt(text);
}

/**
 * The one shape of every transport error message: `POST <url> failed: <problem>: "<body excerpt>"`.
 * `url` must already be stripped of credentials (see `normalizeTransportOptions`).
 */
export function transportFailure(
  url: string,
  problem: string,
  details: FailureDetails = {},
): XmlRpcTransportError {
  const seen = details.body === undefined ? '' : `: ${bodyExcerpt(details.body)}`;
  return new XmlRpcTransportError(`POST ${url} failed: ${problem}${seen}`, {
    status: details.status,
    cause: details.cause,
  });
}

/** A response with a status outside 200-299: `HTTP 500 Internal Server Error: "<excerpt>"`. */
export function httpStatusFailure(
  url: string,
  status: number,
  statusText: string,
  details: Omit<FailureDetails, 'status'> = {},
): XmlRpcTransportError {
  return transportFailure(url, statusLine(status, statusText), { ...details, status });
}

/**
 * A 3xx, which transports that control redirects do not follow for a POST:
 * `HTTP 301 Moved Permanently, redirect to <Location> not followed (give that URL instead)`.
 */
export function redirectFailure(
  url: string,
  status: number,
  statusText: string,
  location: string | undefined,
): XmlRpcTransportError {
  const where = location === undefined ? 'without a Location' : `to ${location}`;
  const problem = `${statusLine(status, statusText)}, redirect ${where} not followed (give that URL instead)`;
  return transportFailure(url, problem, { status });
}

/** `HTTP 500 Internal Server Error`, or `HTTP 500` when the status text is empty. */
function statusLine(status: number, statusText: string): string {
  return statusText.trim() === '' ? `HTTP ${status}` : `HTTP ${status} ${statusText.trim()}`;
}

/** A body over `maxResponseBytes`, found from `Content-Length` (`declaredBytes`) or while reading. */
export function responseTooLargeFailure(
  url: string,
  maxResponseBytes: number,
  details: FailureDetails & { readonly declaredBytes?: number },
): XmlRpcTransportError {
  const { declaredBytes, ...rest } = details;
  const problem =
    declaredBytes === undefined
      ? `response body exceeds maxResponseBytes (${maxResponseBytes} bytes)`
      : `Content-Length ${declaredBytes} exceeds maxResponseBytes (${maxResponseBytes} bytes)`;
  return transportFailure(url, problem, rest);
}

/**
 * Wraps anything a transport's source threw (network failure, a runtime's TypeError) into an
 * `XmlRpcTransportError`; one already of that class passes through untouched.
 */
export function asTransportFailure(url: string, error: unknown): XmlRpcTransportError {
  if (error instanceof XmlRpcTransportError) return error;
  return transportFailure(url, describeError(error), { cause: error });
}

/** `fetch failed (connect ECONNREFUSED 127.0.0.1:9)`: runtimes hide the useful part in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause === undefined || cause === '' ? error.message : `${error.message} (${cause})`;
}
