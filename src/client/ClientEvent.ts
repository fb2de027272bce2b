import type { XmlRpcError } from '../codec/XmlRpcError.js';

/**
 * What the client reports to `onEvent`, for dashboards and logs. Every event names the time on the
 * client's scheduler (`at`, in milliseconds), so virtual time in tests gives exact values.
 */
export type ClientEvent =
  | {
      /** A request left: `size` calls (1 for a plain methodCall), `bytes` of UTF-8 body. */
      readonly type: 'batchSent';
      /** When, on the client's scheduler (ms). */
      readonly at: number;
      /** Calls in the request. */
      readonly size: number;
      /** UTF-8 bytes of the request body. */
      readonly bytes: number;
      /** `system.multicall` or the method of a single call sent plainly. */
      readonly methodName: string;
    }
  | {
      /**
       * A request came back (or failed): how long it took, how many calls succeeded or faulted. It
       * follows its `batchSent`, and counts the same calls.
       */
      readonly type: 'batchSettled';
      /** When, on the client's scheduler (ms). */
      readonly at: number;
      /** Calls in the request, as in its `batchSent`. */
      readonly size: number;
      /** From `batchSent` to the answer, on the client's scheduler. */
      readonly durationMs: number;
      /** Calls answered with their result. */
      readonly ok: number;
      /** Calls answered with an `XmlRpcFault`. */
      readonly faults: number;
      /** Calls that got any other error (transport, parse, protocol). */
      readonly errors: number;
    }
  | {
      /**
       * A call was left out of its request, and failed with `error`, because it cannot be sent: a param
       * XML-RPC cannot carry (`XmlRpcEncodeError`), or a call over `maxBatchBytes`. Reported as the
       * request is made, before its `batchSent` (a batch of only such calls sends nothing, so no
       * `batchSent` or `batchSettled` follows); the caller gets the error at the same moment.
       */
      readonly type: 'callNotSent';
      /** When, on the client's scheduler (ms). */
      readonly at: number;
      /** The call's method. */
      readonly methodName: string;
      /** Why it was not sent; the very error its caller gets. */
      readonly error: XmlRpcError;
    }
  | {
      /**
       * A caller unsubscribed before its answer; `sent` says whether the call had gone out (a call
       * still queued is then never sent).
       */
      readonly type: 'callCancelled';
      /** When, on the client's scheduler (ms). */
      readonly at: number;
      /** The cancelled call's method. */
      readonly methodName: string;
      /** Whether its request had already left. */
      readonly sent: boolean;
    }
  | {
      /** Every call of a sent batch was cancelled, so its request was aborted. */
      readonly type: 'batchAborted';
      /** When, on the client's scheduler (ms). */
      readonly at: number;
      /** Calls in the aborted request. */
      readonly size: number;
    }
  | {
      /** The server has no `system.multicall`: this batch, and every later one, goes out as single calls. */
      readonly type: 'fallback';
      /** When, on the client's scheduler (ms). */
      readonly at: number;
      /** Calls in the batch that is re-sent one by one. */
      readonly size: number;
      /** Code of the fault that told. */
      readonly faultCode: number;
      /** Message of the fault that told. */
      readonly faultString: string;
    }
  | {
      /**
       * The server answered a multicall with a fault to the request as a whole, other than "no
       * `system.multicall`" and "too large" (Python does when one result cannot be marshalled), so its
       * calls are re-sent one by one (`retrySingly`). The server may have run them already.
       */
      readonly type: 'batchRetriedSingly';
      /** When, on the client's scheduler (ms). */
      readonly at: number;
      /** Calls re-sent one by one. */
      readonly size: number;
      /** Code of the fault. */
      readonly faultCode: number;
      /** Message of the fault. */
      readonly faultString: string;
    }
  | {
      /** The server refused a batch for its size: it is re-sent as two halves. */
      readonly type: 'batchSplit';
      /** When, on the client's scheduler (ms). */
      readonly at: number;
      /** Calls in the refused request. */
      readonly size: number;
      /** Calls in each half. */
      readonly into: readonly [number, number];
    };

/** The `type`s of {@link ClientEvent}. */
export type ClientEventType = ClientEvent['type'];
