import type { ProcessState, ProcessStateName } from './ProcessState.js';

/**
 * What `supervisor.getProcessInfo` answers about one process (and `supervisor.getAllProcessInfo`
 * about each). Times are UNIX timestamps in seconds, 0 when it never happened.
 */
export interface ProcessInfo {
  /** The process name. */
  readonly name: string;
  /** Its group's name (the process name, for a program of one process). */
  readonly group: string;
  /** What `supervisorctl status` shows: `pid 4242, uptime 0:01:00`, a stop time, or the spawn error. */
  readonly description: string;
  /** When it was last started. */
  readonly start: number;
  /** When it last stopped or exited. */
  readonly stop: number;
  /** supervisord's clock when it answered, to compute the uptime with `start`. */
  readonly now: number;
  /** Its state's code. */
  readonly state: ProcessState;
  /** Its state's name. */
  readonly statename: ProcessStateName;
  /** Why it could not be started, or `''`. */
  readonly spawnerr: string;
  /** Its last exit status, or 0 when it is running or never exited. */
  readonly exitstatus: number;
  /** Same as `stdout_logfile` (kept for older clients). */
  readonly logfile: string;
  /** Path of its stdout log, or `''`. */
  readonly stdout_logfile: string;
  /** Path of its stderr log, or `''`. */
  readonly stderr_logfile: string;
  /** Its UNIX process id, or 0 when it is not running. */
  readonly pid: number;
}
