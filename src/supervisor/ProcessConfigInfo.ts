/**
 * The configuration of one process, as `supervisor.getAllConfigInfo` answers it (groups flattened),
 * named as in its `[program:x]` section. A setting left to supervisord reads `'auto'`, an unset one
 * `'none'` (XML-RPC has no value for either).
 */
export interface ProcessConfigInfo {
  /** The process name. */
  readonly name: string;
  /** Its group's name. */
  readonly group: string;
  /** Whether its group is in use: added, rather than only read from the configuration. */
  readonly inuse: boolean;
  /** The command that starts it. */
  readonly command: string;
  /** Whether it starts with supervisord. */
  readonly autostart: boolean;
  /** The directory it runs in, or `'none'`. */
  readonly directory: string;
  /** The user id it runs as, or `'none'`. */
  readonly uid: number | 'none';
  /** The exit statuses that count as expected. */
  readonly exitcodes: number[];
  /** Its group's priority. */
  readonly group_prio: number;
  /** Its priority within the group. */
  readonly process_prio: number;
  /** Whether stopping it signals its whole process group. */
  readonly killasgroup: boolean;
  /** Whether its stderr goes to its stdout log. */
  readonly redirect_stderr: boolean;
  /** Attempts to start it before it is FATAL. */
  readonly startretries: number;
  /** Seconds it must run to count as started (RUNNING). */
  readonly startsecs: number;
  /** The number of the signal that stops it. */
  readonly stopsignal: number;
  /** Seconds between that signal and SIGKILL. */
  readonly stopwaitsecs: number;
  /** The URL its environment gets as `SUPERVISOR_SERVER_URL`, `'auto'` or `'none'`. */
  readonly serverurl: string;
  /** Path of its stdout log, `'auto'` or `'none'`. */
  readonly stdout_logfile: string;
  /** Rotated stdout logs kept. */
  readonly stdout_logfile_backups: number;
  /** Size at which the stdout log rotates, in bytes. */
  readonly stdout_logfile_maxbytes: number;
  /** Bytes of stdout captured in capture mode. */
  readonly stdout_capture_maxbytes: number;
  /** Whether stdout output emits events. */
  readonly stdout_events_enabled: boolean;
  /** Whether stdout also goes to syslog. */
  readonly stdout_syslog: boolean;
  /** Path of its stderr log, `'auto'` or `'none'`. */
  readonly stderr_logfile: string;
  /** Rotated stderr logs kept. */
  readonly stderr_logfile_backups: number;
  /** Size at which the stderr log rotates, in bytes. */
  readonly stderr_logfile_maxbytes: number;
  /** Bytes of stderr captured in capture mode. */
  readonly stderr_capture_maxbytes: number;
  /** Whether stderr output emits events. */
  readonly stderr_events_enabled: boolean;
  /** Whether stderr also goes to syslog. */
  readonly stderr_syslog: boolean;
}
