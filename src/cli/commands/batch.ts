import { createInterface } from 'node:readline';
import { defer, Subject } from 'rxjs';
import { createXmlRpcClient } from '../../client/createXmlRpcClient.js';
import type { DecodeOptions } from '../../codec/codecOptions.js';
import type { XmlRpcError } from '../../codec/XmlRpcError.js';
import type { MulticallResults } from '../../multicall/decodeMulticallResponse.js';
import type { CallOutcome } from '../../multicall/XmlRpcCall.js';
import { batchCalls } from '../../operators/batchCalls.js';
import type { Transport } from '../../transport/Transport.js';
import { integerArg } from '../argValues.js';
import { type CliIo, type CliOutput, type Command, UsageError } from '../Command.js';
import {
  CONNECTION_OPTIONS,
  CONNECTION_OPTIONS_HELP,
  CREDENTIALS_HELP,
  connectionArgs,
} from '../connectionArgs.js';
import { errorJson, isOwnFault } from '../errorJson.js';
import { MULTICALL_SHAPE_HELP, MULTICALL_SHAPE_OPTIONS, multicallShapeArg } from '../multicallShapeArgs.js';
import { toNotation } from '../paramNotation.js';
import { parseArgs } from '../parseArgs.js';
import { type LineCall, readCallLine } from '../readCallLine.js';

const OPTIONS = {
  'max-batch': { type: 'string' },
  'max-wait': { type: 'string' },
  concurrency: { type: 'string' },
  ...MULTICALL_SHAPE_OPTIONS,
  ...CONNECTION_OPTIONS,
} as const;

/** Settings of one `batch` run, from its command line. */
interface BatchSettings {
  readonly transport: Transport;
  readonly decodeOptions: DecodeOptions | undefined;
  readonly maxBatchSize: number;
  readonly maxWaitMs: number;
  readonly concurrency: number;
  /** Forced by `--bare` or `--wrapped`; otherwise the library's default. */
  readonly multicallResults: MulticallResults | undefined;
}

/** What the progress line shows. */
interface BatchStats {
  read: number;
  done: number;
  faults: number;
  errors: number;
  requests: number;
}

/** How often the progress line is redrawn, in milliseconds. */
const PROGRESS_EVERY_MS = 200;

export const batchCommand: Command = {
  name: 'batch',
  summary: 'stream JSON-lines calls from stdin through system.multicall, one result line each',
  help: `Usage: rxjs-xmlrpc batch URL [--max-batch N] [--max-wait MS] [--concurrency N] [--bare]
                         [--timeout 30s] [--auth-file FILE] < calls.jsonl

Reads one call per line from stdin, sends them in system.multicall batches and writes one JSON
line per call to stdout as the answers arrive (not in input order):

  in:  {"id": 1, "method": "supervisor.getProcessInfo", "params": ["web"]}
  out: {"id":1,"ok":true,"value":{…}}
  out: {"id":2,"ok":false,"error":{"type":"fault","faultCode":10,"message":"BAD_NAME: nope"}}

"id" is any JSON value, echoed exactly as written; without one, the output line carries
"line": N (the input line number) instead. "params" defaults to [] and uses the param notation of
"rxjs-xmlrpc call --help". Blank lines are skipped. A line that is not such a call gets its own
error line, with "type":"parse" and its "line", and the stream goes on.

Error types: fault (with faultCode; message is the fault string), transport (with the HTTP
status when there was one), protocol (a broken multicall answer), parse (a bad input line, a
param that cannot be sent, or an unreadable response). A fault with "batchLevel":true answered the
whole system.multicall request, not the call: the call itself got no answer.

A server without system.multicall gets each call as a request of its own, and a request the
server refuses as too large (HTTP 413 or a fault saying so) is split in halves.

Options:
  --max-batch N        most calls per request (default 100)
  --max-wait MS        how long a batch waits for more calls, in milliseconds (default 0:
                       only the calls already read; the last batch leaves when stdin ends)
  --concurrency N      most requests in flight (default 4)
${MULTICALL_SHAPE_HELP}
${CONNECTION_OPTIONS_HELP}

${CREDENTIALS_HELP}

Input is read only as fast as answers are written: memory stays bounded for any number of lines.
Progress (calls read, done, faults, errors, HTTP requests) is shown on stderr when it is a terminal.

Exit status: 0 when every call was answered (its own faults included), 1 when any call got a
transport, protocol or parse error or a fault to the whole multicall, 2 for bad arguments.`,

  async run(argv, io) {
    const { values, positionals } = parseArgs(argv, OPTIONS);
    if (positionals.length > 1) {
      throw new UsageError(
        `unexpected argument ${JSON.stringify(positionals[1])} (calls are read from stdin)`,
      );
    }
    const { transport, decodeOptions } = await connectionArgs(positionals[0], values, io);
    return streamCalls(
      {
        transport,
        decodeOptions,
        maxBatchSize: integerArg('max-batch', values['max-batch'], 100, 1, 1_000_000),
        maxWaitMs: integerArg('max-wait', values['max-wait'], 0, 0, 2 ** 31 - 1),
        concurrency: integerArg('concurrency', values.concurrency, 4, 1, 10_000),
        multicallResults: multicallShapeArg(values),
      },
      io,
    );
  },
};

/**
 * Runs the stream: `io.stdin` lines → calls → batches → the client → one `io.stdout` line per call.
 * Resolves with the exit status once every call read has been answered and stdin has ended.
 *
 * Batches are sent by a client, so `batch` recovers as the library does: a server without
 * `system.multicall` gets single calls, and a request refused as too large is split. Each call is
 * written out as soon as its own answer comes, single calls of a fallback included.
 *
 * Memory is bounded by flow control on both ends: reading pauses while stdout's buffer is full
 * (`write` returned false, until `drain`) or while `concurrency × maxBatchSize × 2` calls are
 * waiting for answers, which keeps `concurrency` full batches in flight and as many queued.
 */
function streamCalls(settings: BatchSettings, io: CliIo): Promise<number> {
  const { transport, decodeOptions, maxBatchSize, maxWaitMs, concurrency, multicallResults } = settings;
  const maxWaiting = concurrency * maxBatchSize * 2;
  const stats: BatchStats = { read: 0, done: 0, faults: 0, errors: 0, requests: 0 };
  const counted: Transport = (request) =>
    defer(() => {
      stats.requests++;
      return transport(request);
    });
  // The `--max-wait` window is kept here, where the end of the input is known, so the last batch
  // leaves as soon as stdin ends; the client then sends each batch as it comes (all its calls are
  // made in one tick, which is the client's default window).
  const client = createXmlRpcClient({
    transport: counted,
    concurrency,
    batch: { maxBatchSize },
    multicallResults,
    decodeOptions,
  });

  return new Promise<number>((resolve) => {
    const input = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    const calls = new Subject<LineCall>();
    let lineNumber = 0;
    let waiting = 0;
    let inputEnded = false;
    let stdoutFull = false;
    let paused = false;

    const regulate = () => {
      const pause = stdoutFull || waiting >= maxWaiting;
      if (pause === paused) return;
      paused = pause;
      if (pause) input.pause();
      else input.resume();
    };
    const write = (line: string) => {
      if (io.stdout.write(`${line}\n`) || stdoutFull) return;
      stdoutFull = true;
      io.stdout.once('drain', () => {
        stdoutFull = false;
        regulate();
      });
    };
    const progress = showProgress(stats, io.stderr);
    const finishIfDone = () => {
      if (!inputEnded || waiting > 0) return;
      progress.stop();
      resolve(stats.errors > 0 ? 1 : 0);
    };
    const answer = (outcome: CallOutcome<LineCall>) => {
      waiting--;
      stats.done++;
      write(outcomeLine(outcome, stats));
      regulate();
      finishIfDone();
    };
    const send = (call: LineCall) => {
      client.call(call.methodName, call.params).subscribe({
        next: (value) => answer({ call, ok: true, value }),
        error: (error: XmlRpcError) => answer({ call, ok: false, error }),
      });
    };

    calls.pipe(batchCalls({ maxBatchSize, maxWaitMs })).subscribe({
      next: (batch) => {
        for (const call of batch) send(call);
      },
      complete: () => {
        inputEnded = true;
        finishIfDone();
      },
    });

    if (io.stdin.isTTY && io.stderr.isTTY) {
      io.stderr.write('Reading calls from the terminal, one JSON object per line; end with Ctrl-D.\n');
    }
    input.on('line', (text) => {
      lineNumber++;
      if (text.trim() === '') return;
      stats.read++;
      const read = readCallLine(text, lineNumber);
      if (read.ok) {
        waiting++;
        calls.next(read.call);
        regulate();
      } else {
        stats.done++;
        stats.errors++;
        write(`{${read.key},"ok":false,"error":${JSON.stringify({ type: 'parse', message: read.problem })}}`);
        regulate();
      }
    });
    input.on('close', () => calls.complete());
  });
}

/** The output line for one answered call, counted in `stats`. */
function outcomeLine(outcome: CallOutcome<LineCall>, stats: BatchStats): string {
  const { key } = outcome.call;
  if (outcome.ok) return `{${key},"ok":true,"value":${JSON.stringify(toNotation(outcome.value))}}`;
  const error = errorJson(outcome.error);
  if (isOwnFault(error)) stats.faults++;
  else stats.errors++;
  return `{${key},"ok":false,"error":${JSON.stringify(error)}}`;
}

/** Redraws a one-line progress report on `stderr` while it is a terminal; `stop` prints the final one. */
function showProgress(stats: BatchStats, stderr: CliOutput): { stop(): void } {
  if (!stderr.isTTY) return { stop() {} };
  const draw = (end: string) =>
    stderr.write(
      `\r\x1b[2Kcalls read ${stats.read} · done ${stats.done} · faults ${stats.faults} · errors ${stats.errors} · ` +
        `HTTP requests ${stats.requests}${end}`,
    );
  const timer = setInterval(() => draw(''), PROGRESS_EVERY_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      draw('\n');
    },
  };
}
