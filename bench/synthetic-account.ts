import { defined } from '../lib/aws-shapes/defined';
import type { Approval, ApprovedEntitlement } from '../lib/core/approval';
import type { AccessKey, IamGroup, IamRole, IamUser, Inventory, ManagedPolicy, Secret } from '../lib/core/inventory';

/**
 * A deterministic synthetic account shaped like a real one: service users holding none, one or two
 * access keys (some never used, some past rotation), one or two groups, AWS and customer managed
 * policies, inline policies; roles (some never used); secrets rotated by Secrets Manager, never
 * rotated by it (no LastRotatedDate), and with rotation switched on but not yet run — not a best
 * case for the engine or for the reads. Records are built the way the product's parsers build them
 * (same fields, same order, same construction), so the engine sees the object shapes it sees in a
 * sweep: GAAD and report literals joined by spreads, approvals rebuilt field by field after zod.
 */
export interface SyntheticAccount {
  inventory: Inventory;
  approvals: Approval[];
}

/** How many of each kind of resource the account holds. */
export interface AccountSize {
  users: number;
  roles: number;
  groups: number;
  secrets: number;
}

export const ACCOUNT = '123456789012';
const NOW = Date.parse('2026-11-20T00:00:00Z');
export const BENCH_NOW = new Date(NOW).toISOString();
/** Whole seconds, as IAM and the credential report give them. */
const iso = (daysAgo: number) => new Date(Math.floor((NOW - daysAgo * 86_400_000) / 1000) * 1000).toISOString();
const day = (daysAgo: number) => iso(daysAgo).slice(0, 10) + 'T00:00:00.000Z';
const AWS_POLICIES = ['ReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'AmazonSQSFullAccess', 'AmazonDynamoDBReadOnlyAccess', 'CloudWatchLogsFullAccess', 'AmazonS3FullAccess'];
const awsPolicy = (i: number) => ({ policyArn: `arn:aws:iam::aws:policy/${AWS_POLICIES[i % AWS_POLICIES.length]}`, policyName: AWS_POLICIES[i % AWS_POLICIES.length]! });
const statement = (action: string, resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

/** A small deterministic PRNG (mulberry32), so every run measures the same account. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 20-character access key id, unique per user index and slot. */
export const accessKeyId = (user: number, slot: 1 | 2) => `AKIA${String(user).padStart(15, '0')}${slot}`;

function accessKeys(i: number, rand: () => number): AccessKey[] {
  const r = rand();
  const count = r < 0.1 ? 0 : r < 0.85 ? 1 : 2;
  const keys: AccessKey[] = [];
  for (const slot of ([1, 2] as const).slice(0, count)) {
    // Mostly rotated within 90 days; a tenth past it (stale).
    const age = rand() < 0.1 ? 120 + Math.floor(rand() * 300) : Math.floor(rand() * 80) + 1;
    const u = rand();
    // A few never used (N/A in the report), a few unused for longer than 45 days.
    const lastUsedAt = u < 0.08 ? undefined : iso(u < 0.13 ? Math.min(age, 60 + Math.floor(rand() * 60)) : Math.min(age, Math.floor(rand() * 10)));
    // The credential report's slot (lib/aws-shapes/credential-report.ts), with the key id a targeted read adds.
    const active = slot === 1 || rand() < 0.7;
    keys.push({ slot, accessKeyId: accessKeyId(i, slot), active, createdAt: iso(age), ...defined({ lastUsedAt, lastUsedService: lastUsedAt && 's3', lastUsedRegion: lastUsedAt && 'eu-west-1' }) });
  }
  return keys;
}

/** The resources of an account of `size`, drawn from `seed`. */
export function syntheticInventory(size: AccountSize, seed = 42): Inventory {
  const rand = rng(seed);
  const groupCount = Math.max(1, size.groups);
  const policies: ManagedPolicy[] = Array.from({ length: Math.max(2, Math.floor(size.users / 50)) }, (_, i) => {
    const policy: ManagedPolicy = { arn: `arn:aws:iam::${ACCOUNT}:policy/app/p${i}`, name: `p${i}` };
    policy.document = statement('dynamodb:GetItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/t${i}`);
    return policy;
  });
  const custom = (i: number) => ({ policyArn: policies[i % policies.length]!.arn, policyName: policies[i % policies.length]!.name });
  const groups: IamGroup[] = Array.from({ length: groupCount }, (_, i) => ({
    arn: `arn:aws:iam::${ACCOUNT}:group/g${i}`, name: `g${i}`, path: '/', attachedPolicies: [awsPolicy(i)],
    inlinePolicies: i % 4 === 0 ? [{ policyName: 'logs', document: statement('logs:PutLogEvents', '*') }] : [],
  }));
  const users: IamUser[] = Array.from({ length: size.users }, (_, i) => {
    const managed = Math.floor(rand() * 3);
    // GAAD's user (lib/aws-shapes/gaad.ts), then joined with its credential report row.
    const gaad: IamUser = {
      arn: `arn:aws:iam::${ACCOUNT}:user/service/u${i}`, name: `u${i}`, path: '/service/', userId: `AIDA${String(i).padStart(17, '0')}`, createdAt: iso(400 + (i % 300)),
      groups: rand() < 0.3 && groupCount > 1 ? [`g${i % groupCount}`, `g${(i + 1) % groupCount}`] : [`g${i % groupCount}`],
      attachedPolicies: [awsPolicy(i), custom(i)].slice(0, managed),
      inlinePolicies: rand() < 0.4 ? [{ policyName: 'queue', document: statement('sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT}:q${i}`) }] : [],
      tags: Object.fromEntries([['team', `t${i % 7}`]]), accessKeys: [],
    };
    return { ...gaad, accessKeys: accessKeys(i, rand), ...defined({ passwordEnabled: false, passwordLastUsedAt: undefined, mfaActive: false }) };
  });
  const roles: IamRole[] = Array.from({ length: size.roles }, (_, i) => {
    const role: IamRole = {
      arn: `arn:aws:iam::${ACCOUNT}:role/r${i}`, name: `r${i}`, path: '/', roleId: `AROA${String(i).padStart(17, '0')}`, createdAt: iso(400),
      trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      attachedPolicies: [awsPolicy(i)], inlinePolicies: [], tags: {},
    };
    if (rand() < 0.9) role.lastUsedAt = iso(Math.floor(rand() * 150));
    return role;
  });
  const secrets: Secret[] = Array.from({ length: size.secrets }, (_, i) => {
    const kind = rand();
    const createdAt = iso(200 + Math.floor(rand() * 200));
    const lastAccessedAt = day(Math.floor(rand() * 120));
    const arn = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app/s${i}-${(0xabcdef + i).toString(36).slice(-6)}`;
    // ListSecrets' entry (lib/aws-shapes/list-secrets.ts), then the AWSCURRENT version's creation.
    const listed = (rotationEnabled: boolean, rotationDays: number | undefined, lastRotatedAt: string | undefined, lastChangedAt: string): Secret => ({
      arn, name: `app/s${i}`, rotationEnabled, tags: {},
      ...defined({ createdAt, rotationDays, lastRotatedAt, lastChangedAt, lastAccessedAt, deletedAt: undefined, owningService: undefined }),
    });
    if (kind < 0.45) {
      // Rotated by Secrets Manager: LastRotatedDate is the age of the value.
      const rotated = iso(Math.floor(rand() * 120));
      return { ...listed(true, 30, rotated, rotated), currentVersionCreatedAt: rotated };
    }
    // Never rotated by Secrets Manager (or rotation switched on and not run yet): no LastRotatedDate,
    // the AWSCURRENT version's creation is the age of the value.
    const changed = iso(Math.floor(rand() * 200));
    return { ...listed(kind >= 0.85, kind >= 0.85 ? 30 : undefined, undefined, changed), currentVersionCreatedAt: changed };
  });
  return {
    accountId: ACCOUNT, readAt: iso(0), coverage: { iam: true, credentialReport: true, secrets: true },
    users, roles, groups, policies, secrets,
  };
}

/**
 * An approval as `approvalSchema` returns it (lib/approvals/approval-schema.ts): its fields in the
 * schema's order, absent ones left out, each object built key by key (zod, then `withoutUndefined`).
 */
export function parsedApproval(a: Approval): Approval {
  const { ticketId, principal, entitlement, approvedBy, owner, ticketUrl, approvedAt, expiresAt, risk, status } = a;
  const { provisionedAt, verifiedAt, provisioningGraceHours, exempt, exemptReason } = a;
  const fields = { ticketId, principal, entitlement: Object.fromEntries(Object.entries(entitlement)), approvedBy, owner, ticketUrl, approvedAt, expiresAt, risk, status, provisionedAt, verifiedAt, provisioningGraceHours, exempt, exemptReason };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as unknown as Approval;
}

/**
 * `principals` users, roles and groups (70/25/5 %), secrets at a tenth of that, and `approvals`
 * records covering every outcome (matching, missing, drifted, expired, historic).
 */
export function syntheticAccount(principals: number, approvalCount: number, seed = 42): SyntheticAccount {
  const groupCount = Math.max(1, Math.floor(principals * 0.05));
  const roleCount = Math.floor(principals * 0.25);
  const inventory = syntheticInventory({ users: principals - groupCount - roleCount, roles: roleCount, groups: groupCount, secrets: Math.floor(principals / 10) }, seed);
  const { users, roles, secrets } = inventory;
  const approvals: Approval[] = [];
  const approvedBy = 'alice@example.com';
  const policyOf = (u: IamUser, n: number) => u.attachedPolicies[n]?.policyArn ?? awsPolicy(n).policyArn;
  for (let i = 0; approvals.length < approvalCount; i++) {
    const u = users[i % users.length]!;
    const round = Math.floor(i / users.length);
    const ticketId = `CHG-${i}`;
    const approvedAt = iso(30 + round);
    // Round 0 approves what exists; later rounds add history (expired, revoked) and intent not yet in AWS.
    const kind = round === 0 ? i % 5 : 5 + (i % 4);
    const approve = (principal: string, entitlement: ApprovedEntitlement, more: Partial<Approval> = {}) =>
      parsedApproval({ ticketId, principal, entitlement, approvedBy, approvedAt, risk: 'standard', status: 'approved', ...more });
    const a =
      kind === 0 ? approve(u.arn, { kind: 'identity' })
      : kind === 1 ? approve(u.arn, { kind: 'managed-policy', policyArn: policyOf(u, 0) })
      : kind === 2 ? approve(u.arn, { kind: 'group-membership', group: u.groups[0]! })
      : kind === 3 ? approve(u.arn, { kind: 'access-key', maxKeys: 1 })
      : kind === 4 ? approve(roles[i % Math.max(1, roles.length)]?.arn ?? u.arn, { kind: 'identity' })
      : kind === 5 ? approve(u.arn, { kind: 'managed-policy', policyArn: policyOf(u, 1) }, { expiresAt: iso(5) })
      : kind === 6 ? approve(u.arn, { kind: 'group-membership', group: `g${(i + 1) % groupCount}` }, { status: 'revoked' })
      : kind === 7 ? approve(u.arn, { kind: 'inline-policy', policyName: 'queue' })
      : approve(secrets[i % Math.max(1, secrets.length)]?.arn ?? u.arn, { kind: 'secret' });
    approvals.push(a);
  }
  return { inventory, approvals };
}
