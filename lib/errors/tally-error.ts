/** Base of the layers' errors: a message, the context a responder needs, and the underlying `cause`. */
export class TallyError extends Error {
  override readonly name: string = 'TallyError';
  constructor(
    message: string,
    readonly context: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
