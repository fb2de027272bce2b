/**
 * Builds the page of `rxjs-xmlrpc dashboard`: bundles src/dashboard/page/main.ts (and the parts of the
 * core it uses) with esbuild and inlines it, with the style sheet, into one HTML file with no external
 * asset. `npm run build` runs this file, which writes dist/dashboard/index.html, where the command
 * finds it; the end-to-end test runs {@link writeDashboardPage} too, so it never tests a stale page.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const PAGE_DIR = new URL('../src/dashboard/page/', import.meta.url);

/** The page as one HTML document. */
export async function buildDashboardPage(): Promise<string> {
  const [template, style, bundle] = await Promise.all([
    readFile(new URL('index.html', PAGE_DIR), 'utf8'),
    readFile(new URL('dashboard.css', PAGE_DIR), 'utf8'),
    build({
      entryPoints: [fileURLToPath(new URL('main.ts', PAGE_DIR))],
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    }),
  ]);
  const script = bundle.outputFiles[0]!.text;
  // esbuild escapes "</script" inside strings; anything else that closes the element would cut the page.
  if (/<\/script/i.test(script)) throw new Error('the dashboard bundle holds "</script"');
  // Functions as replacements, so a "$" in the script or the style is not read as a pattern.
  return template.replace('/*STYLE*/', () => style.trim()).replace('/*SCRIPT*/', () => script.trim());
}

/** Builds the page into dist/dashboard/index.html, where the command looks for it; resolves with its size. */
export async function writeDashboardPage(): Promise<number> {
  const out = new URL('../dist/dashboard/', import.meta.url);
  await mkdir(out, { recursive: true });
  const page = await buildDashboardPage();
  await writeFile(new URL('index.html', out), page);
  return Buffer.byteLength(page);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`dist/dashboard/index.html: ${Math.round((await writeDashboardPage()) / 1024)} kB`);
}
