import { decodeMethodResponse, encodeMethodResponse } from 'rxjs-xmlrpc';
import { parse } from 'txml/txml';
import type { BenchSuite } from '../lib/BenchSuite.js';
import { formatMB, formatRate, formatRatio, progress } from '../lib/format.js';
import { markdownTable } from '../lib/markdownTable.js';
import { measure, megabytesPerSecond } from '../lib/measure.js';
import { runTsxJsonProcess } from '../lib/runJsonProcess.js';
import type { MemoryReport } from '../lib/startMemoryProbe.js';
import { type CodecStatus, codecStatus } from './codecStatus.js';
import { generateMulticallResponse, type MulticallResponseFixture } from './generateMulticallResponse.js';
import type { MemoryDecoderName } from './memoryDecoders.js';
import { type PythonTimings, runPythonXmlrpc } from './runPythonXmlrpc.js';
import { toXmlrpcValue, xmlrpcDecodeMethodResponse, xmlrpcEncodeMethodResponse } from './xmlrpcPackage.js';

const SIZES = [100, 1_000, 10_000] as const;
/** The memory target is stated for the ~10 MB, 10,000-entry response. */
const MEMORY_ENTRIES = 10_000;
const MEMORY_TARGET_BYTES = 60e6;
const RETENTION_RESPONSES = 20;
const RETENTION_ENTRIES = 1_000;

/** A speed target: our throughput divided by a peer's must satisfy `meets`. */
interface SpeedTarget {
  readonly label: string;
  readonly meets: (ratio: number) => boolean;
}

const TARGETS = {
  decodeVsXmlrpc: { label: '≥ 4×', meets: (ratio) => ratio >= 4 },
  decodeVsPython: { label: '≥ 1.5×', meets: (ratio) => ratio >= 1.5 },
  encodeVsXmlrpc: { label: '≥ 8×', meets: (ratio) => ratio >= 8 },
  encodeVsPython: { label: '> 1×', meets: (ratio) => ratio > 1 },
} satisfies Record<string, SpeedTarget>;

/** One target checked on one measurement; `met` is null when ours is pending or the peer did not run. */
interface Check {
  readonly what: string;
  readonly met: boolean | null;
}

/** Throughputs in MB/s; null when not measured (ours pending, Python unavailable). */
interface SizeResult {
  readonly fixture: MulticallResponseFixture;
  readonly decode: { ours: number | null; xmlrpc: number; python: number | null; txml: number };
  readonly encode: { ours: number | null; xmlrpc: number; python: number | null };
}

interface MemoryResult extends MemoryReport {
  readonly bytes: number;
}

interface RetentionResult {
  readonly responses: number;
  readonly entries: number;
  readonly documentChars: number;
  readonly keptChars: number;
  readonly retained: number;
}

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
  for (const fixture of fixtures) verifyOurs(fixture, status);

  progress('timing Python xmlrpc.client (one python3 process)');
  const python = await runPythonXmlrpc(fixtures.map((fixture) => fixture.xml)).catch((error: unknown) => {
    progress(`Python skipped: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });

  const results: SizeResult[] = [];
  for (const [index, fixture] of fixtures.entries()) {
    results.push(await measureSize(fixture, status, python?.timings[index]));
  }
  const memory = await measureMemory(status);
  const retention = await measureRetention(status);

  const checks: Check[] = [];
  return [
    `Node ${process.version}, Python ${python?.version ?? 'n/a'}. ${METHOD_NOTE}`,
    `**Decode**\n\n${decodeTable(results, checks)}`,
    `**Encode**\n\n${encodeTable(results, checks)}`,
    `**Peak memory, decoding the ${MEMORY_ENTRIES.toLocaleString('en')}-entry response in a fresh process** ` +
      `${MEMORY_NOTE}\n\n${memoryTable(memory, checks)}`,
    `**Retention** (not a target): keep one \`tag-…\` string from each of ${RETENTION_RESPONSES} decoded ` +
      `${RETENTION_ENTRIES.toLocaleString('en')}-entry responses, then GC\n\n${retentionTable(retention)}`,
    `**Targets**\n\n${summary(checks)}`,
  ].join('\n\n');
}

const METHOD_NOTE = [
  'Throughput is MB/s (10^6 bytes) of the generated document, for each JS contender the median of 3 rounds (the contenders alternating), each round the median of several runs after warm-up.',
  'Encode rates use the same document size, so ratios are time ratios; JS encode times include flattening',
  'the result string. xmlrpc = npm `xmlrpc` package; Python = `xmlrpc.client` (default `loads`; `dumps`',
  'writing `<i8>` for ints beyond int32); txml = raw `txml.parse(xml, { keepWhitespace: true })`.',
].join(' ');

const MEMORY_NOTE = [
  '(added over the baseline taken after the document was built and GC ran; heap peak from V8 statistics',
  'before each GC, RSS peak from the kernel high-water mark, live = `heapUsed + external` right after',
  'decode with the result still referenced; the target is judged on the larger peak)',
].join(' ');

/** Refuses to benchmark a decoder or encoder of ours that gets the value wrong. */
function verifyOurs(fixture: MulticallResponseFixture, status: CodecStatus): void {
  const expected = fingerprint(fixture.value);
  if (status.decode && fingerprint(decodeMethodResponse(fixture.xml)) !== expected) {
    throw new Error(`decodeMethodResponse misreads the ${fixture.entries}-entry document`);
  }
  if (status.decode && status.encode) {
    const encoded = encodeMethodResponse(fixture.value);
    if (fingerprint(decodeMethodResponse(encoded)) !== expected) {
      throw new Error(`encodeMethodResponse does not round-trip the ${fixture.entries}-entry value`);
    }
  }
}

/** A comparable text form of a value, blind to prototypes (a decoder may build null-prototype structs). */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    member instanceof Uint8Array ? `base64:${Buffer.from(member).toString('base64')}` : member,
  );
}

/**
 * Rounds over every JS contender of one document size, one after the other, each figure the median of its
 * rounds: a passing state of the machine or of one contender's JIT then cannot decide a figure alone.
 */
const ROUNDS = 3;

async function measureSize(
  fixture: MulticallResponseFixture,
  status: CodecStatus,
  python: PythonTimings | undefined,
): Promise<SizeResult> {
  const { xml, value, bytes, entries } = fixture;
  const xmlrpcValue = toXmlrpcValue(value);
  const contenders = {
    decodeOurs: status.decode ? () => decodeMethodResponse(xml) : null,
    decodeXmlrpc: () => xmlrpcDecodeMethodResponse(xml),
    decodeTxml: () => parse(xml, { keepWhitespace: true }),
    encodeOurs: status.encode ? () => flatten(encodeMethodResponse(value)) : null,
    encodeXmlrpc: () => flatten(xmlrpcEncodeMethodResponse(xmlrpcValue)),
  };
  type Contender = keyof typeof contenders;
  const rates = new Map<Contender, number[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, run] of Object.entries(contenders) as [Contender, (() => unknown) | null][]) {
      if (run === null) continue;
      progress(`${entries} entries, round ${round} of ${ROUNDS}: ${name}`);
      rates.set(name, [...(rates.get(name) ?? []), megabytesPerSecond(bytes, await measure(run))]);
    }
  }
  const rate = (name: Contender): number | null => {
    const values = rates.get(name);
    return values === undefined ? null : [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  };
  return {
    fixture,
    decode: {
      ours: rate('decodeOurs'),
      xmlrpc: rate('decodeXmlrpc')!,
      python: python ? megabytesPerSecond(bytes, python.loads) : null,
      txml: rate('decodeTxml')!,
    },
    encode: {
      ours: rate('encodeOurs'),
      xmlrpc: rate('encodeXmlrpc')!,
      python: python ? megabytesPerSecond(bytes, python.dumps) : null,
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

async function measureMemory(status: CodecStatus): Promise<Map<MemoryDecoderName, MemoryResult | null>> {
  const results = new Map<MemoryDecoderName, MemoryResult | null>();
  for (const decoder of ['ours', 'txml'] as const) {
    if (decoder === 'ours' && !status.decode) {
      results.set(decoder, null);
      continue;
    }
    progress(`peak memory, ${decoder} (fresh process)`);
    const script = new URL('./measureDecodeMemory.ts', import.meta.url);
    results.set(
      decoder,
      (await runTsxJsonProcess(script, [decoder, String(MEMORY_ENTRIES)])) as MemoryResult,
    );
  }
  return results;
}

async function measureRetention(
  status: CodecStatus,
): Promise<Map<MemoryDecoderName, RetentionResult | null>> {
  const results = new Map<MemoryDecoderName, RetentionResult | null>();
  for (const decoder of ['ours', 'txml'] as const) {
    if (decoder === 'ours' && !status.decode) {
      results.set(decoder, null);
      continue;
    }
    progress(`retention, ${decoder} (fresh process)`);
    const script = new URL('./measureRetention.ts', import.meta.url);
    const args = [decoder, String(RETENTION_RESPONSES), String(RETENTION_ENTRIES)];
    results.set(decoder, (await runTsxJsonProcess(script, args)) as RetentionResult);
  }
  return results;
}

function decodeTable(results: readonly SizeResult[], checks: Check[]): string {
  const rows = results.map(({ fixture, decode }) => [
    fixture.entries.toLocaleString('en'),
    formatMB(fixture.bytes),
    rateCell(decode.ours, 'pending'),
    rateCell(decode.xmlrpc),
    rateCell(decode.python),
    rateCell(decode.txml),
    ratioCell(
      `decode ${fixture.entries} vs xmlrpc`,
      decode.ours,
      decode.xmlrpc,
      TARGETS.decodeVsXmlrpc,
      checks,
    ),
    ratioCell(
      `decode ${fixture.entries} vs Python`,
      decode.ours,
      decode.python,
      TARGETS.decodeVsPython,
      checks,
    ),
    ratioCell(`decode ${fixture.entries} vs txml`, decode.ours, decode.txml, null, checks),
  ]);
  return markdownTable(
    [
      'entries',
      'document',
      'ours MB/s',
      'xmlrpc MB/s',
      'Python MB/s',
      'txml MB/s',
      `ours ÷ xmlrpc (${TARGETS.decodeVsXmlrpc.label})`,
      `ours ÷ Python (${TARGETS.decodeVsPython.label})`,
      'ours ÷ txml',
    ],
    rows,
  );
}

function encodeTable(results: readonly SizeResult[], checks: Check[]): string {
  const rows = results.map(({ fixture, encode }) => [
    fixture.entries.toLocaleString('en'),
    formatMB(fixture.bytes),
    rateCell(encode.ours, 'pending'),
    rateCell(encode.xmlrpc),
    rateCell(encode.python),
    ratioCell(
      `encode ${fixture.entries} vs xmlrpc`,
      encode.ours,
      encode.xmlrpc,
      TARGETS.encodeVsXmlrpc,
      checks,
    ),
    ratioCell(
      `encode ${fixture.entries} vs Python`,
      encode.ours,
      encode.python,
      TARGETS.encodeVsPython,
      checks,
    ),
  ]);
  return markdownTable(
    [
      'entries',
      'document',
      'ours MB/s',
      'xmlrpc MB/s',
      'Python MB/s',
      `ours ÷ xmlrpc (${TARGETS.encodeVsXmlrpc.label})`,
      `ours ÷ Python (${TARGETS.encodeVsPython.label})`,
    ],
    rows,
  );
}

function memoryTable(results: ReadonlyMap<MemoryDecoderName, MemoryResult | null>, checks: Check[]): string {
  const rows = [...results].map(([decoder, result]) => {
    const label = decoder === 'ours' ? 'ours (`decodeMethodResponse`)' : 'raw `txml.parse`';
    if (result === null) return [label, 'pending', 'pending', 'pending', 'pending', 'pending'];
    // Judged on the larger peak: RSS also counts heap V8 committed but did not fill.
    const peak = Math.max(result.peakHeapAdded, result.peakRssAdded ?? 0);
    let verdict = 'for comparison';
    if (decoder === 'ours') {
      const met = peak <= MEMORY_TARGET_BYTES;
      checks.push({ what: `peak memory ${formatMB(peak)} (≤ ${formatMB(MEMORY_TARGET_BYTES)})`, met });
      verdict = `${met ? '✓' : '✗'} ≤ ${formatMB(MEMORY_TARGET_BYTES)}`;
    }
    return [
      label,
      formatMB(result.bytes),
      result.peakRssAdded === null ? 'n/a' : formatMB(result.peakRssAdded),
      formatMB(result.peakHeapAdded),
      formatMB(result.liveAdded),
      verdict,
    ];
  });
  return markdownTable(
    ['decoder', 'document', 'peak RSS added', 'peak heap + external added', 'live after decode', 'target'],
    rows,
  );
}

function retentionTable(results: ReadonlyMap<MemoryDecoderName, RetentionResult | null>): string {
  const rows = [...results].map(([decoder, result]) => {
    const label = decoder === 'ours' ? 'ours (`decodeMethodResponse`)' : 'raw `txml.parse`';
    if (result === null) return [label, 'pending', 'pending', 'pending'];
    return [
      label,
      // Documents with non-ASCII text are two-byte strings in V8.
      formatMB(result.documentChars * 2),
      `${result.responses} strings, ${result.keptChars} chars`,
      formatMB(result.retained),
    ];
  });
  return markdownTable(['decoder', 'documents decoded (UTF-16)', 'kept', 'heap retained after GC'], rows);
}

function rateCell(rate: number | null, missing = 'n/a'): string {
  return rate === null ? missing : formatRate(rate);
}

/** A ratio cell; records the target check (if any) in `checks`. */
function ratioCell(
  what: string,
  ours: number | null,
  peer: number | null,
  target: SpeedTarget | null,
  checks: Check[],
): string {
  if (ours === null || peer === null) {
    if (target) checks.push({ what, met: null });
    return ours === null ? 'pending' : 'n/a';
  }
  const ratio = ours / peer;
  if (!target) return `${ratio.toFixed(2)}×`;
  checks.push({ what: `${what}: ${ratio.toFixed(2)}× (${target.label})`, met: target.meets(ratio) });
  return formatRatio(ratio, target.meets);
}

function summary(checks: readonly Check[]): string {
  const missed = checks.filter((check) => check.met === false);
  const open = checks.filter((check) => check.met === null);
  const met = checks.length - missed.length - open.length;
  const lines = [`${met} of ${checks.length} targets met.`];
  if (missed.length > 0) lines.push(`Missed: ${missed.map((check) => check.what).join('; ')}.`);
  if (open.length > 0) lines.push(`Not measured (ours pending or peer unavailable): ${open.length}.`);
  return lines.join(' ');
}
