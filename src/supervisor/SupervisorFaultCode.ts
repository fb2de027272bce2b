/**
 * The fault codes supervisord answers with (and the `status` of a `ProcessStatus`), by name.
 * Its fault strings start with the name: `BAD_NAME: web`. From supervisord's `supervisor/xmlrpc.py`.
 *
 * @example Tell an unknown process from other faults
 * ```ts
 * import { XmlRpcFault } from 'rxjs-xmlrpc';
 * import { SupervisorFaultCode } from 'rxjs-xmlrpc/supervisor';
 *
 * const isUnknownProcess = (error: unknown): boolean =>
 *   error instanceof XmlRpcFault && error.faultCode === SupervisorFaultCode.BAD_NAME;
 * ```
 */
export const SupervisorFaultCode = {
  /** No such method. */
  UNKNOWN_METHOD: 1,
  /** A param of the wrong kind. */
  INCORRECT_PARAMETERS: 2,
  /** Wrong params for the method. */
  BAD_ARGUMENTS: 3,
  /** No signature or help for that method (`system.methodSignature`, `system.methodHelp`). */
  SIGNATURE_UNSUPPORTED: 4,
  /** supervisord is shutting down or restarting. */
  SHUTDOWN_STATE: 6,
  /** No process or group by that name. */
  BAD_NAME: 10,
  /** No such signal. */
  BAD_SIGNAL: 11,
  /** A file it needs (a log, the command) is missing. */
  NO_FILE: 20,
  /** The command cannot be run. */
  NOT_EXECUTABLE: 21,
  /** The action failed. */
  FAILED: 30,
  /** The process exited while starting. */
  ABNORMAL_TERMINATION: 40,
  /** The process could not be spawned. */
  SPAWN_ERROR: 50,
  /** The process is running already. */
  ALREADY_STARTED: 60,
  /** The process is not running. */
  NOT_RUNNING: 70,
  /** Not a fault: the `status` of a process a group action went well for. */
  SUCCESS: 80,
  /** The group is in use already. */
  ALREADY_ADDED: 90,
  /** The group still has running processes. */
  STILL_RUNNING: 91,
  /** The configuration cannot be read again. */
  CANT_REREAD: 92,
} as const;

/** One of the {@link SupervisorFaultCode} codes. */
export type SupervisorFaultCode = (typeof SupervisorFaultCode)[keyof typeof SupervisorFaultCode];
