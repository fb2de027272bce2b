import type { MulticallResults } from '../multicall/decodeMulticallResponse.js';

/**
 * What the dashboard server tells its page at `GET /config.json`: everything the page needs, and
 * nothing it must not see. Endpoint URLs and credentials stay on the server; the page knows each
 * host by the path it forwards through (`rpc/0`) and a label without credentials.
 */
export interface DashboardConfig {
  /** Time between polling rounds of each host, in milliseconds. */
  readonly everyMs: number;
  /** The hosts, in the order given on the command line. */
  readonly hosts: readonly DashboardHost[];
  /**
   * The watched calls, each as a `<methodCall>` document (so params keep their XML-RPC types on the
   * way), with the label the user wrote; polled on every host after its own calls.
   */
  readonly calls: readonly DashboardCall[];
  /** How multicall results are read (`--bare`, `--wrapped`); absent for the library's default. */
  readonly multicallResults?: MulticallResults;
  /** Time allowed for each request from the page, in milliseconds (the server's own limit, plus slack). */
  readonly timeoutMs: number;
  /** Most requests the page has in flight at once, over all hosts. */
  readonly maxInFlight: number;
}

/** One host as the page sees it. */
export interface DashboardHost {
  /** Path, relative to the page, that the server forwards to the endpoint: `rpc/0`. */
  readonly path: string;
  /** The endpoint URL without credentials, to show. */
  readonly label: string;
}

/** One watched call. */
export interface DashboardCall {
  /** As the user wrote it: `supervisor.getProcessInfo("web")`. */
  readonly label: string;
  /** The call as a `<methodCall>` document. */
  readonly xml: string;
}
