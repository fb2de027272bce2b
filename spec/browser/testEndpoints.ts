import { firstValueFrom } from 'rxjs';
import { inject } from 'vitest';
import { createXmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import { fetchTransport } from '../../src/transport/fetchTransport.js';

/** Where the global setup's servers listen (see setup/serveTestEndpoints.ts). */
export interface TestEndpoints {
  /** The XML-RPC endpoint; add `?tag=…` to have its requests counted under that tag. */
  readonly rpcUrl: string;
  /** The streaming endpoint; its query says what to send (`tag`, `unit`, `count`, `chunk`, `charset`). */
  readonly streamUrl: string;
  /** An endpoint nothing listens on: connections are refused. */
  readonly refusedUrl: string;
  /** An XML-RPC endpoint without `cors`, as supervisord is: the browser keeps its answers from the page. */
  readonly noCorsUrl: string;
}

/** What the server saw of the POSTs tagged so: how many, and the last one's `Authorization`. */
export interface RequestsSeen {
  readonly posts: number;
  readonly authorization: string | null;
}

/** What became of a `slow` call: still running, answered, or cancelled by its client hanging up. */
export type CallState = 'unknown' | 'running' | 'answered' | 'cancelled';

/** What the streaming endpoint sent under a tag, and whether the client hung up before the end. */
export interface StreamSeen {
  readonly sentBytes: number;
  readonly totalBytes: number;
  readonly closedEarly: boolean;
}

export const endpoints: TestEndpoints = inject('endpoints');

/** For `vi.waitFor` on what the server saw: generous, as the machine may be busy. */
export const SERVER_WAIT = { timeout: 5000, interval: 50 };

/** A fresh tag, so that each test counts its own requests whatever runs beside it. */
export function newTag(): string {
  return crypto.randomUUID();
}

/** `url` with `?tag=` (and any other query parameters) added. */
export function withQuery(url: string, query: Record<string, string | number>): string {
  const tagged = new URL(url);
  for (const [name, value] of Object.entries(query)) tagged.searchParams.set(name, String(value));
  return tagged.href;
}

/** Asks the server what it saw, through a client of its own (its requests are untagged). */
const observer = createXmlRpcClient({ transport: fetchTransport(endpoints.rpcUrl) });

export function requestsSeen(tag: string): Promise<RequestsSeen> {
  return firstValueFrom(observer.call<RequestsSeen>('requestsSeen', [tag]));
}

export function callState(key: string): Promise<CallState> {
  return firstValueFrom(observer.call<CallState>('callState', [key]));
}

export function streamSeen(tag: string): Promise<StreamSeen> {
  return firstValueFrom(observer.call<StreamSeen>('streamSeen', [tag]));
}
