import type { CliOutput } from './Command.js';

/** Shows successive frames of text lines, such as the rounds of `watch`. */
export interface LiveView {
  /** Shows `lines` as the current frame. */
  show(lines: readonly string[]): void;
}

/**
 * A view that redraws each frame in place when `stream` is a terminal (moving the cursor back up over
 * the previous frame with ANSI escapes), and appends frames separated by a blank line otherwise, so
 * logs and pipes get a plain record. On a terminal, lines are cut to its width and frames to its
 * height: a wrapped or scrolled-off line would throw the cursor arithmetic off.
 */
export function createLiveView(stream: CliOutput): LiveView {
  if (!stream.isTTY) {
    return { show: (lines) => stream.write(`${lines.join('\n')}\n\n`) };
  }
  let shown = 0;
  return {
    show(lines) {
      const width = Math.max(stream.columns || 80, 20) - 1;
      const height = Math.max(stream.rows || 24, 5) - 1;
      const fitted =
        lines.length > height
          ? [...lines.slice(0, height - 1), `… ${lines.length - height + 1} more lines`]
          : lines;
      const text = fitted
        .map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line))
        .join('\n');
      // Up to the first line of the previous frame, then clear everything below the cursor.
      stream.write(`${shown > 0 ? `\x1b[${shown}F` : ''}\x1b[0J${text}\n`);
      shown = fitted.length;
    },
  };
}
