import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

/** Why a request body was refused, with the HTTP status to answer. */
export class RequestBodyError extends Error {
  override name = 'RequestBodyError';

  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

const DECODERS: Readonly<Record<string, (() => Transform) | undefined>> = {
  identity: undefined,
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
};

/**
 * Reads a request body into one Buffer, decompressing `gzip`/`deflate`. Fails with 413 as soon as
 * more than `maxBytes` arrived or came out of the decompressor (not after buffering it all: a gzip
 * bomb stops at the limit), 415 for another `Content-Encoding`, 400 for a corrupt stream.
 * On failure it stops keeping the body; the caller answers with `Connection: close`.
 */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (!Object.hasOwn(DECODERS, encoding)) {
      reject(new RequestBodyError(415, `unsupported Content-Encoding: ${encoding}`));
      return;
    }
    const tooLarge = (): RequestBodyError =>
      new RequestBodyError(413, `request body is larger than the ${maxBytes}-byte limit`);
    const declared = Number(request.headers['content-length']);
    if (declared > maxBytes) {
      reject(tooLarge());
      return;
    }
    const createDecoder = DECODERS[encoding];
    const decoder = createDecoder?.();
    const body: Readable = decoder === undefined ? request : request.pipe(decoder);
    const chunks: Buffer[] = [];
    let received = 0;
    let size = 0;
    let settled = false;
    const fail = (error: RequestBodyError): void => {
      if (settled) return;
      settled = true;
      // The request itself keeps flowing into the listeners below, which now discard it: destroying
      // it would reset the connection before the client reads the error response.
      if (decoder !== undefined) {
        request.unpipe(decoder);
        decoder.destroy();
      }
      reject(error);
    };
    if (decoder !== undefined) {
      // Compressed bytes count too: a stream of empty deflate blocks would otherwise never end.
      request.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) fail(tooLarge());
      });
      decoder.on('error', () => fail(new RequestBodyError(400, `corrupt ${encoding} request body`)));
    }
    request.on('close', () => {
      if (!request.complete) fail(new RequestBodyError(400, 'request aborted by the client'));
    });
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(tooLarge());
      else if (!settled) chunks.push(chunk);
    });
    body.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, size));
    });
  });
}
