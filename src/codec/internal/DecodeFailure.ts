/**
 * A decoding problem on its way up to the entry point, which turns it into an `XmlRpcParseError`.
 * Each enclosing element adds its step to `path` as the failure unwinds, so the success path never
 * pays for building paths. Not an `Error`: no stack is captured for a value that is rethrown anyway.
 */
export class DecodeFailure {
  /** Element steps, innermost first. */
  readonly path: string[] = [];

  constructor(
    readonly problem: string,
    readonly text?: string,
    /** `false` for a breach of XML itself (a bad reference, a forbidden character), not of XML-RPC. */
    readonly wellFormed = true,
  ) {}
}

/** Adds `step` to a failure unwinding through an element; any other error passes untouched. */
export function addStep(error: unknown, step: string): unknown {
  if (error instanceof DecodeFailure) error.path.push(step);
  return error;
}
