import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { readLimitedText } from '../../../src/transport/internal/readLimitedText.js';

/** A stream of the given chunks that records how far it was read and whether it was cancelled. */
function streamOf(...chunks: Uint8Array[]) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[state.pulled++];
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readLimitedText', () => {
  it('reads a whole body within the limit and decodes characters split between chunks', async () => {
    const all = bytes('<a>naïve ☃ 𝄞</a>');
    const chunks = Array.from(all, (byte) => Uint8Array.of(byte));
    const { stream, state } = streamOf(...chunks);
    expect(await firstValueFrom(readLimitedText(stream, all.length, new TextDecoder()))).toEqual({
      text: '<a>naïve ☃ 𝄞</a>',
      truncated: false,
    });
    expect(state.cancelled).toBe(false);
  });

  it('stops at the limit, keeps what fits, and cancels the stream without reading further', async () => {
    const { stream, state } = streamOf(bytes('<abc'), bytes('defg'), bytes('never'));
    expect(await firstValueFrom(readLimitedText(stream, 6, new TextDecoder()))).toEqual({
      text: '<abcde',
      truncated: true,
    });
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBe(2);
  });

  it('reads an absent body as empty', async () => {
    expect(await firstValueFrom(readLimitedText(null, 1, new TextDecoder()))).toEqual({
      text: '',
      truncated: false,
    });
  });

  it('decodes with the decoder given', async () => {
    const { stream } = streamOf(Uint8Array.of(0x63, 0x61, 0x66, 0xe9));
    const { text } = await firstValueFrom(readLimitedText(stream, 10, new TextDecoder('iso-8859-1')));
    expect(text).toBe('café');
  });

  it('passes on a stream error', async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.error(new TypeError('terminated')),
    });
    await expect(firstValueFrom(readLimitedText(failing, 10, new TextDecoder()))).rejects.toThrow(
      'terminated',
    );
  });

  it('cancels the stream when unsubscribed, and emits nothing after', async () => {
    let cancelled = false;
    const pending = new ReadableStream<Uint8Array>({
      pull: () => new Promise(() => undefined),
      cancel: () => {
        cancelled = true;
      },
    });
    const values: unknown[] = [];
    const subscription = readLimitedText(pending, 10, new TextDecoder()).subscribe((value) =>
      values.push(value),
    );
    subscription.unsubscribe();
    await Promise.resolve();
    expect(cancelled).toBe(true);
    expect(values).toEqual([]);
  });
});
