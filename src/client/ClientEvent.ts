/**
 * What the client reports to `onEvent`, for dashboards and logs. Every event names the time on the
 * client's scheduler (`at`, in milliseconds), so virtual time in tests gives exact values.
 */
export type ClientEvent =
  | {
      /** A request left: `size` calls (1 for a plain methodCall), `bytes` of UTF-8 body. */
      readonly type: 'batchSent';
      readonly at: number;
      readonly size: number;
      readonly bytes: number;
      /** `system.multicall` or the method of a single call sent plainly. */
      readonly methodName: string;
    }
  | {
      /** A request came back (or failed): how long it took, how many calls succeeded or faulted. */
      readonly type: 'batchSettled';
      readonly at: number;
      readonly size: number;
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
       * A caller unsubscribed before its answer; `sent` says whether the call had gone out. A call
       * cancelled while still queued is reported when its batch leaves without it.
       */
      readonly type: 'callCancelled';
      readonly at: number;
      readonly methodName: string;
      readonly sent: boolean;
    }
  | {
      /** Every call of a sent batch was cancelled, so its request was aborted. */
      readonly type: 'batchAborted';
      readonly at: number;
      readonly size: number;
    }
  | {
      /** The server has no `system.multicall`: this batch, and every later one, goes out as single calls. */
      readonly type: 'fallback';
      readonly at: number;
      readonly size: number;
      /** The fault that told. */
      readonly faultCode: number;
      readonly faultString: string;
    }
  | {
      /** The server refused a batch for its size: it is re-sent as two halves. */
      readonly type: 'batchSplit';
      readonly at: number;
      readonly size: number;
      readonly into: readonly [number, number];
    };

/** The `type`s of {@link ClientEvent}. */
export type ClientEventType = ClientEvent['type'];
