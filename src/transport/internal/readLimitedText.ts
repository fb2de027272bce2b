import { Observable } from 'rxjs';

/** A body read up to a byte limit. */
export interface LimitedText {
  /** The decoded text: all of it, or the first `maxBytes` bytes' worth when `truncated`. */
  readonly text: string;
  /** True when the body held more than `maxBytes` bytes and reading stopped there. */
  readonly truncated: boolean;
}

/**
 * Reads a response body stream chunk by chunk, counting bytes as they arrive, and stops as soon as
 * the count would pass `maxBytes`: the rest is never buffered, and the stream is cancelled (which
 * under the Fetch standard terminates the request). fetch has already undone any
 * `Content-Encoding`, so the count is of decompressed bytes: a small gzip bomb cannot get past it.
 *
 * Emits one {@link LimitedText}, then completes; errors when the stream fails. Unsubscribing
 * cancels the stream.
 *
 * @param body The response body; `null` (as for a 204) reads as empty.
 * @param maxBytes The most bytes to read.
 * @param decoder A fresh decoder for this body, for its charset; it is used in streaming mode, so
 *   a character split between chunks decodes correctly.
 */
export function readLimitedText(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  decoder: TextDecoder,
): Observable<LimitedText> {
  return new Observable<LimitedText>((subscriber) => {
    if (body === null) {
      subscriber.next({ text: '', truncated: false });
      subscriber.complete();
      return;
    }
    const reader = body.getReader();
    let finished = false;
    const finish = (parts: string[], truncated: boolean) => {
      subscriber.next({ text: parts.join(''), truncated });
      subscriber.complete();
    };
    const pump = async () => {
      const parts: string[] = [];
      let bytes = 0;
      for (;;) {
        const chunk = await reader.read();
        if (subscriber.closed) return;
        if (chunk.done) {
          finished = true;
          parts.push(decoder.decode());
          return finish(parts, false);
        }
        const room = maxBytes - bytes;
        if (chunk.value.byteLength > room) {
          // Decode what fits, for the error's excerpt; the teardown cancels the rest.
          parts.push(decoder.decode(chunk.value.subarray(0, room)));
          return finish(parts, true);
        }
        bytes += chunk.value.byteLength;
        parts.push(decoder.decode(chunk.value, { stream: true }));
      }
    };
    pump().catch((error: unknown) => {
      finished = true;
      subscriber.error(error);
    });
    return () => {
      if (!finished) reader.cancel().catch(() => undefined);
    };
  });
}
