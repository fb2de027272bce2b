import type { XmlRpcCall } from '../multicall/XmlRpcCall.js';
import { UsageError } from './Command.js';
import { fromNotation, readExactly } from './paramNotation.js';

/** A call `watch` polls, with the label it is shown under. */
export interface WatchedCall extends XmlRpcCall {
  readonly label: string;
}

/**
 * Reads one METHOD argument of `watch`: a method name alone (`supervisor.getState`), or followed by
 * its params in parentheses as comma-separated JSON in the param notation
 * (`supervisor.getProcessInfo("web")`, `echo({"$i8": "5"}, true)`). Parentheses are used because
 * method names may hold `:`, `/` and `.` but never `(`.
 *
 * @throws UsageError For an empty name or params that are not JSON.
 */
export function parseWatchedCall(text: string): WatchedCall {
  const open = text.indexOf('(');
  if (open < 0) {
    if (text === '') throw new UsageError('empty METHOD');
    return { methodName: text, params: [], label: text };
  }
  const methodName = text.slice(0, open);
  if (methodName === '') throw new UsageError(`missing method name before "(" in ${JSON.stringify(text)}`);
  if (!text.endsWith(')')) throw new UsageError(`${JSON.stringify(text)} must end with ")"`);
  const list = `[${text.slice(open + 1, -1)}]`;
  let json: unknown;
  try {
    json = JSON.parse(list);
  } catch {
    throw new UsageError(`the params of ${JSON.stringify(text)} are not comma-separated JSON values`);
  }
  try {
    const params = readExactly(list, json, (array) =>
      (array as unknown[]).map((param, index) => fromNotation(param, `${methodName} params[${index}]`)),
    );
    return { methodName, params, label: text };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
