import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { Observable } from 'rxjs';
import type { LimitedText } from './readLimitedText.js';

/** The `Accept-Encoding` the Node transport sends: the codings {@link readIncomingText} undoes. */
export const ACCEPT_ENCODING = 'gzip, deflate';

/** The body stream with its `Content-Encoding` undone; throws for a coding the transport did not ask for. */
function decompressed(response: IncomingMessage): Readable {
  const coding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (coding === 'identity' || coding === '') return response;
  if (coding === 'gzip' || coding === 'x-gzip') return response.pipe(createGunzip());
  if (coding === 'deflate') return response.pipe(createInflate());
  throw new Error(`response Content-Encoding ${JSON.stringify(coding)} is not supported`);
}

/**
 * `readLimitedText` for a `node:http` response: undoes gzip or deflate, counts the decompressed
 * bytes as they arrive and stops at `maxBytes` (so a small gzip bomb cannot get past it), then
 * decodes the bytes once, whole: one `Buffer.concat` and one decode, no per-chunk strings.
 *
 * Emits one {@link LimitedText}, then completes; errors when the body fails to arrive whole or to
 * inflate. Unsubscribing before the end, or stopping at the limit, destroys the response, which
 * closes its connection rather than draining what the server still sends.
 *
 * @param response The response, not read from yet.
 * @param maxBytes The most decompressed bytes to read.
 * @param decoder Decodes the body's charset (used in one non-streaming call, so it may be shared).
 */
export function readIncomingText(
  response: IncomingMessage,
  maxBytes: number,
  decoder: TextDecoder,
): Observable<LimitedText> {
  return new Observable<LimitedText>((subscriber) => {
    let finished = false;
    let stream: Readable;
    try {
      stream = decompressed(response);
    } catch (error) {
      response.destroy();
      throw error;
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    const finish = (truncated: boolean) => {
      // Most answers arrive in one chunk, which needs no copying together.
      const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, bytes);
      subscriber.next({ text: decoder.decode(whole), truncated });
      subscriber.complete();
    };
    const fail = (error: unknown) => subscriber.error(error);
    stream.on('data', (chunk: Buffer) => {
      if (subscriber.closed) return;
      const room = maxBytes - bytes;
      if (chunk.length > room) {
        // Keep what fits, for the error's excerpt; the teardown destroys the rest.
        chunks.push(chunk.subarray(0, room));
        bytes = maxBytes;
        return finish(true);
      }
      chunks.push(chunk);
      bytes += chunk.length;
    });
    stream.on('end', () => {
      finished = true;
      finish(false);
    });
    stream.on('error', fail);
    if (stream !== response) response.on('error', fail);
    // A connection closed mid-body may end the stream without an error: `complete` tells them apart.
    response.on('close', () => {
      if (!response.complete) fail(new Error('the connection closed before the response ended'));
    });
    return () => {
      if (finished) return;
      response.destroy();
      if (stream !== response) stream.destroy();
    };
  });
}
