import { mkdir } from 'node:fs/promises';
import { type Browser, chromium, type Locator, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboardPage } from '../../scripts/buildDashboardPage.js';
import { createDemoMethods } from '../../src/cli/demoMethods.js';
import { runCli } from '../../src/cli/runCli.js';
import { serveXmlRpc, type XmlRpcServerHandle } from '../../src/server/serveXmlRpc.js';
import { createTestIo, type TestIo } from '../cli/testIo.js';
import { CHROMIUM_ARGS, findChromium } from './helpers/findChromium.js';
import { type CountingProxy, startCountingProxy } from './helpers/startCountingProxy.js';
import { type Supervisord, startSupervisord, supervisordMissing } from './helpers/startSupervisord.js';

/*
 * `rxjs-xmlrpc dashboard` end to end: the command in this process, its page in a real headless
 * Chromium (driven by Playwright), and two hosts behind counting proxies: a real supervisord with two
 * programs when it is installed (the demo server otherwise), and a server of counters watched with a
 * METHOD. The proxies count what reached each endpoint, by method.
 */

const EVERY_MS = 1000;
/** The longest period of a dead host's polling: the page backs off to every 4 ticks. */
const BACKOFF_MAX_MS = 4 * EVERY_MS;
/** Time for the page to load and probe a host before its first round. */
const LOAD_MS = 3000;
const OUTPUT = new URL('./output/', import.meta.url);

const chromiumPath = findChromium();
const noSupervisord = supervisordMissing();
if (chromiumPath === undefined) {
  console.warn(
    'spec/e2e/dashboard.spec.ts skipped: no Chromium (apt-get install -y chromium, or set CHROMIUM_PATH)',
  );
}

describe.skipIf(chromiumPath === undefined)('rxjs-xmlrpc dashboard in Chromium', () => {
  let supervisord: Supervisord | undefined;
  let demo: XmlRpcServerHandle | undefined;
  let counters: XmlRpcServerHandle;
  let proxies: CountingProxy[];
  let io: TestIo;
  let run: Promise<number>;
  let browser: Browser;
  let page: Page;

  const host = (index: number): Locator => page.locator('section.host').nth(index);
  const roundOf = async (index: number) =>
    Number(/round (\d+)/.exec((await host(index).locator('.status').textContent()) ?? '')?.[1]);
  /** Resolves just after host `index` showed a new round: its next request is a tick away. */
  const nextRound = async (index: number) => {
    const before = await roundOf(index);
    await expect
      .poll(() => roundOf(index), { timeout: 2 * EVERY_MS + 1000, interval: 20 })
      .toBeGreaterThan(before);
    return before + 1;
  };

  beforeAll(async () => {
    await writeDashboardPage();
    if (noSupervisord === undefined) {
      supervisord = await startSupervisord({ programs: { web: 'sleep 1000', worker: 'sleep 1000' } });
    } else {
      console.warn(`spec/e2e/dashboard.spec.ts: the demo server stands in for supervisord: ${noSupervisord}`);
      demo = await serveXmlRpc({ methods: createDemoMethods() });
    }
    counters = await serveXmlRpc({ methods: { demo: createDemoMethods().demo! } });
    proxies = [
      await startCountingProxy(supervisord ? withCredentials(supervisord) : demo!.url),
      await startCountingProxy(counters.url),
    ];
    io = createTestIo();
    const argv = ['dashboard', ...proxies.map((proxy) => proxy.url), 'demo.getCounters', 'demo.getUptime'];
    run = runCli([...argv, '--every', `${EVERY_MS}ms`, '--port', '0'], io);
    await io.stdout.waitFor(/Dashboard of 2 hosts at (\S+)/);
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1100, height: 640 } });
    await mkdir(OUTPUT, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    io?.signal('SIGINT');
    expect(await run).toBe(0);
    await Promise.all([...(proxies ?? []).map((proxy) => proxy.stop()), counters?.close(), demo?.close()]);
    await supervisord?.dispose();
  }, 30_000);

  it('shows the process table within one tick, and the watched values of the other host', async () => {
    const url = /Dashboard of 2 hosts at (\S+)/.exec(io.stdout.text())![1]!;
    await page.goto(url);
    await page.evaluate(() => Object.assign(window, { loadedOnce: true }));
    const table = host(0).getByRole('table', { name: /^Processes on/ });
    const firstRow = table.locator('tbody tr').first();
    await firstRow.waitFor({ timeout: LOAD_MS + EVERY_MS });
    if (supervisord) {
      for (const name of ['web', 'worker']) {
        await expect
          .poll(() => table.locator(`tr[data-process="${name}:${name}"] .state`).textContent())
          .toBe('RUNNING');
      }
    }
    const counterRow = host(1).getByRole('row', { name: /demo\.getCounters/ });
    await expect.poll(() => counterRow.textContent()).toMatch(/jobsProcessed/);
    // No credentials reach the page: neither its config nor what it shows.
    const config = await page.evaluate(() => fetch('config.json').then((response) => response.text()));
    // (The page is its bundle too, so only strings that cannot occur in code are looked for.)
    for (const secret of ['@127.0.0.1', ...(supervisord ? [supervisord.credentials.password] : [])]) {
      expect(await page.content()).not.toContain(secret);
      expect(config).not.toContain(secret);
    }
  });

  it('sends exactly one system.multicall per host per round, and nothing else', async () => {
    for (const index of [0, 1]) {
      const counts = proxies[index]!.counts;
      const snapshot = () => new Map(counts);
      const startRound = await nextRound(index);
      const before = snapshot();
      const startedAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 3 * EVERY_MS));
      const endRound = await nextRound(index);
      const elapsed = Date.now() - startedAt;
      const after = snapshot();
      const sent = (method: string) => (after.get(method) ?? 0) - (before.get(method) ?? 0);
      expect(sent('system.multicall')).toBe(endRound - startRound);
      expect(
        [...after.keys()].filter((method) => method !== 'system.multicall' && sent(method) !== 0),
      ).toEqual([]);
      // One round per tick: no tick skipped, none doubled.
      expect(endRound - startRound).toBeGreaterThanOrEqual(Math.floor(elapsed / EVERY_MS) - 1);
      expect(endRound - startRound).toBeLessThanOrEqual(Math.ceil(elapsed / EVERY_MS) + 1);
    }
  });

  it.skipIf(noSupervisord !== undefined)(
    'stops a process with its button: the page shows it within two ticks, and supervisord says so',
    async () => {
      const row = host(0).locator('tr[data-process="web:web"]');
      await row.getByRole('button', { name: 'stop web' }).click();
      await expect
        .poll(() => row.locator('.state').textContent(), { timeout: 2 * EVERY_MS + 1000, interval: 20 })
        .toBe('STOPPED');
      expect((await supervisord!.processInfo('web')).statename).toBe('STOPPED');
      expect(await host(0).getByRole('status').textContent()).toBe('stop web:web: done');
      // Starting it again is allowed; stopping a stopped process is not offered.
      expect(await row.getByRole('button', { name: 'stop web', exact: true }).isDisabled()).toBe(true);
      expect(await row.getByRole('button', { name: 'start web', exact: true }).isDisabled()).toBe(false);
      await page.screenshot({ path: new URL('dashboard.png', OUTPUT).pathname, fullPage: true });
    },
  );

  it('shows a dead host as stale with its last values kept, while the other goes on', async () => {
    // The rows with a value (a call that only ever got a fault has none to keep).
    const valueRows = () => host(0).locator('tbody tr:not(:has(td.failed))').allTextContents();
    const rows = await valueRows();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    await proxies[0]!.stop();
    await supervisord?.stop();
    await expect
      .poll(() => host(0).locator('.status').textContent(), { timeout: 2 * EVERY_MS + 1000, interval: 20 })
      .toMatch(/stale since \d\d:\d\d:\d\d — connection refused/);
    expect(await host(0).getAttribute('class')).toContain('stale');
    expect(await valueRows()).toEqual(rows);
    // The live host is not held up by the dead one.
    const round = await roundOf(1);
    await expect.poll(() => roundOf(1), { timeout: 2 * EVERY_MS + 1000 }).toBeGreaterThan(round);
    expect(await host(1).getAttribute('class')).not.toContain('stale');
    await page.screenshot({ path: new URL('dashboard-stale.png', OUTPUT).pathname, fullPage: true });
  });

  it('recovers when the host comes back, within one backed-off period, without a reload', async () => {
    await supervisord?.restart();
    await proxies[0]!.restart();
    await expect
      .poll(() => host(0).getAttribute('class'), { timeout: BACKOFF_MAX_MS + EVERY_MS + 1000, interval: 20 })
      .not.toContain('stale');
    expect(await host(0).locator('.status').textContent()).not.toContain('stale');
    if (supervisord) {
      // Restarted, supervisord starts both programs again.
      await expect
        .poll(() => host(0).locator('tr[data-process="web:web"] .state').textContent())
        .toBe('RUNNING');
    }
    expect(await page.evaluate(() => (window as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
  });
});

/** The supervisord's URL with its credentials, as a user gives it to the dashboard. */
function withCredentials({ url, credentials }: Supervisord): string {
  const withThem = new URL(url);
  withThem.username = credentials.username;
  withThem.password = credentials.password;
  return withThem.href;
}
