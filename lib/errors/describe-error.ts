/** One line for an error in a message: `Name: message`, or the value itself. */
export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
