/**
 * An XML-RPC server the end-to-end suite runs against, whatever it is made of (a Python process,
 * `serveXmlRpc` in this process). Every implementation answers the same methods at `url`:
 * `echo(x)` returns x, `fault(code, message)` answers that fault, `sleep(seconds)` returns seconds
 * after that long.
 */
export interface E2eServer {
  /** The XML-RPC endpoint, such as `http://127.0.0.1:41234/RPC2`; unchanged by {@link restart}. */
  readonly url: string;
  /** HTTP requests the XML-RPC endpoint received since the server last (re)started; reading it sends none. */
  requestCount(): Promise<number>;
  /** Ends the server abruptly: requests in flight get their connection dropped, without an answer. */
  crash(): Promise<void>;
  /** Starts the server again on the same port, after {@link crash} or {@link stop}. */
  restart(): Promise<void>;
  /** Stops the server for good (idempotent); a test's teardown calls it whatever happened. */
  stop(): Promise<void>;
}

/** How to start an {@link E2eServer}. */
export interface E2eServerOptions {
  /** Serve `system.multicall` (default `true`); `false` makes clients fall back to single calls. */
  readonly multicall?: boolean;
}
