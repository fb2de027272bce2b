/**
 * Issue 10's server benchmark: what hostile clients cost a `serveXmlRpc` running with its default
 * options, in a worker process of its own. A 16 MB `system.multicall` of 2,000,000 `<value/>` entries
 * (and, for comparison, one of 10,000 real calls, the default cap): the answer's size, the server's
 * peak RSS, the longest it held its event loop, and how long a small call sent alongside waited.
 * Then 200 slowloris connections trickling their headers (and 200 trickling a body) for 40 s: how many
 * the server still holds every 10 s, and whether normal calls were answered meanwhile. Nothing here passes or
 * fails on timing; the unit tests assert the behaviour.
 */
import { encodeMethodCall } from 'rxjs-xmlrpc';
import type { BenchSuite } from '../lib/BenchSuite.js';
import { formatMB, progress } from '../lib/format.js';
import { markdownTable } from '../lib/markdownTable.js';
import { startJsonWorker } from '../lib/startJsonWorker.js';
import { post, startProbes, startSlowloris, type Trickle } from './serverClients.js';
import type { ServerStats } from './serverWorker.js';

const FLOOD_ENTRIES = 2_000_000;
const CAP_CALLS = 10_000;
const SLOWLORIS_SOCKETS = 200;
/** When held connections are counted: the figure is the one at 30 s; 40 s is past `requestTimeoutMs`. */
const CHECKPOINTS_S = [10, 20, 30, 40];
/** How often each slowloris connection sends one more piece. */
const TRICKLE_EVERY_MS = 2_000;
/** How often a small call is sent alongside the work measured. */
const PROBE_EVERY_MS = 20;

const WORKER = new URL('./serverWorker.ts', import.meta.url);

/** Starts a server worker, runs `work` against its URL, and closes it. */
async function withServer<T>(
  work: (url: string, worker: ReturnType<typeof startJsonWorker>) => Promise<T>,
): Promise<T> {
  const worker = startJsonWorker(WORKER, []);
  const { url } = (await worker.ready) as { url: string };
  try {
    return await work(url, worker);
  } finally {
    await worker.close();
  }
}

function multicallOf(entries: string, count: number): string {
  return `<?xml version="1.0"?><methodCall><methodName>system.multicall</methodName><params><param><value><array><data>${entries.repeat(count)}</data></array></value></param></params></methodCall>`;
}

/** What an answer was: the fault string of a fault, else its size. */
function outcomeOf(head: string, bytes: number): string {
  const fault = /<fault>.*?<name>faultString<\/name><value><string>([^<]*)/.exec(head);
  if (fault) return `fault: ${fault[1]!.replaceAll('&lt;', '<').replaceAll('&gt;', '>')}`;
  return head.includes('<methodResponse><params>')
    ? `answer of ${formatMB(bytes)}`
    : `HTTP answer: ${head.slice(0, 60)}`;
}

async function measureMulticall(label: string, body: string): Promise<string[]> {
  progress(`${label}: ${formatMB(body.length)} request`);
  return withServer(async (url, worker) => {
    await worker.request('reset');
    const probes = startProbes(url, PROBE_EVERY_MS);
    const result = await post(url, body);
    const probed = await probes.stop();
    const stats = (await worker.request('stats')) as ServerStats;
    return [
      label,
      formatMB(body.length),
      `${result.status}, ${outcomeOf(result.head, result.bytes)}`,
      formatMB(result.bytes),
      `${(result.wallMs / 1000).toFixed(2)} s`,
      `${stats.peakRss === null ? 'n/a' : formatMB(stats.peakRss)} (${formatMB(stats.baselineRss)})`,
      `${stats.maxEventLoopDelayMs.toFixed(0)} ms`,
      `${probed.maxWaitMs.toFixed(0)} ms (${probed.answered}/${probed.sent})`,
    ];
  });
}

async function measureSlowloris(trickle: Trickle): Promise<string[]> {
  progress(
    `slowloris: ${SLOWLORIS_SOCKETS} connections trickling their ${trickle} for ${CHECKPOINTS_S.at(-1)} s`,
  );
  return withServer(async (url) => {
    const attack = await startSlowloris(
      Number(new URL(url).port),
      trickle,
      SLOWLORIS_SOCKETS,
      TRICKLE_EVERY_MS,
    );
    const probes = startProbes(url, 500);
    const started = performance.now();
    const held: number[] = [];
    for (const second of CHECKPOINTS_S) {
      await new Promise((resolve) => setTimeout(resolve, second * 1000 - (performance.now() - started)));
      held.push(attack.held());
    }
    const probed = await probes.stop();
    attack.close();
    return [trickle, String(SLOWLORIS_SOCKETS), ...held.map(String), `${probed.answered}/${probed.sent}`];
  });
}

export const serverLimitsSuite: BenchSuite = {
  name: 'server-limits',
  title: 'Server limits: hostile requests against serveXmlRpc with its defaults',
  async run() {
    const multicalls = [
      await measureMulticall(
        `${FLOOD_ENTRIES.toLocaleString('en-US')} × <value/>`,
        multicallOf('<value/>', FLOOD_ENTRIES),
      ),
      await measureMulticall(
        `${CAP_CALLS.toLocaleString('en-US')} × add`,
        encodeMethodCall('system.multicall', [
          Array.from({ length: CAP_CALLS }, (_, i) => ({ methodName: 'add', params: [i, 1] })),
        ]),
      ),
    ];
    const slowloris = [await measureSlowloris('headers'), await measureSlowloris('body')];
    return [
      `One \`system.multicall\` POSTed to a \`serveXmlRpc\` worker process with default options, while a small call is sent every ${PROBE_EVERY_MS} ms on another connection. Peak RSS and the longest event-loop delay are the server process's (\`monitorEventLoopDelay\`, 10 ms resolution).`,
      '',
      markdownTable(
        [
          'multicall',
          'request',
          'status, outcome',
          'answer',
          'time',
          'peak RSS (at start)',
          'event loop held',
          'small call waited (answered)',
        ],
        multicalls,
      ),
      '',
      `${SLOWLORIS_SOCKETS} connections each sending one more piece of their request every ${TRICKLE_EVERY_MS / 1000} s and never finishing it, while a small call is sent every 500 ms on a fresh connection.`,
      '',
      markdownTable(
        [
          'trickled',
          'connections',
          ...CHECKPOINTS_S.map((second, i) => (i === 0 ? `held after ${second} s` : `${second} s`)),
          'small calls answered',
        ],
        slowloris,
      ),
    ].join('\n');
  },
};
