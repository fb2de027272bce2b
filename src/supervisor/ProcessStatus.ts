import type { SupervisorFaultCode } from './SupervisorFaultCode.js';

/**
 * The outcome for one process of an action on many (`supervisor.startAllProcesses`,
 * `stopProcessGroup`, `signalAllProcesses`, `clearAllProcessLogs`…).
 */
export interface ProcessStatus {
  /** The process name. */
  readonly name: string;
  /** Its group's name. */
  readonly group: string;
  /** `SupervisorFaultCode.SUCCESS` (80), or the fault the action met for this process. */
  readonly status: SupervisorFaultCode;
  /** `'OK'`, or the fault's name. */
  readonly description: string;
}
