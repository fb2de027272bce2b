import { type XmlRpcError, XmlRpcFault, type XmlRpcValue } from '../../index.js';

/** `HH:MM:SS` in the browser's time zone, as the stale line and the update time show. */
export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour12: false });
}

/** `H:MM:SS`, as supervisord prints uptimes. */
export function formatUptime(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/**
 * A polled value on one line: strings bare, dates in ISO 8601, binary as its size, anything else as
 * JSON (a struct as `{"statecode":1,…}`), so any server's answer can be shown.
 */
export function formatValue(value: XmlRpcValue): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, (_key, member: unknown) => {
    if (typeof member === 'bigint') return member.toString();
    if (member instanceof Uint8Array) return `<${member.length} bytes>`;
    return member;
  });
}

/** An error without its call's position in the batch, which the page shows otherwise; a fault as `fault 10: BAD_NAME`. */
export function describeError(error: XmlRpcError): string {
  if (error instanceof XmlRpcFault) return `fault ${error.faultCode}: ${error.faultString}`;
  return error.message.replace(/^\S+ \(call \d+ of \d+\): /, '');
}
