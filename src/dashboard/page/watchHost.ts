import { concat, map, mergeMap, type Observable, of, scan, takeWhile } from 'rxjs';
import {
  type CallOutcome,
  type MulticallSender,
  poll,
  type XmlRpcCall,
  type XmlRpcError,
  XmlRpcTransportError,
} from '../../index.js';
import { describeError } from './format.js';

/** What a host is: a supervisord (process table and buttons) or any other server (watched values only). */
export type HostKind = 'supervisor' | 'other';

/** A call the page polls, with the label it is shown under. */
export interface LabelledCall extends XmlRpcCall {
  readonly label: string;
}

/** What the page shows of one host after each round. */
export interface HostState {
  /** Known once `system.listMethods` answered. */
  readonly kind?: HostKind;
  /** The outcomes of the last answered round, kept (and shown greyed) while the host is stale. */
  readonly outcomes?: readonly CallOutcome<LabelledCall>[];
  /** When the last answered round came back (`Date.now()`). */
  readonly updatedAt?: number;
  /** When the failed rounds began, while they go on. */
  readonly staleSince?: number;
  /** Why the latest round failed, in a few words, while stale. */
  readonly staleReason?: string;
  /** The failed round's whole error message, for a tooltip. */
  readonly staleDetail?: string;
  /** Rounds answered so far. */
  readonly rounds: number;
}

/**
 * supervisord's own state first, then its processes: one multicall per round. The state, a struct,
 * also lets the client's default `multicallResults: 'auto'` tell supervisord's bare answers from
 * wrapped ones (a one-process list alone would look wrapped), so no `--bare` is needed.
 */
export const SUPERVISOR_CALLS: readonly LabelledCall[] = [
  { methodName: 'supervisor.getState', params: [], label: 'supervisor.getState' },
  { methodName: 'supervisor.getAllProcessInfo', params: [], label: 'supervisor.getAllProcessInfo' },
];

const LIST_METHODS: XmlRpcCall = { methodName: 'system.listMethods', params: [] };

/** A round of the host's own calls, or of the probe that tells what the host is. */
type Round =
  | { readonly kind: HostKind; readonly outcomes?: undefined }
  | { readonly kind?: undefined; readonly outcomes: readonly CallOutcome<XmlRpcCall>[] };

/**
 * Polls one host every `everyMs`: first `system.listMethods` until it is answered, to tell a
 * supervisord (it has `supervisor.getAllProcessInfo`) from another server, then one multicall per
 * round of {@link SUPERVISOR_CALLS} (for a supervisord) and `watched`. Emits the host's state after
 * every round. A round that failed as a whole (every call got the batch's own transport, parse or
 * protocol error) makes the host stale: the last answered outcomes are kept, with when the failures
 * began and why; the next answered round clears it. The probe is retried the same way, so a host
 * that is down when the page opens is picked up when it comes back.
 */
export function watchHost(
  client: MulticallSender,
  watched: readonly LabelledCall[],
  everyMs: number,
  now: () => number = Date.now,
): Observable<HostState> {
  const probe$ = poll(client, [LIST_METHODS], { everyMs }).pipe(takeWhile(isFailedRound, true));
  const rounds$: Observable<Round> = probe$.pipe(
    mergeMap((outcomes): Observable<Round> => {
      const [answer] = outcomes;
      if (isFailedRound(outcomes) || answer === undefined) return of({ outcomes });
      // A fault means no introspection: not a supervisord, which has it.
      const kind: HostKind = answer.ok && isSupervisor(answer.value) ? 'supervisor' : 'other';
      const calls = kind === 'supervisor' ? [...SUPERVISOR_CALLS, ...watched] : watched;
      const polled$ = calls.length === 0 ? of() : poll(client, calls, { everyMs });
      return concat(of({ kind }), polled$.pipe(map((round) => ({ outcomes: round }))));
    }),
  );
  return rounds$.pipe(scan((state: HostState, round) => nextState(state, round, now()), { rounds: 0 }));
}

function nextState(state: HostState, round: Round, at: number): HostState {
  if (round.kind !== undefined) return { ...state, kind: round.kind };
  const { outcomes } = round;
  if (isFailedRound(outcomes)) {
    const error = (outcomes[0] as { readonly error: XmlRpcError }).error;
    return {
      ...state,
      staleSince: state.staleSince ?? at,
      staleReason: shortReason(error),
      staleDetail: error.message,
    };
  }
  // Only the host's own calls count as its values; the probe's answer was used up by `kind`.
  const own = outcomes as readonly CallOutcome<LabelledCall>[];
  return { kind: state.kind, outcomes: own, updatedAt: at, rounds: state.rounds + 1 };
}

/** Every call failed with the batch's own error: nothing was answered. */
function isFailedRound(outcomes: readonly CallOutcome<XmlRpcCall>[]): boolean {
  return outcomes.length > 0 && outcomes.every((outcome) => !outcome.ok && outcome.error.batchLevel === true);
}

function isSupervisor(methods: unknown): boolean {
  return Array.isArray(methods) && methods.includes('supervisor.getAllProcessInfo');
}

/**
 * The reason to show: the dashboard server answers 502 or 504 with one line of plain text
 * ("connection refused by …"), which the transport quotes at the end of its message; any other
 * error is shown as it is, without the call's position in its batch.
 */
function shortReason(error: XmlRpcError): string {
  const quoted = /: "(.*)"$/.exec(error.message);
  if (error instanceof XmlRpcTransportError && (error.status === 502 || error.status === 504) && quoted) {
    return quoted[1]!;
  }
  return describeError(error);
}
