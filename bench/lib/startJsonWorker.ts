import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root: `--import tsx` resolves the `tsx` package from the child's working directory. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A child process that answers each request line with one JSON line. */
export interface JsonWorker {
  /** Sends `line` and resolves to the JSON line the child answers (requests are answered in order). */
  request(line: string): Promise<unknown>;
  /** Closes the child's stdin and resolves once it has exited. */
  close(): Promise<void>;
}

/**
 * Starts a TypeScript script in its own Node process (`--expose-gc`, tsx's loader) that reads request
 * lines on stdin and answers each with one JSON line on stdout; its first line (a readiness report,
 * after warming up) answers the implicit first request. Keeping two such workers alive lets a
 * benchmark alternate them run by run, so a change in machine load hits both contenders alike.
 */
export function startJsonWorker(
  scriptUrl: URL,
  args: readonly string[],
): JsonWorker & { ready: Promise<unknown> } {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(scriptUrl), ...args],
    {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const waiting: { resolve: (value: unknown) => void; reject: (error: Error) => void }[] = [];
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      waiting.push({ resolve, reject });
    });
  const ready = next();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const answer = waiting.shift();
    try {
      answer?.resolve(JSON.parse(line));
    } catch (cause) {
      answer?.reject(new Error(`worker printed no JSON: ${line.slice(0, 200)}`, { cause }));
    }
  });
  const exited = new Promise<void>((resolve) => {
    child.on('close', (code) => {
      for (const answer of waiting.splice(0)) answer.reject(new Error(`worker exited with ${code}`));
      resolve();
    });
  });
  return {
    ready,
    request(line) {
      const answer = next();
      child.stdin.write(`${line}\n`);
      return answer;
    },
    close() {
      child.stdin.end();
      return exited;
    },
  };
}
