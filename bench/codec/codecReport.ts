import { formatMB, formatRate, formatRatio } from '../lib/format.js';
import { markdownTable } from '../lib/markdownTable.js';
import {
  type Contender,
  MEMORY_ENTRIES,
  type MemoryResult,
  type Rates,
  RETENTION_ENTRIES,
  RETENTION_RESPONSES,
  type RetentionResult,
  type ThroughputResult,
} from './codecMeasurements.js';
import { type Check, MEMORY_TARGET_BYTES, type SpeedTarget, TARGETS } from './codecTargets.js';
import type { MemoryDecoderName } from './memoryDecoders.js';

/** Everything the codec suite measured. */
export interface CodecMeasurements {
  /** Python's version, or null when Python did not run. */
  readonly pythonVersion: string | null;
  readonly throughput: readonly ThroughputResult[];
  readonly memory: ReadonlyMap<MemoryDecoderName, MemoryResult | null>;
  readonly retention: ReadonlyMap<MemoryDecoderName, RetentionResult | null>;
}

/** A peer ours is compared with in a throughput table, and the target (if any) the ratio is held to. */
interface PeerColumn {
  readonly contender: Exclude<Contender, 'ours'>;
  readonly name: string;
  readonly target: SpeedTarget | null;
}

/** The peers of each throughput table, in column order. */
const PEERS: Readonly<Record<'decode' | 'encode', readonly PeerColumn[]>> = {
  decode: [
    { contender: 'xmlrpc', name: 'xmlrpc', target: TARGETS.decodeVsXmlrpc },
    { contender: 'python', name: 'Python', target: TARGETS.decodeVsPython },
    { contender: 'txml', name: 'txml', target: null },
  ],
  encode: [
    { contender: 'xmlrpc', name: 'xmlrpc', target: TARGETS.encodeVsXmlrpc },
    { contender: 'python', name: 'Python', target: TARGETS.encodeVsPython },
  ],
};

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

/** The suite's markdown report: the tables, then how many targets were met. */
export function codecReport(measured: CodecMeasurements): string {
  const checks: Check[] = [];
  return [
    `Node ${process.version}, Python ${measured.pythonVersion ?? 'n/a'}. ${METHOD_NOTE}`,
    `**Decode**\n\n${throughputTable('decode', measured.throughput, checks)}`,
    `**Encode**\n\n${throughputTable('encode', measured.throughput, checks)}`,
    `**Peak memory, decoding the ${MEMORY_ENTRIES.toLocaleString('en')}-entry response in a fresh process** ` +
      `${MEMORY_NOTE}\n\n${memoryTable(measured.memory, checks)}`,
    `**Retention** (not a target): keep one \`tag-…\` string from each of ${RETENTION_RESPONSES} decoded ` +
      `${RETENTION_ENTRIES.toLocaleString('en')}-entry responses, then GC\n\n${retentionTable(measured.retention)}`,
    `**Targets**\n\n${summary(checks)}`,
  ].join('\n\n');
}

/** One row per document size: the rates, then ours ÷ each peer; records the target checks in `checks`. */
function throughputTable(
  direction: 'decode' | 'encode',
  results: readonly ThroughputResult[],
  checks: Check[],
): string {
  const peers = PEERS[direction];
  const rows = results.map((result) => {
    const { fixture } = result;
    const rates: Rates = result[direction];
    return [
      fixture.entries.toLocaleString('en'),
      formatMB(fixture.bytes),
      rateCell(rates.ours, 'pending'),
      ...peers.map((peer) => rateCell(rates[peer.contender])),
      ...peers.map((peer) =>
        ratioCell(
          `${direction} ${fixture.entries} vs ${peer.name}`,
          rates.ours,
          rates[peer.contender],
          peer.target,
          checks,
        ),
      ),
    ];
  });
  return markdownTable(
    [
      'entries',
      'document',
      'ours MB/s',
      ...peers.map((peer) => `${peer.name} MB/s`),
      ...peers.map((peer) => `ours ÷ ${peer.name}${peer.target ? ` (${peer.target.label})` : ''}`),
    ],
    rows,
  );
}

function memoryTable(results: ReadonlyMap<MemoryDecoderName, MemoryResult | null>, checks: Check[]): string {
  const rows = [...results].map(([decoder, result]) => {
    const label = decoderLabel(decoder);
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
    const label = decoderLabel(decoder);
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

function decoderLabel(decoder: MemoryDecoderName): string {
  return decoder === 'ours' ? 'ours (`decodeMethodResponse`)' : 'raw `txml.parse`';
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
