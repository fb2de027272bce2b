import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli.js';
import { encodeFault } from '../../../src/codec/encodeMethodResponse.js';
import type { XmlRpcServerHandle } from '../../../src/server/serveXmlRpc.js';
import { startPythonServer } from '../../e2e/helpers/startPythonServer.js';
import { closedPort, startCli } from '../cliProcess.js';
import { createTestIo, runInProcess, TestOutput } from '../testIo.js';
import { startRawServer, startTestServer } from '../testServer.js';

let server: XmlRpcServerHandle;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Output lines as raw text, keyed by the raw text of their `"id":…` or `"line":…` prefix. */
function linesByKey(stdout: string): Map<string, string> {
  const lines = stdout.split('\n');
  expect(lines.pop()).toBe(''); // every line ends with a line break
  return new Map(lines.map((line) => [/^\{("(?:id|line)":.*?),"ok"/.exec(line)?.[1] ?? line, line]));
}

describe.concurrent('rxjs-xmlrpc batch', () => {
  it('answers every call with one line, ids exactly as given, faults included, and exits 0', async () => {
    const input = [
      '{"id": 1, "method": "echo", "params": ["one"]}',
      '{"id": "1", "method": "echo", "params": [{"$i8": "9007199254740993"}]}',
      '{"id": 1.50, "method": "supervisor.getProcessInfo", "params": ["nope"]}',
      '{"id": 12345678901234567890, "method": "echo"}',
      '{"id": null, "method": "echo", "params": [{"$dateTime": "2026-01-01T00:00:00Z"}]}',
      '{"id": {"job": [7, "x"]}, "method": "demo.alwaysFaults"}',
      '',
      '{"method": "supervisor.getState"}',
    ].join('\n');
    const { status, stdout, stderr } = await runInProcess(['batch', server.url], { stdin: input });
    expect(stderr).toBe('');
    expect(linesByKey(stdout)).toEqual(
      new Map([
        ['"id":1', '{"id":1,"ok":true,"value":["one"]}'],
        ['"id":"1"', '{"id":"1","ok":true,"value":[{"$i8":"9007199254740993"}]}'],
        [
          '"id":1.50',
          '{"id":1.50,"ok":false,"error":{"type":"fault","faultCode":10,"message":"BAD_NAME: nope"}}',
        ],
        ['"id":12345678901234567890', '{"id":12345678901234567890,"ok":true,"value":[]}'],
        ['"id":null', '{"id":null,"ok":true,"value":[{"$dateTime":"2026-01-01T00:00:00Z"}]}'],
        [
          '"id":{"job": [7, "x"]}',
          '{"id":{"job": [7, "x"]},"ok":false,"error":{"type":"fault","faultCode":30,' +
            '"message":"FAILED: this method always faults (the other calls of its multicall do not)"}}',
        ],
        ['"line":8', '{"line":8,"ok":true,"value":{"statecode":1,"statename":"RUNNING"}}'],
      ]),
    );
    expect(status).toBe(0);
  });

  it('answers a malformed line with its own parse error line, goes on, and exits 1', async () => {
    const input = [
      'not json',
      '[1, 2]',
      '{"id": 3, "method": "echo", "param": []}',
      '{"id": 4, "method": "", "params": []}',
      '{"id": 5, "method": "echo", "params": "x"}',
      '{"id": 6, "method": "echo", "params": [{"$i8": 1.5}]}',
      '{"id": 7, "method": "echo", "params": [7]}',
    ].join('\n');
    const { status, stdout } = await runInProcess(['batch', server.url], { stdin: input });
    const lines = linesByKey(stdout);
    expect(lines.size).toBe(7);
    expect(JSON.parse(lines.get('"line":1')!)).toEqual({
      line: 1,
      ok: false,
      error: { type: 'parse', message: expect.stringMatching(/^line 1 is not JSON: /) },
    });
    expect(JSON.parse(lines.get('"line":2')!).error).toEqual({
      type: 'parse',
      message: 'line 2 must be an object {"id": …, "method": "…", "params": […]}',
    });
    const problems = [3, 4, 5, 6].map(
      (id) => JSON.parse(lines.get(`"id":${id},"line":${id}`)!).error.message,
    );
    expect(problems).toEqual([
      'line 3: unknown member "param" (expected id, method, params)',
      'line 4: "method" must be a non-empty string',
      'line 5: "params" must be an array',
      'line 6: params[0]: $i8 needs a string of digits or a safe integer, but got 1.5',
    ]);
    expect(lines.get('"id":7')).toBe('{"id":7,"ok":true,"value":[7]}');
    expect(status).toBe(1);
  });

  it('gives every call a transport error line when the server is unreachable, and exits 1', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/RPC2`;
    const input = [
      '{"id": "a", "method": "echo"}',
      '{"id": "b", "method": "echo"}',
      '{"id": 3, "method": "echo"}',
    ];
    const { status, stdout } = await runInProcess(['batch', url], { stdin: input.join('\n') });
    const lines = linesByKey(stdout);
    expect([...lines.keys()].sort()).toEqual(['"id":"a"', '"id":"b"', '"id":3']);
    for (const line of lines.values()) {
      expect(JSON.parse(line)).toMatchObject({
        ok: false,
        error: { type: 'transport', message: expect.stringContaining(`POST ${url} failed`) },
      });
    }
    expect(status).toBe(1);
  });

  it('reads the multicall answer bare with --bare (supervisord)', async () => {
    const input = [
      '{"id": 1, "method": "echo", "params": ["a"]}',
      '{"id": 2, "method": "echo", "params": ["b"]}',
    ];
    const { status, stdout } = await runInProcess(['batch', server.url, '--bare', '--max-wait', '60000'], {
      stdin: input.join('\n'),
    });
    // This server wraps each result as the spec says, so a bare reading sees the wrapping array.
    expect(linesByKey(stdout)).toEqual(
      new Map([
        ['"id":1', '{"id":1,"ok":true,"value":[["a"]]}'],
        ['"id":2', '{"id":2,"ok":true,"value":[["b"]]}'],
      ]),
    );
    expect(status).toBe(0);
  });

  it('exits 0 with no output for empty input', async () => {
    const { status, stdout, stderr } = await runInProcess(['batch', server.url], { stdin: '\n\n' });
    expect([status, stdout, stderr]).toEqual([0, '', '']);
  });
});

describe('rxjs-xmlrpc batch against servers without system.multicall', () => {
  /** `count` echo calls and one that faults, as input lines, and the lines they must get. */
  function echoCalls(count: number): { input: string; expected: Map<string, string> } {
    const lines = Array.from({ length: count }, (_, i) => `{"id":${i},"method":"echo","params":[${i}]}`);
    const expected = new Map(lines.map((_, i) => [`"id":${i}`, `{"id":${i},"ok":true,"value":[${i}]}`]));
    return { input: lines.join('\n'), expected };
  }

  it('falls back to single calls (serveXmlRpc with multicall off): every call answered, exit 0', async () => {
    const own = await startTestServer({ multicall: false });
    try {
      const { input, expected } = echoCalls(23);
      const { status, stdout, stderr } = await runInProcess(
        ['batch', own.url, '--max-batch', '5', '--concurrency', '2'],
        { stdin: `${input}\n{"id":"f","method":"supervisor.getProcessInfo","params":["nope"]}` },
      );
      expect(stderr).toBe('');
      expected.set(
        '"id":"f"',
        '{"id":"f","ok":false,"error":{"type":"fault","faultCode":10,"message":"BAD_NAME: nope"}}',
      );
      expect(linesByKey(stdout)).toEqual(expected);
      expect(status).toBe(0);
      // Each call went out alone once the refusal was learnt; refused multicalls are at most the
      // batches that were in flight together before it came back.
      expect(own.requestCount).toBeGreaterThanOrEqual(24);
      expect(own.requestCount).toBeLessThanOrEqual(24 + 2);
    } finally {
      await own.close();
    }
  });

  it('falls back to single calls against Python without system.multicall', async () => {
    const python = await startPythonServer({ multicall: false });
    try {
      const lines = Array.from({ length: 12 }, (_, i) => `{"id":${i},"method":"echo","params":["s${i}"]}`);
      const { status, stdout } = await runInProcess(['batch', python.url, '--max-batch', '4'], {
        stdin: lines.join('\n'),
      });
      expect(linesByKey(stdout)).toEqual(
        new Map(lines.map((_, i) => [`"id":${i}`, `{"id":${i},"ok":true,"value":"s${i}"}`])),
      );
      expect(status).toBe(0);
    } finally {
      await python.stop();
    }
  }, 30_000);

  it('counts a fault to system.multicall itself as an error of each call, not as its fault: exit 1', async () => {
    // The whole multicall faults, as Python's does when one result cannot be marshalled; a call
    // sent alone (were the client to try) gets no XML-RPC answer at all.
    const refusing = await startRawServer(({ body }) =>
      body.includes('<methodName>system.multicall</methodName>')
        ? { body: encodeFault(1, "<class 'OverflowError'>:int exceeds XML-RPC limits") }
        : { status: 500, body: 'no' },
    );
    try {
      const { input } = echoCalls(3);
      const { status, stdout } = await runInProcess(['batch', refusing.url], { stdin: input });
      const errors = [...linesByKey(stdout).values()].map((line) => JSON.parse(line).error);
      expect(errors).toHaveLength(3);
      for (const error of errors) {
        // Never shown as the call's own fault: the call itself was not answered.
        expect(error.type === 'fault' ? error.batchLevel : true).toBe(true);
      }
      expect(status).toBe(1);
    } finally {
      await refusing.close();
    }
  });
});

describe('rxjs-xmlrpc batch, counted on its own server', () => {
  it('sends ceil(calls / --max-batch) requests', async () => {
    const own = await startTestServer();
    try {
      const input = Array.from({ length: 10 }, (_, i) => `{"id": ${i}, "method": "echo", "params": [${i}]}`);
      // A long --max-wait: batches close by size, or when stdin ends, however the input is chunked.
      const { status, stdout } = await runInProcess(
        ['batch', own.url, '--max-batch', '3', '--max-wait', '60000', '--concurrency', '2'],
        { stdin: input.join('\n') },
      );
      expect(status).toBe(0);
      expect(stdout.trimEnd().split('\n').sort()).toEqual(
        input.map((_, i) => `{"id":${i},"ok":true,"value":[${i}]}`).sort(),
      );
      expect(own.requestCount).toBe(4);
    } finally {
      await own.close();
    }
  });

  it('streams 20,000 calls through, one answer each', async () => {
    const count = 20_000;
    const input = Array.from(
      { length: count },
      (_, i) => `{"id":${i},"method":"echo","params":[${i}]}\n`,
    ).join('');
    const { status, stdout } = await runInProcess(['batch', server.url], { stdin: input });
    expect(status).toBe(0);
    const ids = new Set(
      stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    );
    expect(ids.size).toBe(count);
  });
});

describe('rxjs-xmlrpc batch backpressure, as a process', () => {
  it('stops reading stdin while stdout is not read, then answers every call', async () => {
    const own = await startTestServer();
    const total = 60_000;
    let produced = 0;
    function* lines() {
      for (; produced < total; produced++)
        yield `{"id":${produced},"method":"echo","params":[${produced}]}\n`;
    }
    const cli = startCli(['batch', own.url]);
    try {
      cli.child.stdout!.pause(); // nobody reads the answers for now
      Readable.from(lines()).pipe(cli.child.stdin!);
      // Wait until the child makes no more requests: it should be stuck on its full stdout.
      let requests = 0;
      do {
        requests = own.requestCount;
        await sleep(500);
      } while (requests === 0 || requests !== own.requestCount);
      // Calls read but not answered are capped (4 × 100 × 2), and answers wait in the pipe:
      // far fewer lines than the input were pulled in.
      expect(produced).toBeLessThan(total / 4);
      cli.child.stdout!.resume();
      const { status, stdout } = await cli.ended();
      expect(status).toBe(0);
      expect(stdout.trimEnd().split('\n')).toHaveLength(total);
    } finally {
      cli.child.kill();
      await own.close();
    }
  }, 60_000);
});

describe('rxjs-xmlrpc batch on a terminal', () => {
  it('says where it reads from, and redraws a progress line on stderr until the end', async () => {
    const stdin = new PassThrough();
    const io = createTestIo({ stdin, stdinIsTTY: true, stderr: new TestOutput({ isTTY: true }) });
    const run = runCli(['batch', server.url], io);
    const prompt = 'Reading calls from the terminal, one JSON object per line; end with Ctrl-D.\n';
    await io.stderr.waitFor(prompt);
    expect(io.stderr.text()).toBe(prompt);
    stdin.write('{"id": 1, "method": "echo"}\n');
    // Redrawn on a timer while the input stays open:
    await io.stderr.waitFor('\r\x1b[2Kcalls read 1 · done 1 · faults 0 · errors 0 · HTTP requests 1');
    stdin.end('{"id": 2, "method": "demo.alwaysFaults"}\nnot json\n');
    expect(await run).toBe(1);
    const final = '\r\x1b[2Kcalls read 3 · done 3 · faults 1 · errors 1 · HTTP requests 2\n';
    expect(io.stderr.text().endsWith(final)).toBe(true);
  });

  it('shows no prompt and no progress when stderr is not a terminal', async () => {
    const { status, stderr } = await runInProcess(['batch', server.url], {
      stdin: '{"id": 1, "method": "echo"}\n',
      stdinIsTTY: true,
    });
    expect([status, stderr]).toEqual([0, '']);
  });
});

describe('rxjs-xmlrpc batch flow control, in-process', () => {
  let single: XmlRpcServerHandle;
  beforeAll(async () => {
    single = await startTestServer({ multicall: false });
  });
  afterAll(() => single.close());

  it.each([
    ['multicall', () => server.url],
    ['single calls, for a server without system.multicall', () => single.url],
  ])(
    'keeps calls in flight and answers waiting in stdout bounded, however long the input (%s)',
    async (_, url) => {
      // --max-batch 5 --concurrency 1: at most 1 × 5 × 2 = 10 calls read and not yet answered.
      const maxWaiting = 10;
      const total = 500;
      let produced = 0;
      function* lines() {
        for (; produced < total; produced++)
          yield `{"id":${produced},"method":"echo","params":[${produced}]}\n`;
      }
      const stdout = new TestOutput({ slow: true });
      let answered = 0;
      let mostAhead = 0;
      let mostBuffered = 0;
      const write = stdout.write.bind(stdout);
      stdout.write = ((chunk: string) => {
        answered++;
        mostAhead = Math.max(mostAhead, produced - answered);
        mostBuffered = Math.max(mostBuffered, stdout.writableLength);
        return write(chunk);
      }) as typeof stdout.write;
      const { status } = await runInProcess(['batch', url(), '--max-batch', '5', '--concurrency', '1'], {
        stdin: Readable.from(lines(), { highWaterMark: 1 }),
        stdout,
      });
      expect(status).toBe(0);
      await new Promise<void>((resolve) => stdout.end(resolve)); // what is still buffered, as a process would
      expect(new Set(stdout.text().trimEnd().split('\n')).size).toBe(total);
      // Without flow control, both would grow with the input: reading runs far ahead of the server,
      // and answers pile up in a stdout that drains slowly. The bounds leave room for stream buffers.
      const longestLine = `{"id":${total},"ok":true,"value":[${total}]}\n`.length;
      expect(mostAhead).toBeLessThanOrEqual(2 * maxWaiting);
      expect(mostBuffered).toBeLessThanOrEqual(2 * maxWaiting * longestLine);
    },
  );
});
