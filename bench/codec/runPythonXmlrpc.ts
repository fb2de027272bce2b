import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Timing } from '../lib/measure.js';
import { runJsonProcess } from '../lib/runJsonProcess.js';

/** Python's timings for one document. */
export interface PythonTimings {
  readonly loads: Timing;
  readonly dumps: Timing;
}

interface PythonReport {
  readonly python: string;
  readonly results: readonly PythonTimings[];
}

const SCRIPT = fileURLToPath(new URL('../python/bench_xmlrpc.py', import.meta.url));

/**
 * Times Python's `xmlrpc.client.loads` and `dumps` on the given documents (written byte for byte to a
 * temporary directory) in one `python3` process; resolves to the Python version and one result per
 * document, in order. Python times the calls itself, so interpreter start-up is not counted.
 */
export async function runPythonXmlrpc(
  documents: readonly string[],
): Promise<{ version: string; timings: readonly PythonTimings[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'rxjs-xmlrpc-bench-'));
  try {
    const files = documents.map((xml, index) => {
      const file = join(dir, `document-${index}.xml`);
      writeFileSync(file, xml, 'utf8');
      return file;
    });
    const report = (await runJsonProcess('python3', [SCRIPT, ...files])) as PythonReport;
    if (report.results.length !== documents.length) {
      throw new Error(`python3 timed ${report.results.length} documents, expected ${documents.length}`);
    }
    return { version: report.python, timings: report.results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
