import { decodeMethodResponse, encodeMethodResponse } from 'rxjs-xmlrpc';
import { parse } from 'txml/txml';
import { progress } from '../lib/format.js';
import { measure, megabytesPerSecond } from '../lib/measure.js';
import { median } from '../lib/median.js';
import { runTsxJsonProcess } from '../lib/runJsonProcess.js';
import type { MemoryReport } from '../lib/startMemoryProbe.js';
import type { CodecStatus } from './codecStatus.js';
import type { MulticallResponseFixture } from './generateMulticallResponse.js';
import type { MemoryDecoderName } from './memoryDecoders.js';
import type { PythonTimings } from './runPythonXmlrpc.js';
import { toXmlrpcValue, xmlrpcDecodeMethodResponse, xmlrpcEncodeMethodResponse } from './xmlrpcPackage.js';

/** The entries of the response whose peak memory is measured (the one the memory target is stated for). */
export const MEMORY_ENTRIES = 10_000;
/** How many responses of how many entries the retention measure decodes. */
export const RETENTION_RESPONSES = 20;
export const RETENTION_ENTRIES = 1_000;

/** The codecs timed: ours and its peers. */
export type Contender = 'ours' | 'xmlrpc' | 'python' | 'txml';

/** Throughputs in MB/s; null when not measured (ours pending, Python unavailable, txml does not encode). */
export type Rates = Readonly<Record<Contender, number | null>>;

/** Decode and encode throughputs of one document size. */
export interface ThroughputResult {
  readonly fixture: MulticallResponseFixture;
  readonly decode: Rates;
  readonly encode: Rates;
}

export interface MemoryResult extends MemoryReport {
  readonly bytes: number;
}

export interface RetentionResult {
  readonly responses: number;
  readonly entries: number;
  readonly documentChars: number;
  readonly keptChars: number;
  readonly retained: number;
}

/**
 * Rounds over every JS contender of one document size, one after the other, each figure the median of its
 * rounds: a passing state of the machine or of one contender's JIT then cannot decide a figure alone.
 */
const ROUNDS = 3;

/** Times decode and encode of `fixture` by every JS contender; Python's timings come in measured. */
export async function measureThroughput(
  fixture: MulticallResponseFixture,
  status: CodecStatus,
  python: PythonTimings | undefined,
): Promise<ThroughputResult> {
  const { xml, value, bytes, entries } = fixture;
  const xmlrpcValue = toXmlrpcValue(value);
  const contenders = {
    decodeOurs: status.decode ? () => decodeMethodResponse(xml) : null,
    decodeXmlrpc: () => xmlrpcDecodeMethodResponse(xml),
    decodeTxml: () => parse(xml, { keepWhitespace: true }),
    encodeOurs: status.encode ? () => flatten(encodeMethodResponse(value)) : null,
    encodeXmlrpc: () => flatten(xmlrpcEncodeMethodResponse(xmlrpcValue)),
  };
  type Run = keyof typeof contenders;
  const rates = new Map<Run, number[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, run] of Object.entries(contenders) as [Run, (() => unknown) | null][]) {
      if (run === null) continue;
      progress(`${entries} entries, round ${round} of ${ROUNDS}: ${name}`);
      rates.set(name, [...(rates.get(name) ?? []), megabytesPerSecond(bytes, await measure(run))]);
    }
  }
  const rate = (name: Run): number | null => {
    const values = rates.get(name);
    return values === undefined ? null : median(values);
  };
  return {
    fixture,
    decode: {
      ours: rate('decodeOurs'),
      xmlrpc: rate('decodeXmlrpc'),
      python: python ? megabytesPerSecond(bytes, python.loads) : null,
      txml: rate('decodeTxml'),
    },
    encode: {
      ours: rate('encodeOurs'),
      xmlrpc: rate('encodeXmlrpc'),
      python: python ? megabytesPerSecond(bytes, python.dumps) : null,
      txml: null,
    },
  };
}

/**
 * Reading a character makes V8 flatten a string built by concatenation (a rope of many pieces). Sending
 * the response forces that anyway, so its cost is counted as part of encoding.
 */
function flatten(xml: string): number {
  return xml.charCodeAt(xml.length - 1);
}

/** Peak memory of decoding the `MEMORY_ENTRIES`-entry response, per decoder, each in a fresh process. */
export function measurePeakMemory(status: CodecStatus): Promise<Map<MemoryDecoderName, MemoryResult | null>> {
  return inFreshProcesses(status, 'peak memory', './measureDecodeMemory.ts', [String(MEMORY_ENTRIES)]);
}

/** Heap that one short string from each of several decoded responses keeps alive, per decoder. */
export function measureStringRetention(
  status: CodecStatus,
): Promise<Map<MemoryDecoderName, RetentionResult | null>> {
  const args = [String(RETENTION_RESPONSES), String(RETENTION_ENTRIES)];
  return inFreshProcesses(status, 'retention', './measureRetention.ts', args);
}

/** Runs `script` (next to this file) for each decoder in a fresh process; null for ours while pending. */
async function inFreshProcesses<R>(
  status: CodecStatus,
  what: string,
  script: string,
  args: readonly string[],
): Promise<Map<MemoryDecoderName, R | null>> {
  const results = new Map<MemoryDecoderName, R | null>();
  for (const decoder of ['ours', 'txml'] as const) {
    if (decoder === 'ours' && !status.decode) {
      results.set(decoder, null);
      continue;
    }
    progress(`${what}, ${decoder} (fresh process)`);
    results.set(
      decoder,
      (await runTsxJsonProcess(new URL(script, import.meta.url), [decoder, ...args])) as R,
    );
  }
  return results;
}
