import { describe, expect, it } from 'vitest';
import type { CliOutput } from '../../src/cli/Command.js';
import { createLiveView } from '../../src/cli/liveView.js';

/** A stand-in for process.stdout that records what is written. */
function fakeStream(isTTY: boolean, size: { columns?: number; rows?: number } = { columns: 80, rows: 24 }) {
  const written: string[] = [];
  const stream = { isTTY, ...size, write: (text: string) => written.push(text) > 0 };
  return { stream: stream as unknown as CliOutput, written };
}

describe('createLiveView', () => {
  it('appends frames separated by a blank line when the stream is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const view = createLiveView(stream);
    view.show(['a', 'b']);
    view.show(['c']);
    expect(written).toEqual(['a\nb\n\n', 'c\n\n']);
  });

  it('redraws in place on a terminal: up over the previous frame, then clear below', () => {
    const { stream, written } = fakeStream(true);
    const view = createLiveView(stream);
    view.show(['a', 'b', 'c']);
    view.show(['d']);
    view.show(['e', 'f']);
    expect(written).toEqual(['\x1b[0Ja\nb\nc\n', '\x1b[3F\x1b[0Jd\n', '\x1b[1F\x1b[0Je\nf\n']);
  });

  it('cuts lines to the terminal width and frames to its height', () => {
    const { stream, written } = fakeStream(true, { columns: 21, rows: 6 });
    const view = createLiveView(stream);
    view.show(['x'.repeat(30), '2', '3', '4', '5', '6', '7']);
    expect(written[0]).toBe(`\x1b[0J${'x'.repeat(19)}…\n2\n3\n4\n… 3 more lines\n`);
    view.show(['y']);
    expect(written[1]).toBe('\x1b[5F\x1b[0Jy\n');
  });

  it('takes a terminal of unknown size for 80 × 24', () => {
    const { stream, written } = fakeStream(true, {});
    const view = createLiveView(stream);
    const lines = Array.from({ length: 30 }, (_, i) => `${i}`.padEnd(100, '.'));
    view.show(lines);
    const shown = written[0]!.slice('\x1b[0J'.length).split('\n');
    expect(shown).toHaveLength(24); // 23 lines, then the final line break
    expect(shown[0]).toBe(`0${'.'.repeat(77)}…`);
    expect(shown[22]).toBe('… 8 more lines');
  });
});
