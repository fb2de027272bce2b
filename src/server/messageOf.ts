/** The message of anything thrown; never throws itself (`String` does for a null-prototype object). */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}
