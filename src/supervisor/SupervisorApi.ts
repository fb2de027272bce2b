import type { XmlRpcValue } from '../codec/XmlRpcValue.js';
import type { ProcessConfigInfo } from './ProcessConfigInfo.js';
import type { ProcessInfo } from './ProcessInfo.js';
import type { ProcessStatus } from './ProcessStatus.js';
import type { SupervisorStateInfo } from './SupervisorState.js';

/** What `supervisor.tailProcessStdoutLog` answers: the bytes read, the next offset, and whether the log overflowed. */
export type LogTail = [bytes: string, offset: number, overflow: boolean];

/** What `supervisor.reloadConfig` answers: the names of the groups added, changed and removed, in one more array. */
export type ConfigChanges = [[added: string[], changed: string[], removed: string[]]];

/**
 * supervisord's XML-RPC API (API version 3.0, supervisor 3 and 4) as a method map: each method by
 * its full name, with its params and result, from supervisord's API documentation
 * (http://supervisord.org/api.html). A process name may also be `group:name`; an unknown one is
 * fault `BAD_NAME` (10). `wait` defaults to `true`: the call answers once the action is done.
 * Checked against a real supervisord's `system.methodSignature` by the end-to-end tests.
 *
 * Give it to `createXmlRpcClient<SupervisorApi>()`: `call()` then checks names and params and types
 * results, and `client.methods.supervisor.getProcessInfo('web')` is an `Observable<ProcessInfo>`.
 * Remember that supervisord answers `system.multicall` results bare: create its client with
 * `multicallResults: 'bare'`.
 *
 * @example Read one process's info, typed
 * ```ts
 * import { createXmlRpcClient, fetchTransport } from 'rxjs-xmlrpc';
 * import type { SupervisorApi } from 'rxjs-xmlrpc/supervisor';
 *
 * const supervisor = createXmlRpcClient<SupervisorApi>({
 *   transport: fetchTransport('http://127.0.0.1:9001/RPC2'),
 *   multicallResults: 'bare',
 * });
 * supervisor.methods.supervisor
 *   .getProcessInfo('web')
 *   .subscribe((info) => console.log(info.statename, info.pid));
 * // Or by name, params in an array; `wait` is optional, as in supervisord.
 * supervisor.call('supervisor.startProcess', ['web', false]).subscribe((started) => console.log(started));
 * ```
 */
export interface SupervisorApi {
  /** The version of the RPC API (`'3.0'`), which changes only when the API does. */
  'supervisor.getAPIVersion'(): string;
  /** Same as `supervisor.getAPIVersion` (for releases before 3.0). */
  'supervisor.getVersion'(): string;
  /** The version of the supervisor package supervisord runs. */
  'supervisor.getSupervisorVersion'(): string;
  /** The `identifier` of supervisord's configuration, to tell supervisords apart. */
  'supervisor.getIdentification'(): string;
  /** supervisord's own state. */
  'supervisor.getState'(): SupervisorStateInfo;
  /** supervisord's process id. */
  'supervisor.getPID'(): number;
  /** `length` bytes of the main log from `offset`. */
  'supervisor.readLog'(offset: number, length: number): string;
  /** Same as `supervisor.readLog` (for releases before 2.1). */
  'supervisor.readMainLog'(offset: number, length: number): string;
  /** Clears the main log. */
  'supervisor.clearLog'(): boolean;
  /** Shuts supervisord down. */
  'supervisor.shutdown'(): boolean;
  /** Restarts supervisord. */
  'supervisor.restart'(): boolean;
  /** Reads the configuration again and says which groups changed (nothing is applied). */
  'supervisor.reloadConfig'(): ConfigChanges;
  /** Starts using the group `name` from the configuration. */
  'supervisor.addProcessGroup'(name: string): boolean;
  /** Stops using the stopped group `name`. */
  'supervisor.removeProcessGroup'(name: string): boolean;
  /** Starts a process (`group:*` starts a group). */
  'supervisor.startProcess'(name: string, wait?: boolean): boolean;
  /** Starts every process of the group `name`. */
  'supervisor.startProcessGroup'(name: string, wait?: boolean): ProcessStatus[];
  /** Starts every process of the configuration. */
  'supervisor.startAllProcesses'(wait?: boolean): ProcessStatus[];
  /** Stops a process (`group:*` stops a group). */
  'supervisor.stopProcess'(name: string, wait?: boolean): boolean;
  /** Stops every process of the group `name`. */
  'supervisor.stopProcessGroup'(name: string, wait?: boolean): ProcessStatus[];
  /** Stops every process. */
  'supervisor.stopAllProcesses'(wait?: boolean): ProcessStatus[];
  /** Sends a UNIX signal, by name (`'HUP'`) or number (`'1'`), to a process. */
  'supervisor.signalProcess'(name: string, signal: string): boolean;
  /** Sends a UNIX signal to every process of the group `name`. */
  'supervisor.signalProcessGroup'(name: string, signal: string): ProcessStatus[];
  /** Sends a UNIX signal to every process. */
  'supervisor.signalAllProcesses'(signal: string): ProcessStatus[];
  /** The configuration of every process. */
  'supervisor.getAllConfigInfo'(): ProcessConfigInfo[];
  /** Info about one process. */
  'supervisor.getProcessInfo'(name: string): ProcessInfo;
  /** Info about every process, sorted by group and name. */
  'supervisor.getAllProcessInfo'(): ProcessInfo[];
  /** `length` bytes of a process's stdout log from `offset`. */
  'supervisor.readProcessStdoutLog'(name: string, offset: number, length: number): string;
  /** Same as `supervisor.readProcessStdoutLog`. */
  'supervisor.readProcessLog'(name: string, offset: number, length: number): string;
  /** `length` bytes of a process's stderr log from `offset`. */
  'supervisor.readProcessStderrLog'(name: string, offset: number, length: number): string;
  /** At most `length` bytes of a process's stdout log from `offset`, moved to the end on overflow. */
  'supervisor.tailProcessStdoutLog'(name: string, offset: number, length: number): LogTail;
  /** Same as `supervisor.tailProcessStdoutLog`. */
  'supervisor.tailProcessLog'(name: string, offset: number, length: number): LogTail;
  /** At most `length` bytes of a process's stderr log from `offset`, moved to the end on overflow. */
  'supervisor.tailProcessStderrLog'(name: string, offset: number, length: number): LogTail;
  /** Clears a process's stdout and stderr logs and reopens them. */
  'supervisor.clearProcessLogs'(name: string): boolean;
  /** Same as `supervisor.clearProcessLogs`. */
  'supervisor.clearProcessLog'(name: string): boolean;
  /** Clears every process's logs. */
  'supervisor.clearAllProcessLogs'(): ProcessStatus[];
  /** Writes `chars` (as UTF-8) to a running process's stdin. */
  'supervisor.sendProcessStdin'(name: string, chars: string): boolean;
  /** Sends a `RemoteCommunicationEvent` of `type` with `data` to the event listeners. */
  'supervisor.sendRemoteCommEvent'(type: string, data: string): boolean;
  /** Every method name, sorted. */
  'system.listMethods'(): string[];
  /** A method's documentation. */
  'system.methodHelp'(name: string): string;
  /** A method's one signature, `[returnType, ...paramTypes]` (not a list of them, as the spec has it). */
  'system.methodSignature'(name: string): string[];
  /** Runs calls in one request; each result comes back bare (not in a one-element array), or as a fault struct. */
  'system.multicall'(calls: { methodName: string; params: XmlRpcValue[] }[]): XmlRpcValue[];
}
