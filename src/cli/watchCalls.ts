import { type Subscription, take } from 'rxjs';
import { createXmlRpcClient } from '../client/createXmlRpcClient.js';
import type { DecodeOptions } from '../codec/codecOptions.js';
import type { MulticallResults } from '../multicall/decodeMulticallResponse.js';
import type { CallOutcome } from '../multicall/XmlRpcCall.js';
import { poll } from '../operators/poll.js';
import type { Transport } from '../transport/Transport.js';
import type { CliIo } from './Command.js';
import { createLiveView } from './liveView.js';
import type { WatchedCall } from './parseWatchedCall.js';
import { renderOutcomes } from './renderOutcomes.js';

/** What {@link watchCalls} polls, how often, and what it shows around each round's table. */
export interface WatchConfig {
  readonly transport: Transport;
  readonly calls: readonly WatchedCall[];
  readonly everyMs: number;
  /** How multicall results are read, when forced (`--bare`, `--wrapped`); default: the library's. */
  readonly multicallResults?: MulticallResults;
  /** Decoding limits of responses; default: the library's. */
  readonly decodeOptions?: DecodeOptions;
  /** The columns of sub-tables (`--columns`); default: every member. */
  readonly columns?: readonly string[];
  /** Stop after this many rounds; default: until Ctrl-C or SIGTERM. */
  readonly rounds?: number;
  /** Lines shown above the table of round `round` (from 1). */
  readonly header: (round: number) => readonly string[];
  /** Lines shown below it. */
  readonly footer?: (round: number) => readonly string[];
  /** Where rounds are shown (`stdout`), and what stops the watch (`onStopSignal`). */
  readonly io: CliIo;
}

/** How a watch ended: its last round answered, if any. */
export interface WatchEnd {
  /** Rounds answered. */
  readonly rounds: number;
  /** The outcomes of the last round answered; `undefined` when none was. */
  readonly last: readonly CallOutcome<WatchedCall>[] | undefined;
}

/**
 * Polls `calls` as one multicall per tick (`poll`) and shows each round on `io.stdout`, redrawn in
 * place on a terminal. Resolves once it stopped, with the last round: after `rounds`, or when `io`
 * says stop (the first SIGINT or SIGTERM), which unsubscribes (aborting a request in flight) so the
 * process can end on its own.
 */
export function watchCalls(config: WatchConfig): Promise<WatchEnd> {
  const { calls, header, footer = () => [], io } = config;
  const client = createXmlRpcClient({
    transport: config.transport,
    multicallResults: config.multicallResults,
    decodeOptions: config.decodeOptions,
  });
  const view = createLiveView(io.stdout);
  return new Promise<WatchEnd>((resolve) => {
    let round = 0;
    let last: readonly CallOutcome<WatchedCall>[] | undefined;
    let subscription: Subscription | undefined;
    const stop = () => {
      removeSignalHandlers();
      subscription?.unsubscribe();
      resolve({ rounds: round, last });
    };
    const removeSignalHandlers = io.onStopSignal(stop);
    subscription = poll(client, calls, { everyMs: config.everyMs })
      .pipe(take(config.rounds ?? Number.POSITIVE_INFINITY))
      .subscribe({
        next: (outcomes) => {
          round++;
          last = outcomes;
          const rows = outcomes.map((outcome) => ({ label: outcome.call.label, outcome }));
          view.show([...header(round), ...renderOutcomes(rows, config.columns), ...footer(round)]);
        },
        complete: stop,
      });
  });
}
