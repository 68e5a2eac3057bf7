import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Fault injection for the AWS dependencies of a sweep. Under aws-sdk-client-mock the SDK's retry
 * middleware does not run, so one injected rejection stands for a call that exhausted its retries.
 *
 * - `throttle`, `5xx`, `timeout`: the call fails and has no effect;
 * - `lost`: the call takes effect, then its response is lost (a timeout after the server applied it),
 *   the ambiguous case for writes (UpdateAccessKey, BatchImportFindings, PutItem…).
 */
export const FAULT_KINDS = ['throttle', '5xx', 'timeout', 'lost'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type Service = 'iam' | 'sm' | 'sh' | 'eb' | 'sts' | 'ddb';

const THROTTLE: Record<Service, string> = {
  iam: 'Throttling',
  sts: 'Throttling',
  sm: 'ThrottlingException',
  sh: 'TooManyRequestsException',
  eb: 'ThrottlingException',
  ddb: 'ProvisionedThroughputExceededException',
};
const SERVER: Record<Service, [string, number]> = {
  iam: ['ServiceUnavailable', 503],
  sts: ['InternalFailure', 500],
  sm: ['InternalServiceError', 500],
  sh: ['InternalException', 500],
  eb: ['InternalException', 500],
  ddb: ['InternalServerError', 500],
};

/** An error shaped like the SDK's: name, `$fault`, `$metadata.httpStatusCode`, `$retryable`. */
export function sdkError(kind: FaultKind, service: Service): Error {
  switch (kind) {
    case 'throttle':
      return Object.assign(new Error('Rate exceeded'), { name: THROTTLE[service], $fault: 'client', $metadata: { httpStatusCode: 400 }, $retryable: { throttling: true } });
    case '5xx': {
      const [name, status] = SERVER[service];
      return Object.assign(new Error('We encountered an internal error. Please try again.'), { name, $fault: 'server', $metadata: { httpStatusCode: status } });
    }
    case 'timeout':
      return Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError', $metadata: {} });
    case 'lost':
      return Object.assign(new Error('Request timed out'), { name: 'RequestTimeout', $fault: 'client', $metadata: { httpStatusCode: 408 } });
  }
}

interface Rule {
  pattern: RegExp;
  kind: FaultKind;
  /** Matching calls to let through before the first fault. */
  after: number;
  times: number;
  seen: number;
}

/** One injected fault as it happened. */
export interface Hit {
  op: string;
  kind: FaultKind;
  seq: number;
}

/**
 * Decides, call by call, whether a call fails. Operations are named `service:Operation` (for DynamoDB
 * `ddb:Operation:table`, for audit puts `ddb:Put:table:1-plan` etc., for a transaction each action's). Faults come from rules (`inject`) or from a schedule over the global call
 * sequence (the property test), where `undefined`/`ok` lets the call through.
 */
export class Faults {
  private rules: Rule[] = [];
  schedule: readonly (FaultKind | 'ok')[] = [];
  seq = 0;
  readonly hits: Hit[] = [];
  readonly calls: string[] = [];

  inject(op: string | RegExp, kind: FaultKind, options: { after?: number; times?: number } = {}): this {
    const pattern = typeof op === 'string' ? new RegExp(`^${op.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : op;
    this.rules.push({ pattern, kind, after: options.after ?? 0, times: options.times ?? Number.POSITIVE_INFINITY, seen: 0 });
    return this;
  }

  reset(): void {
    this.rules = [];
    this.schedule = [];
    this.seq = 0;
    this.hits.length = 0;
    this.calls.length = 0;
  }

  /** The fault for this call, if any (and records the call). */
  take(op: string): FaultKind | undefined {
    const seq = this.seq++;
    this.calls.push(op);
    let kind: FaultKind | undefined;
    const scheduled = this.schedule[seq];
    if (scheduled && scheduled !== 'ok') kind = scheduled;
    for (const r of this.rules) {
      if (!r.pattern.test(op)) continue;
      r.seen += 1;
      if (kind === undefined && r.seen > r.after && r.seen <= r.after + r.times) kind = r.kind;
    }
    if (kind) this.hits.push({ op, kind, seq });
    return kind;
  }

  /**
   * Runs `apply` under the fault decided for `op`: before it (no effect) or after it (`lost`). A call
   * that carries several operations (a transaction) takes a decision for each, and fails as a whole
   * with the first fault among them.
   */
  async run<T>(op: string | readonly string[], service: Service, apply: () => T | Promise<T>): Promise<T> {
    const kind = (typeof op === 'string' ? [op] : op).map((o) => this.take(o)).find((k) => k !== undefined);
    if (kind && kind !== 'lost') throw sdkError(kind, service);
    const out = await apply();
    if (kind === 'lost') throw sdkError(kind, service);
    return out;
  }
}

/** `ddb:Put:<table>` gains `:<sort-key tail>` for items with an `sk` (`1-plan`, `2-result-deactivated`, `claim`). */
function itemTag(input: Record<string, unknown>): string {
  const sk = (input['Item'] as { sk?: unknown } | undefined)?.sk;
  return typeof sk === 'string' ? `:${sk.slice(sk.lastIndexOf('#') + 1)}` : '';
}

function tableOf(input: Record<string, unknown>): string {
  if (typeof input['TableName'] === 'string') return input['TableName'];
  const items = input['RequestItems'];
  return items && typeof items === 'object' ? (Object.keys(items)[0] ?? '?') : '?';
}

/**
 * The operations of one DynamoDB call: `ddb:Operation:table…`, or for TransactWrite one per action,
 * named as the single-item call it stands for (`ddb:Put:ledger`, `ddb:Update:approvals`), so a
 * fault meant for an item's write fails the transaction that carries it.
 */
function operations(command: { constructor: { name: string }; input: Record<string, unknown> }): string[] {
  const name = command.constructor.name.replace(/Command$/, '');
  const actions = command.input['TransactItems'];
  if (name !== 'TransactWrite' || !Array.isArray(actions)) return [`ddb:${name}:${tableOf(command.input)}${itemTag(command.input)}`];
  return actions.map((a: Record<string, Record<string, unknown>>) => {
    const [kind, action] = Object.entries(a)[0]!;
    return `ddb:${kind}:${tableOf(action)}${itemTag(action)}`;
  });
}

/**
 * The real DynamoDB client (dynalite) with faults injected in `send`: every call not injected goes
 * through unchanged, so conditions, versions and GSIs behave as DynamoDB's do.
 */
export function faultyDynamo(doc: DynamoDBDocumentClient, faults: Faults): DynamoDBDocumentClient {
  return new Proxy(doc, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: { input: Record<string, unknown> }, ...rest: unknown[]) => {
        return faults.run(operations(command), 'ddb', () => (target.send as (c: unknown, ...r: unknown[]) => Promise<unknown>)(command, ...rest));
      };
    },
  });
}
