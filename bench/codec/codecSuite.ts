import type { BenchSuite } from '../lib/BenchSuite.js';
import { progress } from '../lib/format.js';
import {
  measurePeakMemory,
  measureStringRetention,
  measureThroughput,
  type ThroughputResult,
} from './codecMeasurements.js';
import { codecReport } from './codecReport.js';
import { codecStatus } from './codecStatus.js';
import { generateMulticallResponse } from './generateMulticallResponse.js';
import { runPythonXmlrpc } from './runPythonXmlrpc.js';
import { verifyCodec } from './verifyCodec.js';

const SIZES = [100, 1_000, 10_000] as const;

/**
 * The codec benchmark: decode and encode of `system.multicall` responses of 100, 1,000 and 10,000
 * entries against the npm `xmlrpc` package, Python's `xmlrpc.client` and raw `txml.parse`, then peak
 * memory and string retention of decoding in fresh processes.
 */
export const codecSuite: BenchSuite = {
  name: 'codec',
  title: 'Codec: system.multicall responses',
  run: runCodecSuite,
};

async function runCodecSuite(): Promise<string> {
  const status = codecStatus();
  const fixtures = SIZES.map((entries) => generateMulticallResponse(entries));
  for (const fixture of fixtures) verifyCodec(fixture, status);

  progress('timing Python xmlrpc.client (one python3 process)');
  const python = await runPythonXmlrpc(fixtures.map((fixture) => fixture.xml)).catch((error: unknown) => {
    progress(`Python skipped: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });

  const throughput: ThroughputResult[] = [];
  for (const [index, fixture] of fixtures.entries()) {
    throughput.push(await measureThroughput(fixture, status, python?.timings[index]));
  }
  return codecReport({
    pythonVersion: python?.version ?? null,
    throughput,
    memory: await measurePeakMemory(status),
    retention: await measureStringRetention(status),
  });
}
