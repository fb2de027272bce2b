/**
 * The page of `rxjs-xmlrpc dashboard`, bundled into one HTML file at build time. It uses only the
 * public API of the core (a client per host on `fetchTransport`, `poll` with `backoff`, `pollState`),
 * so it is also the reference example of a polling dashboard in a browser: every host is polled on
 * its own, one `system.multicall` per round, through the dashboard server's `/rpc/<n>`, which adds
 * the credentials the page never sees.
 */
import { concat, type Observable } from 'rxjs';
import {
  type ClientEvent,
  createXmlRpcClient,
  decodeMethodCall,
  fetchTransport,
  type XmlRpcClient,
  XmlRpcFault,
} from '../../index.js';
import type { DashboardConfig } from '../DashboardConfig.js';
import { HostView } from './HostView.js';
import type { ProcessAction } from './processTable.js';
import { requestGate } from './requestGate.js';
import { type LabelledCall, watchHost } from './watchHost.js';

/** What the header counts, over every host. */
const totals = { requests: 0, calls: 0, answered: 0 };

async function main(): Promise<void> {
  const response = await fetch('config.json');
  const config = (await response.json()) as DashboardConfig;
  const watched: LabelledCall[] = config.calls.map(({ label, xml }) => ({ ...decodeMethodCall(xml), label }));
  const gate = requestGate(config.maxInFlight);
  const header = document.getElementById('totals')!;
  document.getElementById('every')!.textContent = `every ${config.everyMs / 1000}s`;
  const showTotals = () => {
    const saved = totals.calls - totals.requests;
    header.textContent = `requests sent ${totals.requests} · calls answered ${totals.answered} · batching saved ${saved} request${saved === 1 ? '' : 's'}`;
  };
  showTotals();
  const hosts = document.getElementById('hosts')!;
  for (const host of config.hosts) {
    let latencyMs: number | undefined;
    const onEvent = (event: ClientEvent) => {
      if (event.type === 'batchSent') {
        totals.requests++;
        totals.calls += event.size;
      } else if (event.type === 'batchSettled') {
        totals.answered += event.ok + event.faults;
        latencyMs = event.durationMs;
      }
      showTotals();
    };
    const transport = gate(
      fetchTransport(new URL(host.path, document.baseURI).href, { timeoutMs: config.timeoutMs }),
    );
    const client = createXmlRpcClient({ transport, multicallResults: config.multicallResults, onEvent });
    const view = new HostView(host.label, (action, name) => runAction(client, view, action, name));
    hosts.append(view.element);
    watchHost(client, watched, config.everyMs).subscribe((state) => view.update(state, latencyMs));
  }
}

/** Runs a button's calls (a restart is a stop, then a start) and says how it went. */
function runAction(client: XmlRpcClient, view: HostView, action: ProcessAction, name: string): void {
  const call = (methodName: string): Observable<unknown> =>
    client.call(methodName, [name, true], { batch: false });
  const steps: Record<ProcessAction, Observable<unknown>> = {
    start: call('supervisor.startProcess'),
    stop: call('supervisor.stopProcess'),
    restart: concat(call('supervisor.stopProcess'), call('supervisor.startProcess')),
  };
  view.say(`${action} ${name}…`, false);
  steps[action].subscribe({
    complete: () => view.say(`${action} ${name}: done`, false),
    error: (error: Error) => {
      const refused =
        error instanceof XmlRpcFault
          ? `refused: fault ${error.faultCode} ${error.faultString}`
          : `failed: ${error.message}`;
      view.say(`${action} ${name} ${refused}`, true);
    },
  });
}

main().catch((error: Error) => {
  document.getElementById('totals')!.textContent = `The dashboard could not start: ${error.message}`;
});
