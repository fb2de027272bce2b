/**
 * The states of a process under supervisord, by name, with the code `supervisor.getProcessInfo`
 * answers as `state` (its `statename` is the name). From supervisord's `supervisor/states.py`; see
 * "Process States" in its documentation (http://supervisord.org/subprocess.html#process-states).
 *
 * @example Tell running processes from the others
 * ```ts
 * import { type ProcessInfo, ProcessState } from 'rxjs-xmlrpc/supervisor';
 *
 * const isUp = (info: ProcessInfo): boolean => info.state === ProcessState.RUNNING;
 * ```
 */
export const ProcessState = {
  /** Stopped on request, or never started. */
  STOPPED: 0,
  /** Being started, on request (until it has run for its `startsecs`). */
  STARTING: 10,
  /** Running. */
  RUNNING: 20,
  /** Exited too soon after starting; supervisord will try again. */
  BACKOFF: 30,
  /** Being stopped on request. */
  STOPPING: 40,
  /** Exited from RUNNING, expectedly or not. */
  EXITED: 100,
  /** Could not be started: supervisord gave up. */
  FATAL: 200,
  /** In a state supervisord does not know (a supervisord bug). */
  UNKNOWN: 1000,
} as const;

/** A process state's name, as `statename`: `'RUNNING'`… */
export type ProcessStateName = keyof typeof ProcessState;

/** A process state's code, as `state`: `20`… */
export type ProcessState = (typeof ProcessState)[ProcessStateName];
