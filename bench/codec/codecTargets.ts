/** A speed target: our throughput divided by a peer's must satisfy `meets`. */
export interface SpeedTarget {
  readonly label: string;
  readonly meets: (ratio: number) => boolean;
}

/** The codec's speed targets, ours against each peer. */
export const TARGETS = {
  decodeVsXmlrpc: { label: '≥ 4×', meets: (ratio) => ratio >= 4 },
  decodeVsPython: { label: '≥ 1.5×', meets: (ratio) => ratio >= 1.5 },
  encodeVsXmlrpc: { label: '≥ 8×', meets: (ratio) => ratio >= 8 },
  encodeVsPython: { label: '> 1×', meets: (ratio) => ratio > 1 },
} satisfies Record<string, SpeedTarget>;

/** The memory target, stated for decoding the ~10 MB, 10,000-entry response. */
export const MEMORY_TARGET_BYTES = 60e6;

/** One target checked on one measurement; `met` is null when ours is pending or the peer did not run. */
export interface Check {
  readonly what: string;
  readonly met: boolean | null;
}
