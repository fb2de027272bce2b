/**
 * The states of supervisord itself, by name, with the code `supervisor.getState` answers as
 * `statecode`. From supervisord's `supervisor/states.py` and its API documentation
 * (http://supervisord.org/api.html, `getState`).
 */
export const SupervisorState = {
  /** Something bad went wrong. */
  FATAL: 2,
  /** Working normally. */
  RUNNING: 1,
  /** Being restarted. */
  RESTARTING: 0,
  /** Being shut down. */
  SHUTDOWN: -1,
} as const;

/** A supervisord state's name, as `statename`: `'RUNNING'`… */
export type SupervisorStateName = keyof typeof SupervisorState;

/** A supervisord state's code, as `statecode`: `1`… */
export type SupervisorState = (typeof SupervisorState)[SupervisorStateName];

/** What `supervisor.getState` answers. */
export interface SupervisorStateInfo {
  /** Its state's code. */
  readonly statecode: SupervisorState;
  /** Its state's name. */
  readonly statename: SupervisorStateName;
}
