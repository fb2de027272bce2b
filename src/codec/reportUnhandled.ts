import { config } from 'rxjs';

/**
 * Reports an error nobody can handle (a caller's callback threw, or a call failed without an `error`
 * callback) the way RxJS does: on a later macrotask, to `config.onUnhandledError` if set, else thrown,
 * so that it reaches the host's error reporting without breaking the delivery in progress.
 */
export function reportUnhandled(error: unknown): void {
  setTimeout(() => {
    const { onUnhandledError } = config;
    if (onUnhandledError) onUnhandledError(error);
    else throw error;
  });
}
