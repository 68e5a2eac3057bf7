import type { Approval } from '../lib/core/approval';
import type { IamGroup, IamRole, IamUser, Inventory, Secret } from '../lib/core/inventory';

/**
 * A deterministic synthetic account: `principals` users, roles and groups (70/25/5 %), secrets at a
 * tenth of that, and `approvals` records covering every outcome (matching, missing, drifted, expired,
 * historic) — the shape of a large real account, not a best case for the engine.
 */
export interface SyntheticAccount {
  inventory: Inventory;
  approvals: Approval[];
}

const ACCOUNT = '123456789012';
const NOW = Date.parse('2026-11-20T00:00:00Z');
const iso = (daysAgo: number) => new Date(NOW - daysAgo * 86_400_000).toISOString();
const POLICIES = ['ReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'AmazonSQSFullAccess', 'AmazonDynamoDBReadOnlyAccess', 'CloudWatchLogsFullAccess', 'AmazonS3FullAccess'];
const policy = (i: number) => ({ policyArn: `arn:aws:iam::aws:policy/${POLICIES[i % POLICIES.length]}`, policyName: POLICIES[i % POLICIES.length]! });

/** A small deterministic PRNG (mulberry32), so every run measures the same account. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticAccount(principals: number, approvalCount: number, seed = 42): SyntheticAccount {
  const rand = rng(seed);
  const groupCount = Math.max(1, Math.floor(principals * 0.05));
  const roleCount = Math.floor(principals * 0.25);
  const userCount = principals - groupCount - roleCount;
  const groups: IamGroup[] = Array.from({ length: groupCount }, (_, i) => ({
    arn: `arn:aws:iam::${ACCOUNT}:group/g${i}`, name: `g${i}`, path: '/', attachedPolicies: [policy(i)], inlinePolicies: [],
  }));
  const users: IamUser[] = Array.from({ length: userCount }, (_, i) => ({
    arn: `arn:aws:iam::${ACCOUNT}:user/service/u${i}`, name: `u${i}`, path: '/service/', userId: `AIDA${i}`, createdAt: iso(500),
    groups: [`g${i % groupCount}`], attachedPolicies: [policy(i), policy(i + 1)],
    inlinePolicies: [{ policyName: 'inline', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:q${i}` }] } }],
    tags: {}, accessKeys: [{ slot: 1, active: true, createdAt: iso(Math.floor(rand() * 200)), lastUsedAt: iso(Math.floor(rand() * 80)) }],
  }));
  const roles: IamRole[] = Array.from({ length: roleCount }, (_, i) => ({
    arn: `arn:aws:iam::${ACCOUNT}:role/r${i}`, name: `r${i}`, path: '/', roleId: `AROA${i}`, createdAt: iso(400),
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    attachedPolicies: [policy(i)], inlinePolicies: [], tags: {}, ...(rand() < 0.9 ? { lastUsedAt: iso(Math.floor(rand() * 150)) } : {}),
  }));
  const secrets: Secret[] = Array.from({ length: Math.floor(principals / 10) }, (_, i) => ({
    arn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app/s${i}-AbCdEf`, name: `app/s${i}`, createdAt: iso(300),
    rotationEnabled: rand() < 0.8, lastRotatedAt: iso(Math.floor(rand() * 120)), lastAccessedAt: iso(Math.floor(rand() * 120)).slice(0, 10) + 'T00:00:00.000Z', tags: {},
  }));

  const approvals: Approval[] = [];
  const base = { approvedBy: 'alice@example.com', risk: 'standard' as const, status: 'approved' as const };
  for (let i = 0; approvals.length < approvalCount; i++) {
    const u = users[i % users.length]!;
    const round = Math.floor(i / users.length);
    const ticketId = `CHG-${i}`;
    const approvedAt = iso(30 + round);
    // Round 0 approves what exists; later rounds add history (expired, revoked) and intent not yet in AWS.
    const kind = round === 0 ? i % 5 : 5 + (i % 4);
    const a: Approval =
      kind === 0 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'identity' }, approvedAt }
      : kind === 1 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'managed-policy', policyArn: u.attachedPolicies[0]!.policyArn }, approvedAt }
      : kind === 2 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'group-membership', group: u.groups[0]! }, approvedAt }
      : kind === 3 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'access-key', maxKeys: 1 }, approvedAt }
      : kind === 4 ? { ...base, ticketId, principal: roles[i % Math.max(1, roles.length)]?.arn ?? u.arn, entitlement: { kind: 'identity' }, approvedAt }
      : kind === 5 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'managed-policy', policyArn: u.attachedPolicies[1]!.policyArn }, approvedAt, expiresAt: iso(5) }
      : kind === 6 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'group-membership', group: `g${(i + 1) % groupCount}` }, approvedAt, status: 'revoked' }
      : kind === 7 ? { ...base, ticketId, principal: u.arn, entitlement: { kind: 'inline-policy', policyName: 'inline' }, approvedAt }
      : { ...base, ticketId, principal: secrets[i % Math.max(1, secrets.length)]?.arn ?? u.arn, entitlement: { kind: 'secret' }, approvedAt };
    approvals.push(a);
  }
  return {
    inventory: {
      accountId: ACCOUNT, readAt: iso(0), coverage: { iam: true, credentialReport: true, secrets: true },
      users, roles, groups, policies: [], secrets,
    },
    approvals,
  };
}

export const BENCH_NOW = new Date(NOW).toISOString();
