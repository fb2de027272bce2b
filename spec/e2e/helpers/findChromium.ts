import { execFileSync } from 'node:child_process';

/**
 * The Chromium to drive: `CHROMIUM_PATH` or `CHROME_PATH` when set, else `chromium` (Debian's
 * package) or `chromium-browser` on the PATH; `undefined` when there is none. Playwright's own
 * browser download is not used.
 */
export function findChromium(): string | undefined {
  const given = process.env.CHROMIUM_PATH || process.env.CHROME_PATH;
  if (given) return given;
  try {
    const found = execFileSync('/bin/sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    });
    return found.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Flags for a headless Chromium in a container, as root, with nothing fetched from the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
