/** `make` called on the first call only; every call returns its promise (a file's tests sharing one expensive build). */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
