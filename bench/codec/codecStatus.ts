import { decodeMethodResponse, encodeMethodResponse } from 'rxjs-xmlrpc';

/** Which of our codec functions exist yet; the benchmark reports a missing one as pending. */
export interface CodecStatus {
  readonly decode: boolean;
  readonly encode: boolean;
}

const PROBE_XML =
  '<?xml version="1.0"?><methodResponse><params><param><value>ok</value></param></params></methodResponse>';

/**
 * Probes our codec with a trivial document and value. The codec's API landed before its bodies,
 * which throw "not implemented" until written; the harness runs the peers alone until then.
 */
export function codecStatus(): CodecStatus {
  return {
    decode: isImplemented(() => decodeMethodResponse(PROBE_XML)),
    encode: isImplemented(() => encodeMethodResponse('ok')),
  };
}

function isImplemented(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (error) {
    if (error instanceof Error && error.message.includes('not implemented')) return false;
    throw error;
  }
}
