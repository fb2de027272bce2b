import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import type { XmlRpcStruct } from '../codec/XmlRpcValue.js';
import { describeMethod } from '../server/describeMethod.js';
import type { XmlRpcMethods } from '../server/XmlRpcMethods.js';
import { ProcessState } from '../supervisor/ProcessState.js';
import { SupervisorFaultCode } from '../supervisor/SupervisorFaultCode.js';

/** Options of {@link createDemoMethods}. */
export interface DemoMethodsOptions {
  /** The clock, in milliseconds since the epoch; default `Date.now`. Tests pass a fake one. */
  readonly now?: () => number;
}

type StateName = keyof typeof ProcessState;
const { BAD_NAME, FAILED } = SupervisorFaultCode;

/** A fake process: it goes through `phases` in a loop (`Infinity` stays), its pid changing at each start. */
interface FakeProcess {
  readonly name: string;
  readonly group: string;
  readonly pid: number;
  readonly phases: readonly (readonly [StateName, number])[];
}

const PROCESSES: readonly FakeProcess[] = [
  { name: 'web', group: 'web', pid: 4242, phases: [['RUNNING', Number.POSITIVE_INFINITY]] },
  {
    name: 'worker-1',
    group: 'workers',
    pid: 5100,
    phases: [
      ['RUNNING', 25],
      ['STOPPING', 2],
      ['STARTING', 3],
    ],
  },
  {
    name: 'worker-2',
    group: 'workers',
    pid: 5200,
    phases: [
      ['STARTING', 2],
      ['RUNNING', 12],
      ['EXITED', 4],
    ],
  },
  {
    name: 'cron',
    group: 'cron',
    pid: 6100,
    phases: [
      ['STOPPED', 3],
      ['RUNNING', 5],
      ['EXITED', 7],
    ],
  },
  {
    name: 'flaky',
    group: 'flaky',
    pid: 7100,
    phases: [
      ['STARTING', 1],
      ['BACKOFF', 3],
      ['STARTING', 1],
      ['FATAL', 10],
    ],
  },
];

/** The calls the demo watches, in the notation of `rxjs-xmlrpc watch`: successes, and two faults. */
export const DEMO_CALLS: readonly string[] = [
  'supervisor.getState',
  'demo.getUptime',
  'demo.getCounters',
  'supervisor.getProcessInfo("web")',
  'supervisor.getProcessInfo("nope")',
  'demo.alwaysFaults',
  'supervisor.getAllProcessInfo',
];

/**
 * Methods that look like a small supervisord, for the demo and `rxjs-xmlrpc serve`: a process list
 * whose states, pids and uptimes change over time (a pure function of the clock, so tests can
 * fix it), counters, uptime, and a method that always faults. Pass them to `serveXmlRpc`.
 *
 * - `supervisor.getState()`: `{statecode: 1, statename: "RUNNING"}`
 * - `supervisor.getAllProcessInfo()`: one struct per process (`name`, `group`, `statename`, `state`,
 *   `pid`, `description`), a subset of supervisord's
 * - `supervisor.getProcessInfo(name)`: one of those, or fault 10 `BAD_NAME: name`, as supervisord
 * - `demo.getCounters()`: `{jobsProcessed, jobsFailed, processStarts}`, growing with time
 * - `demo.getUptime()`: `{seconds, startedAt}` (a `dateTime.iso8601`)
 * - `demo.alwaysFaults()`: fault 30 `FAILED: …`
 *
 * @example
 * ```ts
 * const server = await serveXmlRpc({ methods: createDemoMethods() });
 * ```
 */
export function createDemoMethods(options: DemoMethodsOptions = {}): XmlRpcMethods {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const elapsedSeconds = () => Math.max(0, (now() - startedAt) / 1000);
  const processes = () => PROCESSES.map((fake) => processInfo(fake, elapsedSeconds()));

  return {
    supervisor: {
      getState: describeMethod(() => ({ statecode: 1, statename: 'RUNNING' }), {
        help: 'The state of the supervisor itself.',
        signatures: [['struct']],
      }),
      getAllProcessInfo: describeMethod(() => processes().map(({ info }) => info), {
        help: 'Info about every process: name, group, statename, state, pid, description.',
        signatures: [['array']],
      }),
      getProcessInfo: describeMethod(
        (name: string) => {
          const found = processes().find(({ info }) => info.name === name);
          if (found === undefined) throw new XmlRpcFault(BAD_NAME, `BAD_NAME: ${name}`);
          return found.info;
        },
        {
          help: 'Info about one process, by name; fault 10 BAD_NAME for an unknown one.',
          signatures: [['struct', 'string']],
        },
      ),
    },
    demo: {
      getCounters: describeMethod(
        () => {
          const seconds = elapsedSeconds();
          const processStarts = processes().reduce((sum, { starts }) => sum + starts, 0);
          return {
            jobsProcessed: Math.floor(seconds * 7.3),
            jobsFailed: Math.floor(seconds / 9),
            processStarts,
          };
        },
        { help: 'Counters that grow over time.', signatures: [['struct']] },
      ),
      getUptime: describeMethod(
        () => ({ seconds: Math.floor(elapsedSeconds()), startedAt: new Date(startedAt) }),
        {
          help: 'Seconds since the demo server started, and when it did.',
          signatures: [['struct']],
        },
      ),
      alwaysFaults: describeMethod(
        () => {
          throw new XmlRpcFault(
            FAILED,
            'FAILED: this method always faults (the other calls of its multicall do not)',
          );
        },
        { help: 'Always answers fault 30.', signatures: [['struct']] },
      ),
    },
  };
}

/** A process as supervisord describes it `seconds` into the demo, and how many times it has started. */
function processInfo(fake: FakeProcess, seconds: number): { info: XmlRpcStruct; starts: number } {
  const cycle = fake.phases.reduce((sum, [, length]) => sum + length, 0);
  const round = Number.isFinite(cycle) ? Math.floor(seconds / cycle) : 0;
  let position = seconds - round * (Number.isFinite(cycle) ? cycle : 0);
  let state: StateName = fake.phases[0]![0];
  let phase = 0;
  for (const [name, length] of fake.phases) {
    state = name;
    if (position < length) break;
    position -= length;
    phase++;
  }
  const starts = round * countStarts(fake.phases) + countStarts(fake.phases.slice(0, phase + 1));
  const pid = state === 'RUNNING' || state === 'STOPPING' ? fake.pid + 3 * (starts - 1) : 0;
  return {
    info: {
      name: fake.name,
      group: fake.group,
      statename: state,
      state: ProcessState[state],
      pid,
      description: describeState(state, pid, Math.floor(position)),
    },
    starts,
  };
}

/** How many times a process starts running over `phases`. */
function countStarts(phases: readonly (readonly [StateName, number])[]): number {
  return phases.filter(([state]) => state === 'RUNNING').length;
}

/** supervisord's `description`: the pid and uptime of a running process, or what went wrong. */
function describeState(state: StateName, pid: number, secondsInState: number): string {
  if (state === 'RUNNING') return `pid ${pid}, uptime ${formatUptime(secondsInState)}`;
  if (state === 'STOPPED') return 'Not started';
  if (state === 'BACKOFF' || state === 'FATAL') return 'Exited too quickly';
  if (state === 'EXITED') return `exited ${formatUptime(secondsInState)} ago`;
  return '';
}

/** `H:MM:SS`, as supervisord prints uptimes. */
function formatUptime(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}
