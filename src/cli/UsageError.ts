/**
 * A command line that cannot be run as typed: unknown command or option, a missing or malformed
 * argument. `main` prints its message on one line and exits with status 2.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
