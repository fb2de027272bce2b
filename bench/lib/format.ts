/** Formats a byte count in MB (10^6 bytes, the unit the targets are stated in). */
export function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1)} MB`;
}

/** Formats a throughput in MB/s with three significant digits. */
export function formatRate(megabytesPerSecond: number): string {
  return megabytesPerSecond.toPrecision(3);
}

/** Formats `ratio` as `5.21×` followed by ✓ or ✗ for the comparison it is held to. */
export function formatRatio(ratio: number, meets: (ratio: number) => boolean): string {
  return `${ratio.toFixed(2)}× ${meets(ratio) ? '✓' : '✗'}`;
}

/** Writes a progress line to stderr, keeping stdout a clean markdown report. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
