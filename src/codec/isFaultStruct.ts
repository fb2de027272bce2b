import { isStruct, type XmlRpcValue } from './XmlRpcValue.js';

/** The struct a fault carries: an integer `faultCode` and a string `faultString` (other members allowed). */
export interface FaultStruct {
  readonly faultCode: number;
  readonly faultString: string;
}

/** Whether a decoded value is a fault struct (as in `<fault>` and in `system.multicall` entries). */
export function isFaultStruct(value: XmlRpcValue): value is XmlRpcValue & FaultStruct {
  return isStruct(value) && Number.isInteger(value.faultCode) && typeof value.faultString === 'string';
}
