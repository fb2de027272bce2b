import { messageOf } from '../../codec/messageParts.js';

/** Network error codes as the dashboard says them: the page shows "stale since … — connection refused". */
const CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  ETIMEDOUT: 'connection timed out',
};

/**
 * One line saying why a forwarded request got no answer: the network error's meaning when one is
 * found among the error's causes (Node's fetch hides it two levels down), otherwise the transport's
 * own message, which names the endpoint (without credentials) and the problem: an HTTP status, a
 * timeout, a body that is not XML or too large.
 */
export function upstreamProblem(error: unknown): string {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && Object.hasOwn(CODES, code)) return CODES[code]!;
  }
  return messageOf(error);
}
