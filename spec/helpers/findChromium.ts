import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** How to launch the system's Chromium (playwright's own browser download is not used). */
export interface ChromiumLaunch {
  readonly executablePath: string;
  readonly args: string[];
}

/** What to tell someone who has no Chromium. */
export const INSTALL_CHROMIUM = 'install it with `apt-get install -y chromium` or set CHROMIUM_PATH';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium to run browser tests in: `CHROMIUM_PATH` or `CHROME_PATH` when set (an error if it is
 * not an executable: it was asked for), else the `chromium` command on the PATH (Debian's package),
 * else `undefined`. Launched headless without the sandbox when root (Chromium refuses to start
 * otherwise), and without the background services that would reach the network.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLaunch | undefined {
  const asked = env.CHROMIUM_PATH || env.CHROME_PATH;
  if (asked && !isExecutable(asked)) {
    throw new Error(`CHROMIUM_PATH/CHROME_PATH is ${JSON.stringify(asked)}, which is not an executable`);
  }
  const executablePath =
    asked ||
    (env.PATH ?? '')
      .split(delimiter)
      .filter((dir) => dir !== '')
      .map((dir) => join(dir, 'chromium'))
      .find(isExecutable);
  if (executablePath === undefined) return undefined;
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  return { executablePath, args };
}
