import {
  asyncScheduler,
  concat,
  map,
  mergeMap,
  type Observable,
  of,
  type SchedulerLike,
  scan,
  takeWhile,
} from 'rxjs';
import {
  type CallOutcome,
  type CallState,
  type MulticallSender,
  type PollConfig,
  poll,
  pollState,
  type XmlRpcCall,
  type XmlRpcError,
  XmlRpcTransportError,
  type XmlRpcValue,
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
  /** Each polled call's state after the latest round, with its last good value (see `shownValue`). */
  readonly calls?: readonly CallState<LabelledCall>[];
  /** When the host last gave a call a value (`Date.now()`). */
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

/** While a host is down it is asked less often: every 2, then every 4 ticks, until it answers. */
const BACKOFF_TICKS = 4;

const LIST_METHODS: XmlRpcCall = { methodName: 'system.listMethods', params: [] };

/** A round of the host's own calls, or of the probe that tells what the host is. */
type Round =
  | { readonly kind: HostKind }
  | { readonly probe: readonly CallState[] }
  | { readonly calls: readonly CallState<LabelledCall>[] };

/**
 * Polls one host every `everyMs` (up to `4 × everyMs` while it does not answer): first
 * `system.listMethods` until it is answered, to tell a supervisord (it has
 * `supervisor.getAllProcessInfo`) from another server, then one multicall per round of
 * {@link SUPERVISOR_CALLS} (for a supervisord) and `watched`. Emits the host's state after every
 * round. A round that failed as a whole (every call got the batch's own transport, parse or protocol
 * error) makes the host stale: `pollState` keeps each call's last good value, the host is stale
 * since its calls stopped being answered, and the next answered round clears it. The probe is
 * retried the same way, so a host that is down when the page opens is picked up when it comes back.
 */
export function watchHost(
  client: MulticallSender,
  watched: readonly LabelledCall[],
  everyMs: number,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<HostState> {
  const config: PollConfig = { everyMs, backoff: { maxMs: BACKOFF_TICKS * everyMs }, scheduler };
  const probe$ = poll(client, [LIST_METHODS], config).pipe(
    takeWhile(isFailedRound, true),
    pollState({ scheduler }),
  );
  const rounds$: Observable<Round> = probe$.pipe(
    mergeMap((probe): Observable<Round> => {
      const [answer] = probe;
      if (isFailedRound(probe.map(({ outcome }) => outcome)) || answer === undefined) return of({ probe });
      // A fault means no introspection: not a supervisord, which has it.
      const { outcome } = answer;
      const kind: HostKind = outcome.ok && isSupervisor(outcome.value) ? 'supervisor' : 'other';
      const calls = kind === 'supervisor' ? [...SUPERVISOR_CALLS, ...watched] : watched;
      const polled$ = calls.length === 0 ? of() : poll(client, calls, config).pipe(pollState({ scheduler }));
      return concat(of({ kind }), polled$.pipe(map((states) => ({ calls: states }))));
    }),
  );
  return rounds$.pipe(scan(nextState, { rounds: 0 }));
}

/**
 * What to show of a call: this round's value, or its last good one while the whole request failed;
 * `undefined` when the server answered with a fault, or never gave it a value.
 */
export function shownValue({ outcome, hasLastValue, lastValue }: CallState): XmlRpcValue | undefined {
  if (outcome.ok) return outcome.value;
  return hasLastValue && outcome.error.batchLevel === true ? lastValue : undefined;
}

function nextState(state: HostState, round: Round): HostState {
  if ('kind' in round) return { ...state, kind: round.kind };
  if ('probe' in round) return { ...state, ...staleness(round.probe) };
  const { calls } = round;
  const goodAt = calls.flatMap(({ lastGoodAt }) => (lastGoodAt === undefined ? [] : [lastGoodAt]));
  const updatedAt = goodAt.length === 0 ? undefined : Math.max(...goodAt);
  if (isFailedRound(calls.map(({ outcome }) => outcome))) {
    return { kind: state.kind, calls, updatedAt, rounds: state.rounds, ...staleness(calls) };
  }
  return { kind: state.kind, calls, updatedAt, rounds: state.rounds + 1 };
}

/** Since when and why a host whose latest round failed is stale: since its last call stopped being answered. */
function staleness(
  states: readonly CallState[],
): Pick<HostState, 'staleSince' | 'staleReason' | 'staleDetail'> {
  const error = (states[0]!.outcome as { readonly error: XmlRpcError }).error;
  const since = states.flatMap(({ staleSince }) => (staleSince === undefined ? [] : [staleSince]));
  return { staleSince: Math.max(...since), staleReason: shortReason(error), staleDetail: error.message };
}

/** Every call failed with the batch's own error: nothing was answered. */
function isFailedRound(outcomes: readonly CallOutcome[]): boolean {
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
