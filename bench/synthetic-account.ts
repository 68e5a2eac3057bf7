import type { Approval } from '../lib/core/approval';
import type { AccessKey, IamGroup, IamRole, IamUser, Inventory, ManagedPolicy, Secret } from '../lib/core/inventory';

/**
 * A deterministic synthetic account shaped like a real one: service users holding none, one or two
 * access keys (some never used, some past rotation), one or two groups, AWS and customer managed
 * policies, inline policies; roles (some never used); secrets rotated by Secrets Manager, never
 * rotated by it (no LastRotatedDate), and with rotation switched on but not yet run — not a best
 * case for the engine or for the reads.
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
    keys.push({ slot, accessKeyId: accessKeyId(i, slot), active: slot === 1 || rand() < 0.7, createdAt: iso(age), ...(lastUsedAt ? { lastUsedAt, lastUsedService: 's3', lastUsedRegion: 'eu-west-1' } : {}) });
  }
  return keys;
}

/** The resources of an account of `size`, drawn from `seed`. */
export function syntheticInventory(size: AccountSize, seed = 42): Inventory {
  const rand = rng(seed);
  const groupCount = Math.max(1, size.groups);
  const policies: ManagedPolicy[] = Array.from({ length: Math.max(2, Math.floor(size.users / 50)) }, (_, i) => ({
    arn: `arn:aws:iam::${ACCOUNT}:policy/app/p${i}`, name: `p${i}`, document: statement('dynamodb:GetItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/t${i}`),
  }));
  const custom = (i: number) => ({ policyArn: policies[i % policies.length]!.arn, policyName: policies[i % policies.length]!.name });
  const groups: IamGroup[] = Array.from({ length: groupCount }, (_, i) => ({
    arn: `arn:aws:iam::${ACCOUNT}:group/g${i}`, name: `g${i}`, path: '/', attachedPolicies: [awsPolicy(i)],
    inlinePolicies: i % 4 === 0 ? [{ policyName: 'logs', document: statement('logs:PutLogEvents', '*') }] : [],
  }));
  const users: IamUser[] = Array.from({ length: size.users }, (_, i) => {
    const managed = Math.floor(rand() * 3);
    return {
      arn: `arn:aws:iam::${ACCOUNT}:user/service/u${i}`, name: `u${i}`, path: '/service/', userId: `AIDA${String(i).padStart(17, '0')}`, createdAt: iso(400 + (i % 300)),
      groups: rand() < 0.3 && groupCount > 1 ? [`g${i % groupCount}`, `g${(i + 1) % groupCount}`] : [`g${i % groupCount}`],
      attachedPolicies: [awsPolicy(i), custom(i)].slice(0, managed),
      inlinePolicies: rand() < 0.4 ? [{ policyName: 'queue', document: statement('sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT}:q${i}`) }] : [],
      tags: { team: `t${i % 7}` }, accessKeys: accessKeys(i, rand), passwordEnabled: false, mfaActive: false,
    };
  });
  const roles: IamRole[] = Array.from({ length: size.roles }, (_, i) => ({
    arn: `arn:aws:iam::${ACCOUNT}:role/r${i}`, name: `r${i}`, path: '/', roleId: `AROA${String(i).padStart(17, '0')}`, createdAt: iso(400),
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    attachedPolicies: [awsPolicy(i)], inlinePolicies: [], tags: {}, ...(rand() < 0.9 ? { lastUsedAt: iso(Math.floor(rand() * 150)) } : {}),
  }));
  const secrets: Secret[] = Array.from({ length: size.secrets }, (_, i) => {
    const kind = rand();
    const createdAt = iso(200 + Math.floor(rand() * 200));
    const lastAccessedAt = day(Math.floor(rand() * 120));
    const base = { arn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app/s${i}-${(0xabcdef + i).toString(36).slice(-6)}`, name: `app/s${i}`, createdAt, lastAccessedAt, tags: {} };
    if (kind < 0.45) {
      // Rotated by Secrets Manager: LastRotatedDate is the age of the value.
      const rotated = iso(Math.floor(rand() * 120));
      return { ...base, rotationEnabled: true, rotationDays: 30, lastRotatedAt: rotated, lastChangedAt: rotated, currentVersionCreatedAt: rotated };
    }
    // Never rotated by Secrets Manager (or rotation switched on and not run yet): no LastRotatedDate,
    // the AWSCURRENT version's creation is the age of the value.
    const changed = iso(Math.floor(rand() * 200));
    return { ...base, rotationEnabled: kind >= 0.85, ...(kind >= 0.85 ? { rotationDays: 30 } : {}), lastChangedAt: changed, currentVersionCreatedAt: changed };
  });
  return {
    accountId: ACCOUNT, readAt: iso(0), coverage: { iam: true, credentialReport: true, secrets: true },
    users, roles, groups, policies, secrets,
  };
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
  const base = { approvedBy: 'alice@example.com', risk: 'standard' as const, status: 'approved' as const };
  const policyOf = (u: IamUser, n: number) => u.attachedPolicies[n]?.policyArn ?? awsPolicy(n).policyArn;
  for (let i = 0; approvals.length < approvalCount; i++) {
    const u = users[i % users.length]!;
    const round = Math.floor(i / users.length);
    const ticketId = `CHG-${i}`;
    const approvedAt = iso(30 + round);
    // Round 0 approves what exists; later rounds add history (expired, revoked) and intent not yet in AWS.
    const kind = round === 0 ? i % 5 : 5 + (i % 4);
    const a: Approval =
      kind === 0 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'identity' }, approvedAt }
      : kind === 1 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'managed-policy', policyArn: policyOf(u, 0) }, approvedAt }
      : kind === 2 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'group-membership', group: u.groups[0]! }, approvedAt }
      : kind === 3 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'access-key', maxKeys: 1 }, approvedAt }
      : kind === 4 ? { ...base, ticketId, principal: roles[i % Math.max(1, roles.length)]?.arn ?? u.arn, entitlement: { kind: 'identity' }, approvedAt }
      : kind === 5 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'managed-policy', policyArn: policyOf(u, 1) }, approvedAt, expiresAt: iso(5) }
      : kind === 6 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'group-membership', group: `g${(i + 1) % groupCount}` }, approvedAt, status: 'revoked' }
      : kind === 7 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'inline-policy', policyName: 'queue' }, approvedAt }
      : { ...base, ticketId, principal: secrets[i % Math.max(1, secrets.length)]?.arn ?? u.arn, entitlement: { kind: 'secret' }, approvedAt };
    approvals.push(a);
  }
  return { inventory, approvals };
}
