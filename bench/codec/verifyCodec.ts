import { decodeMethodResponse, encodeMethodResponse } from 'rxjs-xmlrpc';
import type { CodecStatus } from './codecStatus.js';
import type { MulticallResponseFixture } from './generateMulticallResponse.js';

/** Refuses to benchmark a decoder or encoder of ours that gets the value wrong. */
export function verifyCodec(fixture: MulticallResponseFixture, status: CodecStatus): void {
  const expected = fingerprint(fixture.value);
  if (status.decode && fingerprint(decodeMethodResponse(fixture.xml)) !== expected) {
    throw new Error(`decodeMethodResponse misreads the ${fixture.entries}-entry document`);
  }
  if (status.decode && status.encode) {
    const encoded = encodeMethodResponse(fixture.value);
    if (fingerprint(decodeMethodResponse(encoded)) !== expected) {
      throw new Error(`encodeMethodResponse does not round-trip the ${fixture.entries}-entry value`);
    }
  }
}

/** A comparable text form of a value, blind to prototypes (a decoder may build null-prototype structs). */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    member instanceof Uint8Array ? `base64:${Buffer.from(member).toString('base64')}` : member,
  );
}
