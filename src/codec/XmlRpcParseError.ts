import { EXCERPT_LENGTH, excerpt } from './messageParts.js';
import { XmlRpcError, type XmlRpcErrorOptions } from './XmlRpcError.js';
import { detach } from './xmlText.js';

/** Options of {@link XmlRpcParseError}. */
export interface XmlRpcParseErrorOptions extends XmlRpcErrorOptions {
  /** Element path where the problem is, such as `methodResponse/params/param/value/struct/member[3]/value`. */
  readonly path?: string;
  /** The offending text, already shortened. */
  readonly text?: string;
  /** `false` when the document is not even well-formed XML (default `true`: well-formed, but not valid XML-RPC). */
  readonly wellFormed?: boolean;
}

/**
 * A document that is not well-formed XML, not valid XML-RPC, or over a decoding limit. The message
 * says what was wrong, where (element path) and quotes the offending text, shortened.
 */
export class XmlRpcParseError extends XmlRpcError {
  /** `'XmlRpcParseError'`: shown in stack traces and logs. */
  override name = 'XmlRpcParseError';
  /** Element path of the problem, when known. */
  readonly path?: string;
  /** The offending text (at most 60 characters), when there is one. */
  readonly text?: string;
  /**
   * Whether the document was well-formed XML: `false` for broken syntax (unclosed elements, a bare
   * `&`, DOCTYPE…), `true` for a well-formed document that is not valid XML-RPC or exceeds a limit.
   * Servers answer fault -32700 for the first and -32600 for the second.
   */
  readonly wellFormed: boolean;

  constructor(problem: string, options?: XmlRpcParseErrorOptions) {
    const at = options?.path ? ` at ${options.path}` : '';
    const seen = options?.text === undefined ? '' : `: ${excerpt(options.text)}`;
    // Detached: tag names and excerpts are slices of the document, and a kept error must not keep it.
    super(detach(`${problem}${at}${seen}`), options);
    if (options?.path) this.path = detach(options.path);
    if (options?.text !== undefined) this.text = detach(options.text.slice(0, EXCERPT_LENGTH));
    this.wellFormed = options?.wellFormed ?? true;
  }
}
