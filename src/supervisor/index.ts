/**
 * rxjs-xmlrpc/supervisor: supervisord's XML-RPC API as types (`SupervisorApi`, `ProcessInfo`…) and
 * its state and fault codes as plain objects. Nothing else: no client, no Node module.
 * @packageDocumentation
 */
export type { ProcessConfigInfo } from './ProcessConfigInfo.js';
export type { ProcessInfo } from './ProcessInfo.js';
export { ProcessState, type ProcessStateName } from './ProcessState.js';
export type { ProcessStatus } from './ProcessStatus.js';
export type { ConfigChanges, LogTail, SupervisorApi } from './SupervisorApi.js';
export { SupervisorFaultCode } from './SupervisorFaultCode.js';
export { SupervisorState, type SupervisorStateInfo, type SupervisorStateName } from './SupervisorState.js';
