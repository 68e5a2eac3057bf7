import type { IAMClient } from '@aws-sdk/client-iam';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CallCounter, countCalls } from '../aws/call-counter';
import { parseArn } from '../core/arn';
import type { IamGroup, IamRole, IamUser, Secret, UnreadPart } from '../core/inventory';
import { InventoryReadError } from './inventory-errors';
import { readGroup } from './targeted-group';
import { readRole } from './targeted-role';
import { readSecret } from './targeted-secret';
import type { UserReadScope } from './read-scope';
import type { Sm } from './targeted-shared';
import { readUser } from './targeted-user';

/** What to read: exactly one of an IAM user/role/group ARN or secret ARN, or a name of one kind. */
export interface PrincipalRef {
  arn?: string;
  userName?: string;
  roleName?: string;
  groupName?: string;
  /** Secret name or ARN, as DescribeSecret takes it. */
  secretId?: string;
}

/** The kind of entity a targeted read looks at. */
export type PrincipalKind = 'user' | 'role' | 'group' | 'secret';

/** Result of {@link readPrincipal}: the entity in the full sweep's domain shapes, or `found: false`. */
export interface TargetedRead {
  found: boolean;
  kind: PrincipalKind;
  user?: IamUser;
  role?: IamRole;
  group?: IamGroup;
  /**
   * The user's groups with their attached policies. Their `inlinePolicies` are read only with
   * `groupInlinePolicies`; otherwise they are `[]` meaning "not read", not "none".
   */
  groups: IamGroup[];
  secret?: Secret;
  /** Entitlements of the principal a `scope` left out: their absence proves nothing. */
  unread: UnreadPart[];
  /** AWS calls this read made. */
  calls: number;
}

/** Options for {@link readPrincipal}. */
export interface ReadPrincipalOptions {
  /** Count into this counter (e.g. one per event); `calls` is still this read's own count. */
  counter?: CallCounter;
  /** Also read the inline policies of a user's groups: 1 + one per inline policy more per group. */
  groupInlinePolicies?: boolean;
  /** Of a user, read only these parts (the event path: what its event can have changed); all when absent. */
  scope?: UserReadScope;
}

interface Target {
  kind: PrincipalKind;
  /** User, role or group name, or the secret id. */
  id: string;
  arn?: string;
}

const IAM_KINDS: ReadonlySet<string> = new Set(['user', 'role', 'group']);

/** Resolves a ref to one target; a ref naming none, several, or an unsupported ARN is a caller error. */
function targetOf(ref: PrincipalRef): Target {
  const given = Object.entries(ref).filter(([, v]) => v !== undefined && v !== '');
  if (given.length !== 1) throw new TypeError(`readPrincipal needs exactly one of arn, userName, roleName, groupName, secretId (got ${given.length})`);
  if (ref.userName) return { kind: 'user', id: ref.userName };
  if (ref.roleName) return { kind: 'role', id: ref.roleName };
  if (ref.groupName) return { kind: 'group', id: ref.groupName };
  if (ref.secretId) return { kind: 'secret', id: ref.secretId };
  const arn = ref.arn ?? '';
  const parsed = parseArn(arn);
  if (parsed?.service === 'iam' && IAM_KINDS.has(parsed.resourceType)) return { kind: parsed.resourceType as PrincipalKind, id: parsed.name, arn };
  if (parsed?.service === 'secretsmanager' && parsed.name !== '') return { kind: 'secret', id: arn, arn };
  throw new TypeError(`readPrincipal: not an IAM user, role or group ARN nor a secret ARN: ${arn}`);
}

/**
 * A secret ARN of another region (given as `arn` or as the `secretId`) would be read in the
 * client's region and look "not found": refuse it instead. A client whose region cannot be
 * resolved is not checked; a secret named without an ARN is read where the client reads.
 */
async function checkSecretRegion(sm: Sm, target: Target): Promise<void> {
  const wanted = parseArn(target.arn ?? target.id)?.region;
  const region = await Promise.resolve(sm.config.region()).catch(() => undefined);
  if (wanted && region && wanted !== region) {
    throw new InventoryReadError('DescribeSecret', target.id, { cause: new Error(`the secret is in ${wanted}, the client reads ${region}`) });
  }
}

/** An entity read by name must be the one the ARN names (same account and path), or the read is refused. */
function checkArn(target: Target, operation: string, arn: string | undefined): void {
  if (target.arn !== undefined && arn !== undefined && arn !== target.arn) {
    throw new InventoryReadError(operation, target.arn, { cause: new Error(`read ${arn}, not the requested entity`) });
  }
}

/**
 * Targeted read of one user, role, group or secret for the event path, in the same domain shapes
 * as the full sweep. "Not found" (NoSuchEntity, ResourceNotFoundException on the first call) gives
 * `found: false`; every other failure throws {@link InventoryReadError} naming the operation.
 * The clients must belong to the account (and, for secrets, the region) the ref names: a name is
 * looked up in whatever account the IAM client reads, and a secret in whatever region its client
 * reads (the event path builds one per region: `LambdaClients.secretsIn`).
 */
export async function readPrincipal(
  clients: { iam: IAMClient; secrets: SecretsManagerClient },
  ref: PrincipalRef,
  options: ReadPrincipalOptions = {},
): Promise<TargetedRead> {
  const target = targetOf(ref);
  const counter = options.counter ?? new CallCounter();
  const before = counter.total;
  const iam = countCalls(clients.iam, counter);
  const sm = countCalls(clients.secrets, counter);
  const done = (parts: Partial<Pick<TargetedRead, 'user' | 'role' | 'group' | 'groups' | 'secret' | 'unread'>>): TargetedRead => ({
    ...parts,
    groups: parts.groups ?? [],
    unread: parts.unread ?? [],
    found: [parts.user, parts.role, parts.group, parts.secret].some((e) => e !== undefined),
    kind: target.kind,
    calls: counter.total - before,
  });

  switch (target.kind) {
    case 'user': {
      const read = await readUser(iam, target.id, { groupInlinePolicies: options.groupInlinePolicies === true, ...(options.scope ? { scope: options.scope } : {}) });
      checkArn(target, 'GetUser', read?.user.arn);
      if (!read) return done({});
      const unread = read.unread.map((u): UnreadPart => ({ principal: read.user.arn, ...u }));
      return done({ user: read.user, groups: read.groups, unread });
    }
    case 'role': {
      const role = await readRole(iam, target.id);
      checkArn(target, 'GetRole', role?.arn);
      return done(role ? { role } : {});
    }
    case 'group': {
      const group = await readGroup(iam, target.id);
      checkArn(target, 'GetGroup', group?.arn);
      return done(group ? { group } : {});
    }
    case 'secret': {
      await checkSecretRegion(sm, target);
      const secret = await readSecret(sm, target.id);
      return done(secret ? { secret } : {});
    }
  }
}
