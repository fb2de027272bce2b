import type { XmlRpcParam } from '../codec/XmlRpcValue.js';
import type { XmlRpcCall } from '../multicall/XmlRpcCall.js';
import { fromNotation, readExactly } from './paramNotation.js';
import { rawJsonMember } from './rawJsonMember.js';

/*
 * The input contract of `rxjs-xmlrpc batch`: one JSON object per line,
 * `{"id": <any JSON>, "method": "<name>", "params": [<param notation>, …]}`, where `id` is optional
 * (echoed verbatim) and `params` defaults to `[]`. Anything else on a line is a problem reported for
 * that line alone.
 */

/** A call read from one input line; `key` starts its output line (`"id":…` or `"line":…`). */
export interface LineCall extends XmlRpcCall {
  readonly key: string;
}

/** What one input line holds: a call, or why it is not one. */
export type ReadLine =
  | { readonly ok: true; readonly call: LineCall }
  | { readonly ok: false; readonly key: string; readonly problem: string };

const MEMBERS = new Set(['id', 'method', 'params']);

/**
 * Reads one input line of `batch`. The output key is the call's `id` as written (its JSON text,
 * so its type and every digit are kept), or `"line":N` when the line has no `id`; a problem's key
 * always carries the line number, after the `id` when one could be read.
 *
 * @param text The line, without its line break.
 * @param lineNumber Its number in the input, from 1.
 */
export function readCallLine(text: string, lineNumber: number): ReadLine {
  const at = `"line":${lineNumber}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, key: at, problem: `line ${lineNumber} is not JSON: ${(error as Error).message}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      ok: false,
      key: at,
      problem: `line ${lineNumber} must be an object {"id": …, "method": "…", "params": […]}`,
    };
  }
  const id = rawJsonMember(text, 'id');
  const key = id === undefined ? at : `"id":${id}`;
  const fail = (problem: string): ReadLine => ({
    ok: false,
    key: id === undefined ? at : `${key},${at}`,
    problem: `line ${lineNumber}: ${problem}`,
  });

  const call = json as Record<string, unknown>;
  const unknown = Object.keys(call).find((name) => !MEMBERS.has(name));
  if (unknown !== undefined)
    return fail(`unknown member ${JSON.stringify(unknown)} (expected id, method, params)`);
  const { method, params = [] } = call;
  if (typeof method !== 'string' || method === '') return fail('"method" must be a non-empty string');
  if (!Array.isArray(params)) return fail('"params" must be an array');
  let decoded: XmlRpcParam[];
  try {
    // From the line's text again, should a param be refused, so the message quotes it as typed.
    decoded = readExactly(text, json, (line) =>
      (((line as typeof call).params ?? []) as unknown[]).map((param, index) =>
        fromNotation(param, `params[${index}]`),
      ),
    );
  } catch (error) {
    return fail((error as Error).message);
  }
  return { ok: true, call: { methodName: method, params: decoded, key } };
}
