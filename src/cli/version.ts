import { readFileSync } from 'node:fs';

/**
 * The package's version, from its package.json: two levels up from this file both in the sources
 * (src/cli/) and in the build (dist/cli/).
 */
export function version(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return String(packageJson.version);
}
