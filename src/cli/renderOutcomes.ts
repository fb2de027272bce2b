import { isStruct, type XmlRpcStruct, type XmlRpcValue } from '../codec/XmlRpcValue.js';
import type { CallOutcome } from '../multicall/XmlRpcCall.js';
import { errorJson, oneLine } from './errorJson.js';
import { toNotation } from './paramNotation.js';

/** One row of the `watch` table: what was called, as the user wrote it, and what came back. */
export interface OutcomeRow {
  readonly label: string;
  readonly outcome: CallOutcome;
}

/** Characters that would break a table line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Lays out one round of polled results as text lines: one line per call (`label  result`), except
 * that a list of structs (`supervisor.getAllProcessInfo`) becomes an indented sub-table with a column
 * per member, or per name of `columns` when given (a name no struct has is an empty column: members
 * differ from table to table and from server version to version, and the header shows a typo). Faults and errors read `FAULT code: string` and `TRANSPORT ERROR: message`; a fault that
 * answered the whole `system.multicall` rather than the call says so.
 *
 * @example
 * ```text
 * supervisor.getState           statecode=1  statename=RUNNING
 * supervisor.getProcessInfo(…)  FAULT 10: BAD_NAME: nope
 * supervisor.getAllProcessInfo
 *   name  statename  pid
 *   web   RUNNING    4242
 * ```
 */
export function renderOutcomes(rows: readonly OutcomeRow[], columns?: readonly string[]): string[] {
  const labelWidth = Math.max(0, ...rows.map((row) => row.label.length));
  const lines: string[] = [];
  for (const { label, outcome } of rows) {
    if (outcome.ok && isListOfStructs(outcome.value)) {
      lines.push(label, ...renderTable(outcome.value, columns).map((line) => `  ${line}`));
    } else {
      lines.push(
        `${label.padEnd(labelWidth)}  ${outcome.ok ? formatValue(outcome.value) : describeError(outcome.error)}`,
      );
    }
  }
  return lines;
}

/**
 * A value in one line of text: strings bare, structs as `name=value` pairs, dates in ISO 8601, and
 * anything else in the JSON param notation.
 */
export function formatValue(value: XmlRpcValue): string {
  if (typeof value === 'string') return CONTROL.test(value) ? JSON.stringify(value) : value;
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  if (isStruct(value)) {
    return Object.entries(value)
      .map(
        ([name, member]) =>
          `${name}=${isStruct(member) ? JSON.stringify(toNotation(member)) : formatValue(member)}`,
      )
      .join('  ');
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(toNotation(value));
}

function describeError(error: Error): string {
  const { type, faultCode, batchLevel, message } = errorJson(error);
  const whole = batchLevel ? ' (to the whole system.multicall)' : '';
  const text =
    type === 'fault' ? `FAULT ${faultCode}${whole}: ${message}` : `${type.toUpperCase()} ERROR: ${message}`;
  return oneLine(text);
}

function isListOfStructs(value: XmlRpcValue): value is XmlRpcStruct[] {
  return Array.isArray(value) && value.length > 0 && value.every(isStruct);
}

/**
 * Structs as aligned columns under a header: `chosen`, or else one per member name (in order of
 * first appearance). A struct without a member has an empty cell in its column.
 */
function renderTable(structs: readonly XmlRpcStruct[], chosen: readonly string[] | undefined): string[] {
  const columns = chosen ?? [...new Set(structs.flatMap((struct) => Object.keys(struct)))];
  const cells = [
    columns,
    ...structs.map((struct) =>
      columns.map((name) => (Object.hasOwn(struct, name) ? formatValue(struct[name]!) : '')),
    ),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}
