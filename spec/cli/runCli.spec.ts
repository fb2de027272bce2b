import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/runCli.js';
import { createTestIo, runInProcess } from './testIo.js';

const packageVersion = (await import('../../package.json', { with: { type: 'json' } })).default.version;

describe('runCli', () => {
  it.each(['--help', '-h'])(
    'prints the global help with every command on %s, and resolves 0',
    async (flag) => {
      const { status, stdout, stderr } = await runInProcess([flag]);
      expect(status).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^Usage: rxjs-xmlrpc COMMAND/);
      for (const command of ['call', 'batch', 'watch', 'serve', 'demo', 'help']) {
        expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
      }
    },
  );

  it('prints the global help for "help" alone', async () => {
    const [help, alone] = await Promise.all([runInProcess(['--help']), runInProcess(['help'])]);
    expect(alone.status).toBe(0);
    expect(alone.stdout).toBe(help.stdout);
  });

  it.each(['--version', '-v'])('prints the version of package.json on %s', async (flag) => {
    const { status, stdout, stderr } = await runInProcess([flag]);
    expect([status, stdout, stderr]).toEqual([0, `${packageVersion}\n`, '']);
  });

  it.each([
    ['call', ['call', '--help'], /^Usage: rxjs-xmlrpc call URL METHOD/],
    ['batch', ['batch', 'http://127.0.0.1:1/RPC2', '-h'], /^Usage: rxjs-xmlrpc batch URL/],
    ['watch', ['help', 'watch'], /^Usage: rxjs-xmlrpc watch URL METHOD/],
    ['serve', ['serve', '--port', 'nonsense', '--help'], /^Usage: rxjs-xmlrpc serve/],
    ['demo', ['demo', '--help'], /^Usage: rxjs-xmlrpc demo/],
  ])('prints the help of %s, even beside bad arguments', async (_, args, usage) => {
    const { status, stdout, stderr } = await runInProcess(args);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(usage);
  });

  it('takes --help after -- as a param, not as a request for help', async () => {
    const { status, stdout, stderr } = await runInProcess(['call', 'http://x/RPC2', 'm', '--', '--help']);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^rxjs-xmlrpc call: params\[0\] is not JSON: --help .*\(see rxjs-xmlrpc call --help\)\n$/,
    );
    expect(status).toBe(2);
  });

  it.each([
    [[], 'rxjs-xmlrpc: missing COMMAND (see rxjs-xmlrpc --help)'],
    [['frobnicate'], 'rxjs-xmlrpc: unknown command "frobnicate" (see rxjs-xmlrpc --help)'],
    [['--frobnicate'], 'rxjs-xmlrpc: unknown option --frobnicate (see rxjs-xmlrpc --help)'],
    [['help', 'nope'], 'rxjs-xmlrpc: unknown command "nope" (see rxjs-xmlrpc --help)'],
    [['call'], 'rxjs-xmlrpc call: missing URL (see rxjs-xmlrpc call --help)'],
    [['call', 'http://127.0.0.1:1/RPC2'], 'rxjs-xmlrpc call: missing METHOD (see rxjs-xmlrpc call --help)'],
    [
      ['call', 'ftp://x/RPC2', 'm'],
      'rxjs-xmlrpc call: URL must start with http:// or https://, but got "ftp://x/RPC2" (see rxjs-xmlrpc call --help)',
    ],
    [
      ['call', 'http://x/RPC2', 'm', 'web'],
      `rxjs-xmlrpc call: params[0] is not JSON: web (a string must be quoted: '"web"') (see rxjs-xmlrpc call --help)`,
    ],
    [
      ['call', 'http://x/RPC2', 'm', '{"$i8": 1.5}'],
      'rxjs-xmlrpc call: params[0]: $i8 needs a string of digits or a safe integer, but got 1.5 (see rxjs-xmlrpc call --help)',
    ],
    [
      ['call', 'http://x/RPC2', 'm', '9007199254740993'],
      'rxjs-xmlrpc call: params[0]: 9007199254740993 is an integer past 2^53, which a JSON number cannot carry exactly; ' +
        'write {"$i8": "9007199254740993"} (or {"$double": 9007199254740993} for a double) (see rxjs-xmlrpc call --help)',
    ],
    [
      ['call', 'http://x/RPC2', 'm', '"a\\u0000b"'],
      /^rxjs-xmlrpc call: .*params\[0\].*\(see rxjs-xmlrpc call --help\)$/,
    ],
    [
      ['batch', 'http://x/RPC2', '--max-batch', '0'],
      'rxjs-xmlrpc batch: --max-batch must be a whole number from 1 to 1000000, but got "0" (see rxjs-xmlrpc batch --help)',
    ],
    [
      ['batch', 'http://x/RPC2', '--concurrency'],
      'rxjs-xmlrpc batch: option --concurrency needs a value (see rxjs-xmlrpc batch --help)',
    ],
    [
      ['batch', 'http://x/RPC2', 'extra'],
      'rxjs-xmlrpc batch: unexpected argument "extra" (calls are read from stdin) (see rxjs-xmlrpc batch --help)',
    ],
    [
      ['batch', 'http://x/RPC2', '--bare=yes'],
      'rxjs-xmlrpc batch: option --bare takes no value (see rxjs-xmlrpc batch --help)',
    ],
    [
      ['batch', 'http://x/RPC2', '--bare', '--wrapped'],
      'rxjs-xmlrpc batch: give one of --bare, --wrapped and --auto, not --bare and --wrapped (see rxjs-xmlrpc batch --help)',
    ],
    [
      ['watch', 'http://x/RPC2', 'm', '--wrapped', '--bare'],
      'rxjs-xmlrpc watch: give one of --bare, --wrapped and --auto, not --bare and --wrapped (see rxjs-xmlrpc watch --help)',
    ],
    [
      ['watch', 'http://x/RPC2'],
      'rxjs-xmlrpc watch: missing METHOD (give at least one) (see rxjs-xmlrpc watch --help)',
    ],
    [
      ['watch', 'http://x/RPC2', 'm', '--every', '0s'],
      'rxjs-xmlrpc watch: --every must be a duration such as 500ms, 1s or 2m (at least 1ms), but got "0s" (see rxjs-xmlrpc watch --help)',
    ],
    [
      ['watch', 'http://x/RPC2', 'm(1'],
      'rxjs-xmlrpc watch: "m(1" must end with ")" (see rxjs-xmlrpc watch --help)',
    ],
    [
      ['serve', '--port', '70000'],
      'rxjs-xmlrpc serve: --port must be a whole number from 0 to 65535, but got "70000" (see rxjs-xmlrpc serve --help)',
    ],
    [['serve', '--verbose'], 'rxjs-xmlrpc serve: unknown option --verbose (see rxjs-xmlrpc serve --help)'],
  ])('rejects %j with one line on stderr and status 2', async (args, message) => {
    const { status, stdout, stderr } = await runInProcess(args);
    expect(stdout).toBe('');
    expect(stderr.endsWith('\n') && stderr.split('\n').length).toBe(2);
    if (typeof message === 'string') expect(stderr).toBe(`${message}\n`);
    else expect(stderr.trimEnd()).toMatch(message);
    expect(status).toBe(2);
  });

  it('reports an error no command expected with its stack, and resolves 1', async () => {
    const io = createTestIo();
    io.stdout.write = () => {
      throw new TypeError('stdout is gone');
    };
    expect(await runCli(['--help'], io)).toBe(1);
    expect(io.stderr.text()).toMatch(/^rxjs-xmlrpc: unexpected error: TypeError: stdout is gone\n +at /);
  });

  it('reports a thrown non-error as text', async () => {
    const io = createTestIo();
    io.stdout.write = () => {
      throw 'no stack';
    };
    expect(await runCli(['--version'], io)).toBe(1);
    expect(io.stderr.text()).toBe('rxjs-xmlrpc: unexpected error: no stack\n');
  });
});
