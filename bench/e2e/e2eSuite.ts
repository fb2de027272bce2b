/**
 * Issue 12's end-to-end benchmark, over loopback, every server in a process of its own:
 * - clients: 10,000 `echo` calls made by rxjs-xmlrpc batched (the default client, with
 *   `nodeHttpTransport` and with `fetchTransport`) and one call a request (4 at a time), the npm
 *   `xmlrpc` client (4 at a time) and CPython's `MultiCall` (100 calls a request, one request at a
 *   time), against CPython's threaded HTTP/1.1 `SimpleXMLRPCServer` and against `serveXmlRpc`;
 * - servers: requests/s and calls/s of `serveXmlRpc`, `SimpleXMLRPCServer` and the npm `xmlrpc`
 *   server under the same bare `node:http` load (4 requests in flight), for single calls and for
 *   multicalls of 100.
 * Several rounds, the contenders' order rotating each round; medians. Every result is checked equal to
 * its call's argument. Nothing here passes or fails on timing: the targets are printed with ✓ or ✗.
 */
import type { BenchSuite } from '../lib/BenchSuite.js';
import { formatRatio, progress } from '../lib/format.js';
import { markdownTable } from '../lib/markdownTable.js';
import {
  batchedFetch,
  batchedNode,
  type E2eClient,
  echoValues,
  pythonMultiCall,
  singleFetch,
  singleNode,
  xmlrpcSingle,
} from './e2eClients.js';
import { type Load, loadServer, multicallLoad, singleLoad } from './loadServer.js';
import { type ServerProcess, startNodeServer, startPythonServer } from './startServerProcess.js';

const CALLS = 10_000;
const ROUNDS = 3;
const WARMUP_CALLS = 1_000;
/** Requests per server-benchmark run: single calls, and multicalls of 100. */
const SINGLE_REQUESTS = 2_000;
const MULTICALL_REQUESTS = 100;

const CLIENTS: readonly (readonly [string, E2eClient])[] = [
  ['rxjs-xmlrpc batched, nodeHttpTransport', batchedNode],
  ['rxjs-xmlrpc batched, fetchTransport', batchedFetch],
  ['rxjs-xmlrpc single calls, nodeHttpTransport', singleNode],
  ['rxjs-xmlrpc single calls, fetchTransport', singleFetch],
  ['npm `xmlrpc` single calls', xmlrpcSingle],
  ['CPython `MultiCall`, 100 a request', pythonMultiCall],
];

const SERVERS = [
  ['CPython `SimpleXMLRPCServer`', startPythonServer],
  ['`serveXmlRpc`', () => startNodeServer('serve')],
  ['npm `xmlrpc` server', () => startNodeServer('xmlrpc')],
] as const;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `items` rotated left by `by`: each round starts with another contender. */
function rotated<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

const perSecond = (count: number, ms: number) => Math.round((count * 1000) / ms).toLocaleString('en-US');

/** Median milliseconds of each client against `url`, in `CLIENTS` order. */
async function timeClients(serverName: string, url: string): Promise<number[]> {
  const values = echoValues(CALLS);
  for (const [name, client] of CLIENTS) {
    progress(`${serverName}: warming up ${name}`);
    await client(url, values.slice(0, WARMUP_CALLS));
  }
  const times: number[][] = CLIENTS.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const index of rotated([...CLIENTS.keys()], round)) {
      const [name, client] = CLIENTS[index]!;
      const ms = await client(url, values);
      progress(`${serverName}, round ${round + 1}: ${name} ${ms.toFixed(0)} ms`);
      times[index]!.push(ms);
    }
  }
  return times.map(median);
}

/** Median milliseconds of `requests` requests of `load` against each server, in `SERVERS` order. */
async function timeServers(
  servers: readonly ServerProcess[],
  label: string,
  load: Load,
  requests: number,
): Promise<number[]> {
  for (const server of servers) await loadServer(server.url, load, Math.ceil(requests / 10));
  const times: number[][] = servers.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const index of rotated([...servers.keys()], round)) {
      const ms = await loadServer(servers[index]!.url, load, requests);
      progress(`servers, ${label}, round ${round + 1}: ${SERVERS[index]![0]} ${ms.toFixed(0)} ms`);
      times[index]!.push(ms);
    }
  }
  return times.map(median);
}

function clientTable(python: readonly number[], serve: readonly number[]): string {
  const rows = CLIENTS.map(([name], index) => [
    name,
    `${(python[index]! / 1000).toFixed(2)} s`,
    perSecond(CALLS, python[index]!),
    `${(serve[index]! / 1000).toFixed(2)} s`,
    perSecond(CALLS, serve[index]!),
  ]);
  return markdownTable(
    [
      `${CALLS.toLocaleString('en-US')} echo calls`,
      'vs CPython server',
      'calls/s',
      'vs `serveXmlRpc`',
      'calls/s',
    ],
    rows,
  );
}

export const e2eSuite: BenchSuite = {
  name: 'e2e',
  title: 'End to end over loopback: clients and servers against their peers',
  async run() {
    const servers: ServerProcess[] = [];
    try {
      for (const [, start] of SERVERS) servers.push(await start());
      const [python, serve] = servers as [ServerProcess, ServerProcess, ServerProcess];
      const againstPython = await timeClients('CPython server', python.url);
      const againstServe = await timeClients('serveXmlRpc', serve.url);
      const values = echoValues(100);
      const single = await timeServers(servers, 'single calls', singleLoad(values[7]!), SINGLE_REQUESTS);
      const multi = await timeServers(
        servers,
        'multicalls of 100',
        multicallLoad(values),
        MULTICALL_REQUESTS,
      );

      // Indexes into CLIENTS.
      const [batched, singleOurs, singleXmlrpc, multiCall] = [0, 2, 4, 5] as const;
      const serverRatio = (times: readonly number[]) => times[0]! / times[1]!;
      const targets = markdownTable(
        ['target (same run)', 'vs CPython server', 'vs `serveXmlRpc`'],
        (
          [
            ['batched (node) ÷ CPython `MultiCall` ≥ 1.5×', multiCall, batched, 1.5],
            ['single calls (node) ÷ npm `xmlrpc` ≥ 1.5×', singleXmlrpc, singleOurs, 1.5],
            ['batched (node) ÷ own single calls (node) ≥ 20×', singleOurs, batched, 20],
          ] as const
        ).map(([label, slower, faster, goal]) => [
          label,
          formatRatio(againstPython[slower]! / againstPython[faster]!, (r) => r >= goal),
          formatRatio(againstServe[slower]! / againstServe[faster]!, (r) => r >= goal),
        ]),
      );
      const serverRows = SERVERS.map(([name], index) => [
        name,
        perSecond(SINGLE_REQUESTS, single[index]!),
        perSecond(MULTICALL_REQUESTS, multi[index]!),
        perSecond(MULTICALL_REQUESTS * 100, multi[index]!),
      ]);
      const serverTable = markdownTable(
        [
          'server (4 requests in flight)',
          'single calls: calls/s',
          'multicalls of 100: requests/s',
          'calls/s',
        ],
        serverRows,
      );
      const serverTargets = markdownTable(
        ['target (same run)', 'single calls', 'multicalls of 100'],
        [
          [
            '`serveXmlRpc` ÷ `SimpleXMLRPCServer` in calls/s ≥ 3×',
            formatRatio(serverRatio(single), (r) => r >= 3),
            formatRatio(serverRatio(multi), (r) => r >= 3),
          ],
        ],
      );
      return [
        `Median of ${ROUNDS} rounds (order rotating), every result checked equal to its argument.`,
        '',
        clientTable(againstPython, againstServe),
        '',
        targets,
        '',
        serverTable,
        '',
        serverTargets,
      ].join('\n');
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  },
};
