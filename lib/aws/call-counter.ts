/** Counts AWS API calls per operation, so a sweep can report what it cost. */
export class CallCounter {
  /** By IAM action name, `iam:ListAccessKeys`. */
  private readonly counts = new Map<string, number>();

  /** Records one call of `command` (an SDK command, or a DynamoDB document client command). */
  record(command: object): void {
    const action = actionName(command);
    this.counts.set(action, (this.counts.get(action) ?? 0) + 1);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** Calls by operation, `ListAccessKeys`. */
  byOperation(): Record<string, number> {
    const out = new Map<string, number>();
    for (const [action, n] of this.counts) {
      const operation = action.slice(action.indexOf(':') + 1);
      out.set(operation, (out.get(operation) ?? 0) + n);
    }
    return sorted(out);
  }

  /** Calls by IAM action name, `iam:ListAccessKeys`, as a person reading a policy knows them. */
  byAction(): Record<string, number> {
    return sorted(this.counts);
  }
}

function sorted(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Smithy namespaces whose IAM action prefix differs from the namespace's last part. */
const PREFIX: Record<string, string> = { eventbridge: 'events' };

/**
 * `service:Operation` from the command's operation schema (`[9, 'com.amazonaws.iam',
 * 'ListAccessKeys', ...]`, public as `Command.schema`), which survives bundling; the class name
 * does not (esbuild may rename `ListAccessKeysCommand` to `ListAccessKeysCommand2`).
 */
function actionName(command: object): string {
  const c = command as { schema?: unknown; clientCommand?: { schema?: unknown } };
  const schema = c.schema ?? c.clientCommand?.schema;
  let namespace: unknown;
  let name: unknown;
  if (Array.isArray(schema)) [, namespace, name] = schema;
  else if (schema && typeof schema === 'object') ({ namespace, name } = schema as { namespace?: unknown; name?: unknown });
  if (typeof namespace === 'string' && typeof name === 'string') {
    const service = namespace.slice(namespace.lastIndexOf('.') + 1);
    return `${PREFIX[service] ?? service}:${name}`;
  }
  return command.constructor.name.replace(/Command\d*$/, '');
}

/** Anything with an SDK client's `send`: a service client or a DynamoDB document client. */
export interface Sendable {
  send(command: object, ...rest: unknown[]): Promise<unknown>;
}

/**
 * The client with every `send` recorded under its operation.
 * Wrapping `send` rather than adding SDK middleware keeps the count right under aws-sdk-client-mock too.
 */
export function countCalls<C extends Sendable>(client: C, counter: CallCounter): C {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: object, ...rest: unknown[]) => {
        counter.record(command);
        return target.send(command, ...rest);
      };
    },
  });
}
