/** Counts AWS API calls per operation, so a sweep can report what it cost. */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  record(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  byOperation(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}

interface Sendable {
  send(command: object, ...rest: unknown[]): Promise<unknown>;
}

/**
 * The client with every `send` recorded under its operation name (`ListSecretsCommand` → `ListSecrets`).
 * Wrapping `send` rather than adding SDK middleware keeps the count right under aws-sdk-client-mock too.
 */
export function countCalls<C extends Sendable>(client: C, counter: CallCounter): C {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: object, ...rest: unknown[]) => {
        counter.record(command.constructor.name.replace(/Command$/, ''));
        return target.send(command, ...rest);
      };
    },
  });
}
