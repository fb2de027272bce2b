import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/Command.js';
import { credentialsArg } from '../../src/cli/credentialsArg.js';

const directory = mkdtempSync(join(tmpdir(), 'rxjs-xmlrpc-auth-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let files = 0;
/** A new file holding `content`, and its path. */
function authFile(content: string | Uint8Array): string {
  const path = join(directory, `auth-${++files}`);
  writeFileSync(path, content);
  return path;
}

const URL_PLAIN = 'http://127.0.0.1:9001/RPC2';
const URL_WITH_CREDENTIALS = 'http://url-user:url-pass@127.0.0.1:9001/RPC2';
const ENV = { XMLRPC_AUTH: 'env-user:env-pass' };

describe('credentialsArg', () => {
  it.each([
    ['user:password\n', { username: 'user', password: 'password' }],
    ['user:password', { username: 'user', password: 'password' }],
    ['user:pass\r\nsecond line\n', { username: 'user', password: 'pass' }],
    ['user:pa:ss word \n', { username: 'user', password: 'pa:ss word ' }],
    [':token\n', { username: '', password: 'token' }],
    ['üser:pässwörd\n', { username: 'üser', password: 'pässwörd' }],
  ])('reads the first line of --auth-file %j, split at its first ":"', async (content, expected) => {
    expect(await credentialsArg(URL_PLAIN, authFile(content), {})).toEqual(expected);
  });

  it('takes XMLRPC_AUTH when neither --auth-file nor the URL gives credentials', async () => {
    expect(await credentialsArg(URL_PLAIN, undefined, ENV)).toEqual({
      username: 'env-user',
      password: 'env-pass',
    });
    expect(await credentialsArg(URL_PLAIN, undefined, {})).toBeUndefined();
    expect(await credentialsArg(URL_PLAIN, undefined, { XMLRPC_AUTH: '' })).toBeUndefined();
  });

  it('lets the command line win over XMLRPC_AUTH: --auth-file, or credentials in the URL', async () => {
    expect(await credentialsArg(URL_PLAIN, authFile('file-user:file-pass\n'), ENV)).toEqual({
      username: 'file-user',
      password: 'file-pass',
    });
    // The transport reads the URL's credentials itself: nothing to add.
    expect(await credentialsArg(URL_WITH_CREDENTIALS, undefined, ENV)).toBeUndefined();
  });

  it('refuses --auth-file beside credentials in the URL', async () => {
    await expect(credentialsArg(URL_WITH_CREDENTIALS, authFile('u:p\n'), {})).rejects.toThrow(
      new UsageError('give credentials in the URL or in --auth-file, not both'),
    );
  });

  it('names an unreadable file and says why', async () => {
    const missing = join(directory, 'missing');
    await expect(credentialsArg(URL_PLAIN, missing, {})).rejects.toThrow(
      new UsageError(
        `--auth-file ${JSON.stringify(missing)} cannot be read (ENOENT: no such file or directory)`,
      ),
    );
    await expect(credentialsArg(URL_PLAIN, directory, {})).rejects.toThrow(
      new UsageError(
        `--auth-file ${JSON.stringify(directory)} cannot be read (EISDIR: illegal operation on a directory)`,
      ),
    );
  });

  it.each([
    ['s3cret-without-colon\n', 'must be user:password, but holds no ":"'],
    ['', 'is empty, but must be user:password'],
    ['\nuser:s3cret\n', 'is empty, but must be user:password'],
    [new Uint8Array([0x75, 0x3a, 0x73, 0x33, 0xff, 0x0a]), 'is not UTF-8 text'],
    [`user:${'s3cret'.repeat(3000)}`, 'is longer than 16384 bytes'],
  ])('refuses a malformed first line %#, never quoting it', async (content, problem) => {
    const path = authFile(content);
    const error = await credentialsArg(URL_PLAIN, path, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(`--auth-file ${JSON.stringify(path)}: its first line`);
    expect((error as Error).message).toContain(problem);
    expect((error as Error).message).not.toContain('s3');
  });

  it('refuses a malformed XMLRPC_AUTH, never quoting it', async () => {
    await expect(credentialsArg(URL_PLAIN, undefined, { XMLRPC_AUTH: 's3cret' })).rejects.toThrow(
      new UsageError('XMLRPC_AUTH must be user:password, but holds no ":"'),
    );
  });
});
