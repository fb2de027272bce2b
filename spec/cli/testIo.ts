import { Readable, Writable } from 'node:stream';
import { expect } from 'vitest';
import type { CliIo } from '../../src/cli/Command.js';
import { runCli } from '../../src/cli/runCli.js';

/** A stand-in for stdout or stderr that keeps what is written and can say when something came. */
export class TestOutput extends Writable {
  isTTY: boolean;
  columns: number | undefined;
  rows: number | undefined;
  #text = '';
  readonly #listeners = new Set<() => void>();

  readonly #slow: boolean;

  /**
   * @param options `isTTY`, `columns` and `rows` as a terminal reports them; `slow` takes each write
   *   on a later turn with a 1-byte buffer, so every write reports a full buffer, as a pipe whose
   *   reader lags behind does.
   */
  constructor(options: { isTTY?: boolean; columns?: number; rows?: number; slow?: boolean } = {}) {
    super({ decodeStrings: false, highWaterMark: options.slow ? 1 : undefined });
    this.isTTY = options.isTTY ?? false;
    this.columns = options.columns;
    this.rows = options.rows;
    this.#slow = options.slow ?? false;
  }

  override _write(chunk: string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#text += chunk;
    for (const listener of this.#listeners) listener();
    if (this.#slow) setImmediate(callback);
    else callback();
  }

  /** Everything written so far. */
  text(): string {
    return this.#text;
  }

  /**
   * Resolves once the text written matches `pattern`, or contains it when it is a string (the test's
   * own timeout covers "never").
   */
  waitFor(pattern: RegExp | string): Promise<void> {
    const found =
      typeof pattern === 'string' ? () => this.#text.includes(pattern) : () => pattern.test(this.#text);
    return new Promise((resolve) => {
      const check = () => {
        if (!found()) return;
        this.#listeners.delete(check);
        resolve();
      };
      this.#listeners.add(check);
      check();
    });
  }
}

/** A {@link CliIo} for running a command in-process, with a hand on its stop handlers. */
export interface TestIo extends CliIo {
  readonly stdout: TestOutput;
  readonly stderr: TestOutput;
  /** Calls the stop handlers registered now, as a SIGINT or SIGTERM to the process would. */
  signal(signal: NodeJS.Signals): void;
  /** How many stop handlers are registered now. */
  stopHandlers(): number;
}

/** What {@link createTestIo} sets up. */
export interface TestIoOptions {
  /** stdin's content (ended at once), or a stream for a test that feeds it over time; default empty. */
  readonly stdin?: string | Readable;
  readonly stdinIsTTY?: boolean;
  readonly stdout?: TestOutput;
  readonly stderr?: TestOutput;
  /** The environment; default empty, whatever the test process's own holds. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * I/O stand-ins for `runCli`: nothing is a terminal unless asked, stdin and the environment are empty
 * unless given.
 */
export function createTestIo(options: TestIoOptions = {}): TestIo {
  const stdin =
    options.stdin instanceof Readable ? options.stdin : Readable.from(options.stdin ? [options.stdin] : []);
  Object.assign(stdin, { isTTY: options.stdinIsTTY ?? false });
  const handlers = new Set<(signal: NodeJS.Signals) => void>();
  return {
    stdin,
    stdout: options.stdout ?? new TestOutput(),
    stderr: options.stderr ?? new TestOutput(),
    env: options.env ?? {},
    // As `onStopSignal` does: `stop` is called once, its handler removed first.
    onStopSignal(stop) {
      const handler = (signal: NodeJS.Signals) => {
        handlers.delete(handler);
        stop(signal);
      };
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
      };
    },
    signal(signal) {
      for (const handler of [...handlers]) handler(signal);
    },
    stopHandlers: () => handlers.size,
  };
}

/** How an in-process run of the CLI ended. */
export interface InProcessResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly io: TestIo;
}

/**
 * The library's option names, which no CLI user can set: CLI output names flags instead
 * (`cliMessage`). A backticked camelCase word, or one of the options a message could name.
 */
const LIBRARY_OPTION =
  /`[a-z]+[A-Z]\w*`|\b(?:multicallResults|timeoutMs|maxResponseBytes|maxLength|maxDepth|maxIntegerDigits|maxBatchBytes|maxBatchSize|maxWaitMs|allowNil)\b/;

/**
 * Runs `rxjs-xmlrpc ...args` in this process on {@link createTestIo}'s stand-ins, to its end, and
 * checks that nothing it wrote speaks of a library option: every test run guards the CLI's language.
 */
export async function runInProcess(
  args: readonly string[],
  options?: TestIoOptions,
): Promise<InProcessResult> {
  const io = createTestIo(options);
  const status = await runCli(args, io);
  const result = { status, stdout: io.stdout.text(), stderr: io.stderr.text(), io };
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(LIBRARY_OPTION);
  return result;
}
